package dev.flowsmith.ui;

import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;
import dev.flowsmith.ui.keyframes.KeyframeEditModel;
import dev.flowsmith.ui.keyframes.KeyframeEditView;

import dev.flowsmith.editing.keyframes.BuiltInEdit;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
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

/** The keyframe strip: find keyframes with a built-in edit, propagate as a job, drift meter, add a keyframe. */
@ExtendWith(ApplicationExtension.class)
class KeyframeEditViewTest {
    @TempDir
    static Path dir;
    private final JobQueueModel jobs = new JobQueueModel();
    private KeyframeEditModel model;

    @Start
    void start(Stage stage) {
        System.setProperty("flowsmith.cache", dir.resolve("cache").toString());
        model = new KeyframeEditModel(jobs);
        model.videoProperty().set(SharedData.file("videos/tokenflow/data/wolf.mp4"));
        KeyframeEditView view = new KeyframeEditView(model, t -> dir.resolve("kf"), t -> dir.resolve("propagated.mp4"));
        stage.setScene(new Scene(view, 900, 360));
        stage.show();
    }

    @Test
    void findPropagateAndAddAKeyframe(FxRobot robot) throws Exception {
        robot.interact(() -> model.editProperty().set(BuiltInEdit.GRADE));
        robot.clickOn("#findKeyframesButton");
        FxTestSupport.waitUntil(60, () -> !model.keyframes().isEmpty() && !model.busyProperty().get());
        @SuppressWarnings("unchecked")
        ListView<Integer> strip = robot.lookup("#keyframeStrip").queryAs(ListView.class);
        assertThat(strip.getItems()).hasSameSizeAs(model.keyframes());
        assertThat(robot.lookup("#keyframeMessage").queryLabeled().getText()).contains("keyframes written");
        for (int k : model.keyframes()) {
            assertThat(dir.resolve("kf").resolve(String.format("keyframe-%06d.png", k))).exists();
        }

        robot.clickOn("#propagateButton");
        FxTestSupport.waitUntil(120, () -> model.confidenceProperty().get() != null);
        assertThat(MediaProbe.probe(dir.resolve("propagated.mp4")).requireVideo().frameCount()).isEqualTo(40);
        assertThat(model.confidenceProperty().get()).hasSize(40);
        assertThat(jobs.jobs().get(0).state()).isEqualTo(JobModel.State.DONE);

        int before = model.keyframes().size();
        int free = 0;
        while (model.keyframes().contains(free)) {
            free++;
        }
        int frame = free;
        robot.interact(() -> model.addKeyframe(frame));
        FxTestSupport.waitUntil(30, () -> model.keyframes().size() == before + 1);
        assertThat(Files.readString(dir.resolve("kf/keyframes.json"))).contains("\"keyframe\" : " + frame);
    }

    /** A prompt edits the found keyframes together as a job; the strip then shows the edited ones, the originals kept. */
    @Test
    void aPromptEditsTheKeyframesTogether(FxRobot robot) throws Exception {
        Path kf = dir.resolve("kf-text");
        KeyframeEditView view = (KeyframeEditView) robot.lookup("#keyframeEditor").query();
        robot.interact(() -> model.editProperty().set(null));
        robot.interact(() -> model.findKeyframes(kf));
        FxTestSupport.waitUntil(60, () -> !model.keyframes().isEmpty() && !model.busyProperty().get());
        javafx.scene.control.Button edit = robot.lookup("#editKeyframesButton").queryButton();
        assertThat(edit.isDisabled()).as("no prompt yet").isTrue();
        robot.clickOn("#keyframePrompt").write("a watercolour painting");
        assertThat(edit.isDisabled()).isFalse();
        robot.clickOn("#editKeyframesButton");
        assertThat(robot.lookup("#keyframeMessage").queryLabeled().getText()).contains("Stable Diffusion folder");
        Path sd = dev.flowsmith.diffusion.TinyStableDiffusion.copyTo(dir.resolve("tiny-sd"));
        robot.interact(() -> model.sdModelProperty().set(sd));
        assertThat(robot.lookup("#sdModelName").queryLabeled().getText()).isEqualTo("tiny-sd");
        int first = model.keyframes().get(0);
        byte[] before = Files.readAllBytes(kf.resolve(String.format("keyframe-%06d.png", first)));
        @SuppressWarnings("unchecked")
        javafx.scene.control.Spinner<Integer> steps = robot.lookup("#editSteps").query();
        @SuppressWarnings("unchecked")
        javafx.scene.control.Spinner<Double> strength = robot.lookup("#editStrength").query();
        assertThat(steps.getValue()).isEqualTo(50);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ChoiceBox<KeyframeEditView.DeviceChoice> device = robot.lookup("#editDevice").query();
        assertThat(device.getValue().spec()).as("the host by default").isNull();
        // an OpenCL device where there is one (PoCL in CI): the edit runs there and says so
        KeyframeEditView.DeviceChoice chosen = device.getItems().get(device.getItems().size() - 1);
        robot.interact(() -> {
            steps.getValueFactory().setValue(8);
            strength.getValueFactory().setValue(0.75);
            device.setValue(chosen);
        });
        robot.clickOn("#editKeyframesButton");
        FxTestSupport.waitUntil(120, () -> !jobs.jobs().isEmpty() && jobs.jobs().get(0).title().startsWith("Edit keyframes")
                && jobs.jobs().get(0).state() == JobModel.State.DONE && !model.busyProperty().get());
        assertThat(robot.lookup("#keyframeMessage").queryLabeled().getText()).contains("edited together")
                .contains(chosen.spec() == null ? "on the host" : "on device " + chosen.spec());
        assertThat(Files.readAllBytes(kf.resolve(String.format("keyframe-%06d.png", first)))).isNotEqualTo(before);
        assertThat(Files.readAllBytes(kf.resolve("source").resolve(String.format("keyframe-%06d.png", first)))).isEqualTo(before);
        assertThat(Files.readString(kf.resolve("edit.json"))).as("the chosen steps and strength were used")
                .contains("\"steps\" : 8").contains("\"strength\" : 0.75");
        assertThat(view).isNotNull();
    }
}
