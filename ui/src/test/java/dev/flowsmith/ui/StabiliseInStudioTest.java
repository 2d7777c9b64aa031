package dev.flowsmith.ui;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.restoration.RestoreRecipe;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.SyntheticShake;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.viewer.ViewerModel;
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

/**
 * Stabilise from the inspector's Restore section: a shaken clip (Vid4 city cut by a window that jumps about, made by
 * FFmpeg) comes back steadier, at the same size and frame count, and opens against its source.
 */
@ExtendWith(ApplicationExtension.class)
class StabiliseInStudioTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        StudioSettings settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1150);
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }


    @Test
    @SuppressWarnings("unchecked")
    void aShakenClipIsStabilisedFromTheInspector(FxRobot robot) throws Exception {
        Path shaken = dir.resolve("shaken.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-framerate", "25", "-i",
                SharedData.file("vid4/city/Frame 001.png").getParent().resolve("Frame %03d.png").toString(), "-frames:v", "25", "-vf",
                "crop=w=640:h=512:x=32+14*sin(n*2.1)+9*sin(n*5.3):y=32+12*sin(n*1.7+1)+8*sin(n*4.1)", "-c:v", "ffv1", "-pix_fmt", "yuv420p",
                shaken.toString()));
        FxTestSupport.waitUntil(10, () -> window.layoutSettled());
        robot.interact(() -> window.open(List.of(shaken)));
        FxTestSupport.waitUntil(30, () -> window.viewerModel().itemProperty().get() != null);
        FxTestSupport.waitUntil(30, () -> !robot.lookup("#restoreButton").queryButton().isDisabled());
        ChoiceBox<RestoreRecipe.Task> task = robot.lookup("#restoreTask").queryAs(ChoiceBox.class);
        robot.interact(() -> task.setValue(RestoreRecipe.Task.STABILISE));
        assertThat(robot.lookup("#restoreMethod").query().isDisabled()).as("classical only").isTrue();
        assertThat(robot.lookup("#restoreSrMethod").query().isVisible()).isFalse();
        assertThat(robot.lookup("#restoreRadius").query().isVisible()).isFalse();
        TextField output = robot.lookup("#restoreOutput").queryAs(TextField.class);
        assertThat(output.getText()).endsWith("shaken-stabilised.mp4");
        Path out = dir.resolve("shaken-stabilised.mkv");
        robot.interact(() -> output.setText(out.toString()));
        FxTestSupport.scrollIntoView(robot, "#restoreButton");
        robot.clickOn("#restoreButton");
        FxTestSupport.waitUntil(10, () -> !window.jobs().jobs().isEmpty());
        JobModel job = window.jobs().jobs().get(0);
        FxTestSupport.waitUntil(150, () -> job.state() != JobModel.State.RUNNING);
        assertThat(job.state()).as(job.title() + ": " + job.errorProperty().get()).isEqualTo(JobModel.State.DONE);
        var v = MediaProbe.probe(out).requireVideo();
        assertThat(v.displayWidth()).isEqualTo(640);
        assertThat(v.frameCount()).isEqualTo(25);
        double before = SyntheticShake.interframeFidelity(Frames.decode(shaken), 8), after = SyntheticShake.interframeFidelity(Frames.decode(out), 8);
        assertThat(after - before).as("ITF gain, dB (%.2f -> %.2f)", before, after).isGreaterThan(3);
        FxTestSupport.waitUntil(10, () -> out.toAbsolutePath().equals(window.viewerModel().compareWithProperty().get()));
        assertThat(window.viewerModel().compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.WIPE);
    }
}
