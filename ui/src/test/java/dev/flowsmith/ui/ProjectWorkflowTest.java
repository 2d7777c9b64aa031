package dev.flowsmith.ui;

import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.jobs.JobModel;

import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.SharedData;
import javafx.scene.control.ButtonType;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
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
 * The studio as a document editor: a clip from the bin to the timeline (E), save, unsaved-changes
 * marker, autosave + recovery after a "crash", export through the job queue, and a damaged project
 * dropped on the window.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectWorkflowTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";
    @TempDir
    static Path dir;
    private MainWindow window;
    private Stage stage;

    @BeforeAll
    static void cleanRecovery() throws Exception {
        Path rec = Path.of(System.getProperty("flowsmith.recovery", dir.resolve("recovery").toString()));
        System.setProperty("flowsmith.recovery", rec.toString());
        if (Files.isDirectory(rec)) {
            try (var s = Files.list(rec)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        StudioSettings settings = new StudioSettings(dir.resolve("cfg/studio.properties"));
        settings.put("window.height", 1100);
        window = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
        stage.show();
    }

    private void clipOnTimeline(FxRobot robot) {
        FxTestSupport.waitUntil(10, () -> window.layoutSettled()); // the saved layout is set again once the window is up
        Path clip = SharedData.file(SPEECH);
        robot.interact(() -> window.open(List.of(clip)));
        FxTestSupport.waitUntil(30, () -> window.binView().list().getItems().size() == 1
                && window.binView().list().getItems().get(0).state() == MediaItem.State.READY);
        robot.interact(() -> window.binView().list().getSelectionModel().select(0));
        robot.clickOn("#mediaList").type(KeyCode.E);
        FxTestSupport.waitUntil(10, () -> window.timeline().project().clipCount() == 2);
    }

    @Test
    void saveMarkChangesAutosaveAndRecoverAfterACrash(FxRobot robot) throws Exception {
        clipOnTimeline(robot);
        assertThat(window.viewerModel().timelineProperty().get()).isSameAs(window.timeline());
        FxTestSupport.waitUntil(20, () -> window.viewer().beforeView().shownIndex() >= 0);
        Path file = dir.resolve("edit" + ProjectFile.EXTENSION);
        robot.interact(() -> assertThat(window.saveAs(file)).isTrue());
        assertThat(stage.getTitle()).endsWith("edit.fsproj");
        assertThat(ProjectFile.load(file).project()).isEqualTo(window.timeline().project());

        robot.interact(() -> {
            window.timeline().playheadProperty().set(100);
            window.timelinePanel().view().requestFocus();
        });
        robot.type(KeyCode.S);
        assertThat(window.timeline().project().clipCount()).isEqualTo(4);
        assertThat(stage.getTitle()).endsWith("•");
        robot.interact(() -> assertThat(window.session().autosaveNow()).isTrue());
        var edited = window.timeline().project();
        robot.interact(() -> window.session().abandon()); // as if the process died here

        // the next start offers the autosave; accepting brings the split back, unsaved
        MainWindow[] second = new MainWindow[1];
        robot.interact(() -> {
            Stage s = new Stage();
            second[0] = new MainWindow(s, new StudioSettings(dir.resolve("cfg2/studio.properties")),
                    new FxTestSupport.RecordingDesktop());
            s.show();
            second[0].offerRecovery(e -> {
                assertThat(e.project()).isEqualTo(file.toAbsolutePath());
                return ButtonType.YES;
            });
        });
        assertThat(second[0].timeline().project()).isEqualTo(edited);
        assertThat(second[0].session().fileProperty().get()).isEqualTo(file.toAbsolutePath());
        assertThat(second[0].session().dirtyProperty().get()).isTrue();
        // closing with unsaved changes asks; Cancel keeps everything, Yes saves
        second[0].setAskSave(what -> ButtonType.CANCEL);
        robot.interact(() -> assertThat(second[0].confirmClose()).isFalse());
        second[0].setAskSave(what -> {
            assertThat(what).contains("edit.fsproj");
            return ButtonType.YES;
        });
        robot.interact(() -> assertThat(second[0].confirmClose()).isTrue());
        assertThat(ProjectFile.load(file).project()).isEqualTo(edited);
        robot.interact(() -> second[0].stage().close());
    }

    @Test
    void exportRunsInTheJobQueueAndADamagedProjectIsRefused(FxRobot robot) throws Exception {
        clipOnTimeline(robot);
        Path out = dir.resolve("export.mp4");
        robot.interact(() -> window.export(out));
        FxTestSupport.waitUntil(120, () -> window.jobs().jobs().get(0).state() == JobModel.State.DONE);
        assertThat(window.jobs().jobs().get(0).statusProperty().get()).contains("frames");
        assertThat(MediaProbe.probe(out).requireVideo().frameCount()).isEqualTo(window.timeline().project().duration());
        // the verdict is worked out in the background after the last edit: wait for it, not for any text
        FxTestSupport.waitUntil(30, () -> window.timelinePanel().planLabel().getText().matches("(Stream copy|Re-encode|Export).*"));
        assertThat(window.timelinePanel().planLabel().getText()).startsWith("Stream copy");
        // the export offers "Compare with Source": the timeline (A) against the exported file (B), frame for frame
        FxTestSupport.scrollIntoView(robot, "#compareWithSourceButton");
        robot.clickOn("#compareWithSourceButton");
        FxTestSupport.waitUntil(10, () -> out.toAbsolutePath().normalize().equals(window.viewerModel().compareWithProperty().get()));
        assertThat(window.viewerModel().timelineProperty().get()).isNotNull();
        assertThat(robot.lookup("#compareLabelA").queryLabeled().getText()).isEqualTo("A  timeline");
        assertThat(robot.lookup("#compareLabelB").queryLabeled().getText()).isEqualTo("B  export.mp4");
        FxTestSupport.waitUntil(20, () -> window.viewer().afterView().shownIndex() >= 0 && window.viewer().beforeView().shownIndex() >= 0);

        Path bad = dir.resolve("bad" + ProjectFile.EXTENSION);
        Files.writeString(bad, "{ \"format\": \"flowsmith-project\", \"version\": 1, \"settings\": ");
        var before = window.timeline().project();
        robot.interact(() -> window.handleWindowDrop(List.of(bad.toFile())));
        assertThat(robot.lookup("#timelineMessage").queryLabeled().getText()).contains("is damaged");
        assertThat(window.timeline().project()).isSameAs(before);
        assertThat(Files.readString(bad)).endsWith("\"settings\": ");
    }
}
