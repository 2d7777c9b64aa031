package dev.flowsmith.ui;

import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.common.Theme;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.viewer.ViewerModel;

import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole window: import a clip, transcode it from the inspector, compare the result, switch theme, remember layout. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        StudioSettings settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1150); // room for the inspector's form above the timeline
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    @Test
    void importTranscodeCompareAndRememberTheTheme(FxRobot robot) throws Exception {
        Path clip = SharedData.file("videos/tokenflow/data/wolf.mp4");
        FxTestSupport.waitUntil(10, () -> window.layoutSettled()); // the saved layout is set again once the window is up
        robot.interact(() -> window.open(List.of(clip)));
        FxTestSupport.waitUntil(30, () -> window.viewerModel().itemProperty().get() != null);
        FxTestSupport.waitUntil(30, () -> window.viewer().beforeView().shownIndex() == 0);
        assertThat(robot.lookup("#inspectorDetails").queryLabeled().getText()).contains("wolf.mp4").contains("512x512");

        Path out = dir.resolve("wolf-h264.mp4");
        TextField output = robot.lookup("#outputPath").queryAs(TextField.class);
        robot.interact(() -> output.setText(out.toString()));
        FxTestSupport.scrollIntoView(robot, "#crfSpinner");
        robot.clickOn("#crfSpinner").eraseText(2).write("30");
        FxTestSupport.scrollIntoView(robot, "#transcodeButton");
        robot.clickOn("#transcodeButton");
        FxTestSupport.waitUntil(60, () -> !window.jobs().jobs().isEmpty()
                && window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        assertThat(MediaProbe.probe(out).requireVideo().frameCount()).isEqualTo(40);
        // the finished result opens in the viewer's compare mode
        assertThat(window.viewerModel().compareWithProperty().get()).isEqualTo(out.toAbsolutePath());
        assertThat(window.viewerModel().compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.WIPE);

        // transcoding again to the same file asks first; declining starts nothing and keeps the file
        java.util.List<Path> asked = new java.util.ArrayList<>();
        window.inspector().setConfirmOverwrite(p -> {
            asked.add(p);
            return false;
        });
        long size = java.nio.file.Files.size(out);
        int jobsBefore = window.jobs().jobs().size();
        FxTestSupport.scrollIntoView(robot, "#transcodeButton");
        robot.clickOn("#transcodeButton");
        assertThat(asked).containsExactly(out.toAbsolutePath());
        assertThat(window.jobs().jobs()).hasSize(jobsBefore);
        assertThat(java.nio.file.Files.size(out)).isEqualTo(size);

        robot.interact(() -> window.setTheme(Theme.LIGHT));
        robot.interact(() -> window.stage().close());
        StudioSettings reread = new StudioSettings(dir.resolve("cfg/studio.properties"));
        assertThat(reread.get("theme", "?")).isEqualTo("LIGHT");
        assertThat(reread.getDouble("window.width", 0)).isGreaterThan(100);
    }
}
