package dev.flowsmith.ui;

import dev.flowsmith.ui.bin.MediaBinModel;
import dev.flowsmith.ui.bin.MediaBinView;
import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.jobs.JobQueueModel;

import dev.flowsmith.media.SharedData;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MediaBinViewTest {
    private MediaBinModel model;
    private MediaBinView view;
    private final FxTestSupport.RecordingDesktop desktop = new FxTestSupport.RecordingDesktop();
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        model = new MediaBinModel(new JobQueueModel());
        view = new MediaBinView(model, desktop, () -> { });
        stage.setScene(new Scene(view, 500, 500));
        stage.show();
    }

    @Test
    void droppedFilesAppearWithMetadataOrAnInlineError(FxRobot robot) throws Exception {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path notes = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(20));
        robot.interact(() -> view.handleDroppedFiles(List.of(flower.toFile(), notes.toFile())));
        assertThat(model.items()).hasSize(2);
        FxTestSupport.waitUntil(30, () -> model.items().stream().noneMatch(i -> i.state() == MediaItem.State.LOADING));

        MediaItem ok = model.items().get(0), bad = model.items().get(1);
        assertThat(ok.state()).isEqualTo(MediaItem.State.READY);
        assertThat(ok.summary()).contains("960x540").contains("29.97 fps").contains("h264").contains("0:05.1");
        assertThat(ok.thumbnailProperty().get()).isNotNull();
        assertThat(bad.state()).isEqualTo(MediaItem.State.FAILED);
        Label meta = robot.lookup("#itemMeta").queryAs(Label.class);
        assertThat(meta.getText()).contains("960x540");
        Label error = robot.lookup("#itemError").queryAs(Label.class);
        assertThat(error.getText()).contains("notes.mp4").isEqualTo(bad.errorProperty().get());
    }

    @Test
    void foldersAreSearchedAndRemoveAndRevealWork(FxRobot robot) {
        Path folder = SharedData.file("videos/tokenflow/data/wolf.mp4").getParent();
        robot.interact(() -> view.handleDroppedFiles(List.of(folder.toFile())));
        assertThat(model.items()).extracting(MediaItem::name).containsExactly("wolf.mp4", "woman-running.mp4");
        robot.clickOn("wolf.mp4");
        robot.clickOn("#revealButton");
        assertThat(desktop.revealed).hasSize(1);
        assertThat(desktop.revealed.get(0).getFileName().toString()).isEqualTo("wolf.mp4");
        robot.clickOn("#removeButton");
        assertThat(model.items()).extracting(MediaItem::name).containsExactly("woman-running.mp4");
    }

    @Test
    void twoHundredFilesImportWithoutBlockingTheFxThread(FxRobot robot) throws Exception {
        Path flower = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        List<File> many = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(Files.createSymbolicLink(dir.resolve("clip" + i + ".mp4"), flower).toFile());
        }
        long[] stillLoading = new long[1];
        robot.interact(() -> {
            view.handleDroppedFiles(many);
            // measured on the FX thread right after the drop returned: probing happens in the background
            stillLoading[0] = model.items().stream().filter(i -> i.state() == MediaItem.State.LOADING).count();
        });
        assertThat(model.items()).hasSize(200);
        assertThat(stillLoading[0]).as("items still being probed when the drop returned").isGreaterThan(100);
        FxTestSupport.waitUntil(120, () -> model.items().stream().allMatch(i -> i.state() == MediaItem.State.READY));
    }
}
