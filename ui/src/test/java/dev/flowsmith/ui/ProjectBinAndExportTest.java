package dev.flowsmith.ui;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.render.ExportSettings;
import dev.flowsmith.media.AudioCodec;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.ui.bin.MediaBinView;
import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.export.ExportForm;
import dev.flowsmith.ui.jobs.JobModel;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project keeps its bin (used and unused clips, bins inside the bin, order) and gives it back on
 * open; search filters it; many clips selected queue one job each; the export form refuses impossible
 * combinations, saves presets and exports at the size and codecs chosen.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectBinAndExportTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";
    static final String WOLF = "videos/tokenflow/data/wolf.mp4";
    static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    @TempDir
    static Path dir;
    private MainWindow window;
    private StudioSettings settings;

    @Start
    void start(Stage stage) {
        settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1000);
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    /**
     * E (append to the timeline) on the media list, once the list has the focus and a selection: under load the click
     * can land late and the key would go elsewhere.
     */
    private void appendSelected(FxRobot robot) {
        robot.clickOn("#mediaList");
        FxTestSupport.waitUntil(10, () -> window.binView().list().isFocused()
                && !window.binView().list().getSelectionModel().getSelectedItems().isEmpty());
        robot.type(KeyCode.E);
    }

    private List<String> binNames() {
        return window.binView().list().getItems().stream().map(MediaItem::name).toList();
    }

    @Test
    void aReopenedProjectHasItsBinWithFoldersAndSearch(FxRobot robot) throws Exception {
        FxTestSupport.waitUntil(10, () -> window.layoutSettled());
        robot.interact(() -> window.open(List.of(SharedData.file(SPEECH), SharedData.file(WOLF), SharedData.file(FLOWER))));
        FxTestSupport.waitUntil(60, () -> window.timeline().project().media().size() == 3);
        assertThat(window.timeline().project().clipCount()).as("imported, not used").isZero();
        // one of them on the timeline
        robot.interact(() -> {
            window.binView().list().getSelectionModel().clearSelection();
            window.binView().list().getSelectionModel().select(0);
        });
        appendSelected(robot);
        FxTestSupport.waitUntil(20, () -> window.timeline().project().clipCount() == 2);
        // a bin inside a bin, and a clip moved into it
        robot.interact(() -> window.binView().setAskBinName(parent -> Optional.of("Rushes")));
        robot.clickOn("#newBinButton");
        assertThat(window.timeline().project().folders()).containsExactly("Rushes");
        robot.interact(() -> window.binView().setAskBinName(parent -> Optional.of("Day 1")));
        robot.clickOn("#newBinButton");
        assertThat(window.timeline().project().folders()).containsExactly("Rushes", "Rushes/Day 1");
        robot.interact(() -> {
            window.binView().folderChoice().setValue(MediaBinView.ALL);
            var list = window.binView().list();
            list.getSelectionModel().clearSelection();
            list.getSelectionModel().select(list.getItems().stream().filter(i -> i.name().equals("wolf.mp4")).findFirst().orElseThrow());
            window.binView().moveSelectedTo("Rushes/Day 1");
        });
        assertThat(window.timeline().project().media().stream().filter(m -> m.name().equals("wolf.mp4")).findFirst().orElseThrow()
                .folder()).isEqualTo("Rushes/Day 1");
        robot.interact(() -> window.binView().folderChoice().setValue("Rushes"));
        assertThat(binNames()).as("a bin shows what is in it and in the bins inside it").containsExactly("wolf.mp4");
        robot.interact(() -> window.binView().folderChoice().setValue(MediaBinView.ALL));
        robot.clickOn("#binSearch").write("flow");
        assertThat(binNames()).containsExactly("flower.mp4");
        robot.interact(() -> window.binView().searchField().clear());
        // a used clip cannot leave the bin; an unused one can, and undo brings it back
        String used = window.timeline().project().media().stream().filter(m -> window.timeline().project().uses(m.id()))
                .findFirst().orElseThrow().name();
        robot.interact(() -> {
            var list = window.binView().list();
            list.getSelectionModel().clearSelection();
            list.getSelectionModel().select(list.getItems().stream().filter(i -> i.name().equals(used)).findFirst().orElseThrow());
        });
        robot.clickOn("#removeButton");
        assertThat(robot.lookup("#timelineMessage").queryLabeled().getText()).contains("used on the timeline");
        assertThat(binNames()).hasSize(3);
        List<String> order = binNames();

        Path file = dir.resolve("bin" + ProjectFile.EXTENSION);
        robot.interact(() -> assertThat(window.saveAs(file)).isTrue());
        robot.interact(() -> window.session().newProject());
        FxTestSupport.waitUntil(10, () -> window.binView().list().getItems().isEmpty());
        robot.interact(() -> assertThat(window.openProject(file)).isTrue());
        FxTestSupport.waitUntil(60, () -> window.binView().list().getItems().size() == 3
                && window.binView().list().getItems().stream().allMatch(i -> i.state() == MediaItem.State.READY));
        assertThat(binNames()).as("the bin's order").isEqualTo(order);
        assertThat(window.binView().folderChoice().getItems()).containsExactly(MediaBinView.ALL, "Rushes", "Rushes/Day 1");
        assertThat(window.binView().list().getItems().stream().filter(i -> i.name().equals("wolf.mp4")).findFirst().orElseThrow()
                .folderProperty().get()).isEqualTo("Rushes/Day 1");
        assertThat(window.timeline().project().clipCount()).isEqualTo(2);

        // batch: two clips selected, one transcode each
        robot.interact(() -> {
            var list = window.binView().list();
            list.getSelectionModel().clearSelection();
            list.getSelectionModel().selectIndices(1, 2);
        });
        assertThat(robot.lookup("#inspectorDetails").queryLabeled().getText()).startsWith("2 clips selected");
        int before = window.jobs().jobs().size();
        // the outputs go next to the sources or, for the read-only shared clips, to the home folder: the ones this
        // test makes are removed again, or the next run would find them there and skip those clips
        List<Path> outputs = new java.util.ArrayList<>();
        for (int i : new int[] {1, 2}) {
            Path src = window.binView().list().getItems().get(i).path();
            outputs.add(dev.flowsmith.ui.inspector.InspectorView.outputFolder(src)
                    .resolve(src.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "-h264.mp4"));
        }
        List<Path> ours = outputs.stream().filter(o -> !java.nio.file.Files.exists(o)).toList();
        try {
            robot.interact(() -> window.inspector().startTranscode());
            assertThat(window.jobs().jobs().size() - before).isEqualTo(2);
            robot.interact(() -> window.jobs().jobs().forEach(JobModel::cancel));
            FxTestSupport.waitUntil(60, () -> window.jobs().jobs().stream().noneMatch(j -> j.state() == JobModel.State.RUNNING));
        } finally {
            for (Path o : ours) {
                java.nio.file.Files.deleteIfExists(o);
            }
        }
    }

    @Test
    void theExportFormRefusesWhatCannotBeAndExportsWhatWasChosen(FxRobot robot) {
        FxTestSupport.waitUntil(10, () -> window.layoutSettled());
        robot.interact(() -> window.open(List.of(SharedData.file(SPEECH))));
        FxTestSupport.waitUntil(30, () -> window.timeline().project().media().size() == 1);
        robot.interact(() -> {
            window.binView().list().getSelectionModel().clearSelection();
            window.binView().list().getSelectionModel().select(0);
        });
        appendSelected(robot);
        FxTestSupport.waitUntil(20, () -> window.timeline().project().clipCount() == 2);

        ExportForm[] form = new ExportForm[1];
        Stage[] formStage = new Stage[1];
        robot.interact(() -> {
            form[0] = window.exportForm();
            formStage[0] = new Stage();
            formStage[0].setScene(new Scene(form[0], 760, 520));
            formStage[0].show();
        });
        robot.interact(() -> robot.lookup("#exportAudioCodec").queryAs(ChoiceBox.class).setValue(AudioCodec.FLAC));
        assertThat(form[0].settingsProperty().get()).isNull();
        assertThat(robot.lookup("#exportError").queryLabeled().getText()).contains("cannot hold FLAC");
        robot.interact(() -> robot.lookup("#exportContainer").queryAs(ChoiceBox.class).setValue("mkv"));
        assertThat(form[0].settingsProperty().get()).isNotNull();
        assertThat(form[0].file().getFileName().toString()).endsWith(".mkv");
        robot.interact(() -> {
            robot.lookup("#exportResolution").queryAs(ChoiceBox.class).setValue(480);
            robot.lookup("#exportFrameRate").queryAs(ChoiceBox.class).setValue(new FrameRate(25, 1));
            robot.lookup("#exportQualityMode").queryAs(ChoiceBox.class).setValue("Bit rate (kbit/s)");
        });
        ExportSettings chosen = form[0].settingsProperty().get();
        assertThat(chosen.video().codec()).isEqualTo(VideoCodec.H264);
        assertThat(chosen.video().bitRateKbps()).isPositive();
        // saved as a preset, offered again by the next form
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> name = robot.lookup("#exportPresetName").queryAs(ComboBox.class);
            name.getEditor().setText("Small FLAC");
        });
        robot.clickOn("#saveExportPreset");
        robot.interact(() -> {
            ExportForm again = window.exportForm();
            assertThat(new dev.flowsmith.ui.export.ExportPresets(settings).all().get("Small FLAC")).isEqualTo(chosen);
            again.fill(ExportSettings.DEFAULT);
        });
        Path out = dir.resolve("small.mkv");
        robot.interact(() -> {
            formStage[0].close();
            window.export(out, chosen);
        });
        FxTestSupport.waitUntil(120, () -> window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        var info = MediaProbe.probe(out);
        assertThat(info.requireVideo().displayHeight()).isEqualTo(480);
        assertThat(info.requireVideo().avgFrameRate().toDouble()).isEqualTo(25.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(info.audioStreams().get(0).codec()).isEqualTo("flac");
    }
}
