package dev.flowsmith.ui;

import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;
import dev.flowsmith.ui.jobs.JobQueueView;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.Transcoder;
import dev.flowsmith.media.VideoCodec;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class JobQueueViewTest {
    private final JobQueueModel model = new JobQueueModel();
    private final FxTestSupport.RecordingDesktop desktop = new FxTestSupport.RecordingDesktop();
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new JobQueueView(model, desktop), 1100, 300));
        stage.show();
    }

    @Test
    void cancelledTranscodeLeavesNoOutput(FxRobot robot) throws Exception {
        Path in = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path out = dir.resolve("slow.mp4");
        JobModel[] job = new JobModel[1];
        robot.interact(() -> job[0] = model.transcode(new Transcoder.Request(in, out,
                new EncoderSettings(VideoCodec.H265, 22, "veryslow", 8), false)));
        FxTestSupport.waitUntil(30, () -> job[0].progressProperty().get() > 0);
        robot.clickOn("#cancelJobButton");
        FxTestSupport.waitUntil(30, () -> job[0].state() == JobModel.State.CANCELLED);
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).as("no output, no temp file").isEmpty();
        }
        assertThat(robot.lookup("#cancelJobButton").query().isVisible()).isFalse();
    }

    @Test
    void finishedJobOffersOpenAndRevealAndFailedJobExplainsItself(FxRobot robot) throws Exception {
        Path in = SharedData.file("videos/tokenflow/data/wolf.mp4");
        Path out = dir.resolve("wolf.mkv");
        JobModel[] ok = new JobModel[1];
        robot.interact(() -> ok[0] = model.transcode(new Transcoder.Request(in, out,
                new EncoderSettings(VideoCodec.H264, 30, "ultrafast", 8), false)));
        FxTestSupport.waitUntil(60, () -> ok[0].state() == JobModel.State.DONE);
        assertThat(out).isRegularFile();
        robot.clickOn("#openOutputButton");
        robot.clickOn("#revealOutputButton");
        assertThat(desktop.opened).containsExactly(out.toAbsolutePath());
        assertThat(desktop.revealed).containsExactly(out.toAbsolutePath());

        Path bad = Files.writeString(dir.resolve("broken.mp4"), "nope".repeat(100));
        JobModel[] failed = new JobModel[1];
        robot.interact(() -> failed[0] = model.transcode(new Transcoder.Request(bad, dir.resolve("x.mp4"),
                new EncoderSettings(VideoCodec.H264, 30, "ultrafast", 8), false)));
        FxTestSupport.waitUntil(30, () -> failed[0].state() == JobModel.State.FAILED);
        assertThat(robot.lookup("#jobError").queryLabeled().getText()).contains("broken.mp4");
        Node details = robot.lookup("#jobDetails").query();
        assertThat(details.isVisible()).isFalse();
        robot.clickOn("#jobDetailsToggle");
        assertThat(details.isVisible()).isTrue();
        assertThat(robot.lookup("#jobDetails").queryLabeled().getText()).isNotBlank();
    }
}
