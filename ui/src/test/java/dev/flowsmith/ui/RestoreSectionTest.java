package dev.flowsmith.ui;

import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.inspector.RestoreSection;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.viewer.ViewerModel;

import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.restoration.RestoreRecipe;
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

/** The inspector's Restore section: a real clip super-resolved x2 from the studio, and the generative tier without its models. */
@ExtendWith(ApplicationExtension.class)
class RestoreSectionTest {
    @TempDir
    static Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        System.setProperty("flowsmith.models", dir.resolve("models").toString()); // an empty model store
        StudioSettings settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1150); // the headless screen is 1920x1200
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    @Test
    @SuppressWarnings("unchecked")
    void superResolveAClipFromTheInspectorAndExplainMissingModels(FxRobot robot) throws Exception {
        Path clip = SharedData.file("videos/tokenflow/data/wolf.mp4");
        Button restore = robot.lookup("#restoreButton").queryButton();
        assertThat(restore.isDisabled()).isTrue(); // nothing selected
        FxTestSupport.waitUntil(10, () -> window.layoutSettled()); // the saved layout is set again once the window is up
        robot.interact(() -> window.open(List.of(clip)));
        FxTestSupport.waitUntil(30, () -> window.viewerModel().itemProperty().get() != null);
        FxTestSupport.waitUntil(30, () -> !restore.isDisabled());

        ChoiceBox<String> method = robot.lookup("#restoreMethod").queryAs(ChoiceBox.class);
        robot.interact(() -> method.setValue(RestoreSection.GENERATIVE));
        assertThat(restore.isDisabled()).isTrue();
        assertThat(robot.lookup("#restoreNote").queryLabeled().getText()).contains("models download dit-xl-2-256 sd-vae-ft-mse");
        robot.interact(() -> method.setValue(RestoreSection.CLASSICAL));
        assertThat(restore.isDisabled()).isFalse();

        ChoiceBox<RestoreRecipe.Task> task = robot.lookup("#restoreTask").queryAs(ChoiceBox.class);
        // the command line's settings, by task, with presets
        ChoiceBox<RestoreRecipe.Preset> preset = robot.lookup("#restorePreset").queryAs(ChoiceBox.class);
        robot.interact(() -> preset.setValue(preset.getItems().get(2))); // denoise: Strong
        assertThat(window.inspector().restoreSection().settings().sigma()).isEqualTo(30.0);
        assertThat(window.inspector().restoreSection().settings().radius()).isEqualTo(4);
        assertThat(robot.lookup("#restoreSrMethod").query().isVisible()).isFalse();
        robot.interact(() -> task.setValue(RestoreRecipe.Task.DEBLUR));
        assertThat(robot.lookup("#restoreRichardsonLucy").query().isVisible()).isTrue();
        assertThat(robot.lookup("#restoreRadius").query().isVisible()).isFalse();
        // deflicker: frames each side only, classical only (the method is fixed), its own presets
        robot.interact(() -> task.setValue(RestoreRecipe.Task.DEFLICKER));
        assertThat(robot.lookup("#restoreRadius").query().isVisible()).isTrue();
        assertThat(robot.lookup("#restoreRichardsonLucy").query().isVisible()).isFalse();
        assertThat(method.isDisabled()).isTrue();
        assertThat(method.getValue()).isEqualTo(RestoreSection.CLASSICAL);
        assertThat(window.inspector().restoreSection().settings().radius()).isEqualTo(8);
        assertThat(robot.lookup("#restoreOutput").queryAs(javafx.scene.control.TextField.class).getText()).endsWith("-deflickered.mp4");
        robot.interact(() -> task.setValue(RestoreRecipe.Task.SR2));
        assertThat(method.isDisabled()).isFalse();
        assertThat(robot.lookup("#restoreSrMethod").query().isVisible()).isTrue();
        assertThat(window.inspector().restoreSection().settings().srMethod())
                .isEqualTo(dev.flowsmith.restoration.sr.SuperResolver.Method.LANCZOS);
        // learned upscalers by name, found in the model folder; a missing one says where to put it
        ChoiceBox<RestoreSection.Upscaler> up = robot.lookup("#restoreSrMethod").queryAs(ChoiceBox.class);
        assertThat(up.getItems().stream().map(RestoreSection.Upscaler::label))
                .containsExactly("Bicubic", "Lanczos", "FSRCNN", "ESPCN", "LapSRN", "RDN (photo, film)", "Real-ESRGAN (animation)",
                        "Real-CUGAN (animation)", "Real-CUGAN strong denoise (animation)", "Model file…");
        Path models = dir.resolve("models");
        java.nio.file.Files.createDirectories(models.resolve("sr"));
        Path fsrcnn = java.nio.file.Files.createSymbolicLink(models.resolve("sr").resolve("FSRCNN_x2.pb"),
                SharedData.file("models/fsrcnn_tf/models/FSRCNN_x2.pb").toAbsolutePath());
        String before = System.getProperty("flowsmith.models");
        System.setProperty("flowsmith.models", models.toString());
        try {
            robot.interact(() -> up.setValue(up.getItems().get(2)));
            assertThat(window.inspector().restoreSection().settings().srModel()).isEqualTo(fsrcnn);
            assertThat(robot.lookup("#restoreSrModel").query().isVisible()).as("no file field for a named model").isFalse();
            robot.interact(() -> up.setValue(up.getItems().get(4)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> window.inspector().restoreSection().settings())
                    .hasMessageContaining("LapSRN x2 is not installed: put LapSRN_x2.pb");
            // a network from an npm package: installed, it resolves to its file; missing, the form says how to get it
            new dev.flowsmith.restoration.models.NpmModels(models).importFrom("realesr-animevideov3-x2",
                    SharedData.file("models/npm/waifu2x-1.6.5/real-esrgan/realesr-animevideov3-x2.param").getParent());
            robot.interact(() -> up.setValue(up.getItems().get(6)));
            assertThat(window.inspector().restoreSection().settings().srModel())
                    .isEqualTo(models.resolve("realesr-animevideov3-x2").resolve("realesr-animevideov3-x2.param"));
            robot.interact(() -> up.setValue(up.getItems().get(5)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> window.inspector().restoreSection().settings())
                    .hasMessageContaining("is not installed: run 'flowsmith models download rdn-div2k-x2'");
            new dev.flowsmith.restoration.models.NpmModels(models).importFrom("realcugan-x2",
                    SharedData.file("models/npm/waifu2x-1.6.5/real-cugan/models-se/up2x-conservative.param").getParent());
            robot.interact(() -> up.setValue(up.getItems().get(7)));
            assertThat(window.inspector().restoreSection().settings().srModel())
                    .isEqualTo(models.resolve("realcugan-x2").resolve("up2x-conservative.param"));
            robot.interact(() -> up.setValue(up.getItems().get(9)));
            assertThat(robot.lookup("#restoreSrModel").query().isVisible()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty("flowsmith.models");
            } else {
                System.setProperty("flowsmith.models", before);
            }
        }
        robot.interact(() -> up.setValue(up.getItems().get(1)));
        TextField output = robot.lookup("#restoreOutput").queryAs(TextField.class);
        assertThat(output.getText()).endsWith("wolf-x2.mp4");
        Path out = dir.resolve("wolf-x2.mp4");
        robot.interact(() -> output.setText(out.toString()));
        FxTestSupport.scrollIntoView(robot, "#restoreButton");
        robot.clickOn("#restoreButton");
        FxTestSupport.waitUntil(120, () -> !window.jobs().jobs().isEmpty()
                && window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        var v = MediaProbe.probe(out).requireVideo();
        assertThat(v.displayWidth()).isEqualTo(1024);
        assertThat(v.frameCount()).isEqualTo(40);
        assertThat(window.jobs().jobs().get(0).title()).contains("Super-resolution x2");

        // the result opens against its source in the viewer, with A/B labels naming both files
        FxTestSupport.waitUntil(10, () -> out.toAbsolutePath().equals(window.viewerModel().compareWithProperty().get()));
        assertThat(window.viewerModel().compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.WIPE);
        assertThat(robot.lookup("#compareLabelA").queryLabeled().getText()).isEqualTo("A  wolf.mp4");
        assertThat(robot.lookup("#compareLabelB").queryLabeled().getText()).isEqualTo("B  wolf-x2.mp4");
        FxTestSupport.waitUntil(20, () -> window.viewer().afterView().shownIndex() >= 0);
        assertThat(robot.lookup("#compareWithSourceButton").queryButton().isVisible()).isTrue();
        robot.interact(() -> window.viewerModel().toggleAB());
        assertThat(window.viewerModel().wipeProperty().get()).as("T shows all of B").isEqualTo(0.0);
        robot.interact(() -> window.viewerModel().toggleAB());
        assertThat(window.viewerModel().wipeProperty().get()).as("again: all of A").isEqualTo(1.0);

        // the compare side follows the selection: another clip has no result to compare with, back again it has
        Path other = SharedData.file("videos/tokenflow/data/woman-running.mp4");
        robot.interact(() -> window.open(List.of(other)));
        FxTestSupport.waitUntil(30, () -> window.viewerModel().itemProperty().get() != null
                && window.viewerModel().itemProperty().get().path().getFileName().toString().equals("woman-running.mp4"));
        assertThat(window.viewerModel().compareWithProperty().get()).isNull();
        assertThat(window.viewerModel().compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.OFF);
        robot.clickOn("#compareWithSourceButton");
        FxTestSupport.waitUntil(10, () -> window.viewerModel().itemProperty().get() != null
                && window.viewerModel().itemProperty().get().path().getFileName().toString().equals("wolf.mp4"));
        assertThat(window.viewerModel().compareWithProperty().get()).isEqualTo(out.toAbsolutePath());
        assertThat(robot.lookup("#compareLabelB").queryLabeled().getText()).isEqualTo("B  wolf-x2.mp4");
    }

    /** Preview: 3 s of a denoise around the playhead, shown against the source; the restored frames differ from it. */
    @Test
    @SuppressWarnings("unchecked")
    void previewShowsTheRestoredSecondsAgainstTheSource(FxRobot robot) throws Exception {
        Path clip = SharedData.file("videos/tokenflow/data/wolf.mp4");
        FxTestSupport.waitUntil(10, () -> window.layoutSettled()); // the saved layout is set again once the window is up
        robot.interact(() -> window.open(List.of(clip)));
        FxTestSupport.waitUntil(30, () -> window.viewerModel().itemProperty().get() != null);
        Button preview = robot.lookup("#previewButton").queryButton();
        FxTestSupport.waitUntil(30, () -> !preview.isDisabled());
        ChoiceBox<RestoreRecipe.Task> task = robot.lookup("#restoreTask").queryAs(ChoiceBox.class);
        robot.interact(() -> task.setValue(RestoreRecipe.Task.DENOISE));
        // wolf.mp4 is nearly clean (estimated sigma about 1 of 255, which the denoiser rightly almost leaves alone):
        // ask for sigma 10, as a user who sees grain would, so the preview must visibly change the frame
        javafx.scene.control.Spinner<Double> sigma = robot.lookup("#restoreSigma").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> sigma.getValueFactory().setValue(10.0));
        robot.interact(() -> window.viewerModel().seek(20));
        robot.interact(() -> window.inspector().restoreSection().setPreviewSeconds(1)); // 20 frames: quick on 2 cores
        FxTestSupport.scrollIntoView(robot, "#previewButton");
        robot.clickOn("#previewButton");
        FxTestSupport.waitUntil(10, () -> !window.jobs().jobs().isEmpty());
        JobModel job = window.jobs().jobs().get(0);
        FxTestSupport.waitUntil(150, () -> job.state() != JobModel.State.RUNNING);
        assertThat(job.state()).as(job.title() + ": " + job.errorProperty().get() + " " + job.detailsProperty().get())
                .isEqualTo(JobModel.State.DONE);
        FxTestSupport.waitUntil(10, () -> window.viewerModel().compareWithProperty().get() != null);
        Path shown = window.viewerModel().compareWithProperty().get();
        assertThat(shown.getFileName().toString()).contains("wolf-preview-denoised");
        long first = window.viewerModel().compareOffsetProperty().get();
        var info = MediaProbe.probe(shown).requireVideo();
        assertThat(info.frameCount()).as("1 s at 20 fps").isEqualTo(20);
        assertThat(first).as("centred on frame 20").isEqualTo(10);
        assertThat(window.viewerModel().compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.WIPE);
        assertThat(robot.lookup("#compareLabelB").queryLabeled().getText()).startsWith("B  wolf-preview-denoised");
        // the preview is a real denoise: its frame differs from the source's same frame
        try (var a = dev.flowsmith.media.VideoReader.open(clip); var b = dev.flowsmith.media.VideoReader.open(shown)) {
            a.seek(20);
            b.seek(20 - first);
            float[] fa = a.read().data(), fb = b.read().data();
            double diff = 0;
            for (int i = 0; i < fa.length; i++) {
                diff += Math.abs(fa[i] - fb[i]);
            }
            assertThat(diff / fa.length).as("mean difference source vs preview").isGreaterThan(0.002);
        }
        // for the picture below only (the compare itself is asserted above): under a loaded full run the B side's first
        // frame has once not arrived within 20 s; asking for the frame again settles it
        try {
            FxTestSupport.waitUntil(20, () -> window.viewer().afterView().shownIndex() >= 0);
        } catch (AssertionError slow) {
            robot.interact(() -> window.viewerModel().seek(21));
            FxTestSupport.waitUntil(30, () -> window.viewer().afterView().shownIndex() >= 0);
        }
        // a picture of it for the docs (build folder only; docs/studio-preview.png is copied from here by hand)
        robot.interact(() -> StudioApp.snapshot(window.stage(), Path.of("target", "screenshots", "preview-compare.png")));
    }
}
