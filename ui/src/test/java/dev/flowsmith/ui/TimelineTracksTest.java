package dev.flowsmith.ui;

import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.ui.inspector.ClipSection;
import dev.flowsmith.ui.timeline.TimelineModel;
import dev.flowsmith.ui.timeline.TimelinePanel;
import dev.flowsmith.ui.timeline.TimelineView;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracks, titles, fades and levels with the mouse: the + Track menu, header switches, rename by double
 * click, the Title button, a fade handle dragged on a clip, and the inspector's clip settings applied;
 * each one undone and redone with the toolbar.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineTracksTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";
    private TimelineModel model;
    private TimelinePanel panel;
    private ClipSection clip;

    @Start
    void start(Stage stage) {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        model = new TimelineModel(Project.empty(MediaImport.settingsLike(speech)));
        model.perform(new InsertClip(speech, 0, 0, 120));
        model.history().reset(model.project());
        model.zoomProperty().set(4); // 4 px per frame
        model.snappingProperty().set(false);
        panel = new TimelinePanel(model, p -> { });
        clip = new ClipSection(model);
        javafx.scene.control.ScrollPane side = new javafx.scene.control.ScrollPane(clip);
        side.setPrefWidth(340);
        BorderPane root = new BorderPane(panel);
        root.setRight(side);
        stage.setScene(new Scene(root, 1280, 620));
        stage.show();
    }

    private TimelineView view() {
        return panel.view();
    }

    private Point2D screen(double x, double y) {
        return view().localToScreen(x, y);
    }

    private Point2D switchOf(Track t, String which) {
        var b = view().switchBounds(t.id(), which);
        return screen(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
    }

    private Track track(TrackKind kind, int i) {
        return model.project().tracks().stream().filter(t -> t.kind() == kind).toList().get(i);
    }

    @Test
    void addRenameSwitchAndUndoTracks(FxRobot robot) {
        robot.clickOn("#addTrackButton").clickOn("#addVideoTrack");
        assertThat(model.project().tracks()).extracting(Track::name).containsExactly("V1", "V2", "A1");
        robot.clickOn("#addTrackButton").clickOn("#addAudioTrack");
        assertThat(model.project().tracks()).extracting(Track::name).containsExactly("V1", "V2", "A1", "A2");

        robot.clickOn(switchOf(track(TrackKind.AUDIO, 0), "mute"));
        assertThat(track(TrackKind.AUDIO, 0).muted()).isTrue();
        robot.clickOn(switchOf(track(TrackKind.AUDIO, 1), "solo"));
        assertThat(track(TrackKind.AUDIO, 1).solo()).isTrue();
        robot.clickOn(switchOf(track(TrackKind.VIDEO, 1), "hide"));
        assertThat(track(TrackKind.VIDEO, 1).hidden()).isTrue();
        robot.clickOn(switchOf(track(TrackKind.VIDEO, 0), "lock"));
        assertThat(track(TrackKind.VIDEO, 0).locked()).isTrue();
        // a locked track refuses a split, and says why
        robot.interact(() -> model.playheadProperty().set(30));
        robot.interact(() -> model.split());
        assertThat(robot.lookup("#timelineMessage").queryLabeled().getText()).contains("V1 is locked");
        robot.clickOn(switchOf(track(TrackKind.VIDEO, 0), "lock"));

        robot.interact(() -> view().setAskName(current -> Optional.of("Music")));
        Track a2 = track(TrackKind.AUDIO, 1);
        double y = view().rowTop(a2.id()) + 8;
        robot.doubleClickOn(screen(30, y), MouseButton.PRIMARY);
        assertThat(model.project().track(a2.id()).name()).isEqualTo("Music");

        robot.clickOn("#undoButton");
        assertThat(model.project().track(a2.id()).name()).isEqualTo("A2");
        robot.clickOn("#redoButton");
        assertThat(model.project().track(a2.id()).name()).isEqualTo("Music");
        // the track menu: move the upper video track below V1
        Track v2 = track(TrackKind.VIDEO, 1);
        robot.clickOn(screen(30, view().rowTop(v2.id()) + 8), MouseButton.SECONDARY);
        robot.clickOn("#trackMoveDown");
        assertThat(track(TrackKind.VIDEO, 0).id()).isEqualTo(v2.id());
    }

    @Test
    void aVoiceOverDroppedOnASecondAudioTrackLandsThere(FxRobot robot) throws Exception {
        // an audio-only file (a voice-over): the speech clip's sound alone, made with the bundled FFmpeg
        java.nio.file.Path voice = java.nio.file.Files.createTempDirectory("flowsmith-voice").resolve("voice.m4a");
        dev.flowsmith.media.ReferenceTools.run(List.of(dev.flowsmith.media.FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error",
                "-i", SharedData.file(SPEECH).toString(), "-vn", "-c:a", "aac", voice.toString()));
        robot.clickOn("#addTrackButton").clickOn("#addAudioTrack");
        Track a2 = track(TrackKind.AUDIO, 1);
        robot.interact(() -> panel.dropFiles(List.of(voice.toFile()), 30, a2.id(), p -> { }));
        FxTestSupport.waitUntil(20, () -> !model.project().track(a2.id()).clips().isEmpty());
        Clip c = model.project().track(a2.id()).clips().get(0);
        assertThat(c.start()).isEqualTo(30);
        assertThat(track(TrackKind.VIDEO, 0).clips()).hasSize(1); // no picture: nothing added on V1
        assertThat(model.project().mediaRef(c.mediaId()).hasVideo()).isFalse();
    }

    @Test
    void theTransitionHandleDissolvesFromTheClipBefore(FxRobot robot) {
        robot.interact(() -> model.perform(new dev.flowsmith.editing.command.SplitAt(60, java.util.Set.of())));
        // the view lays the split out on a later pulse: under load (a busy CI machine) the drag could start before it
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents(10);
        Track v1 = track(TrackKind.VIDEO, 0);
        Clip right = v1.clips().get(1);
        double bottom = view().rowTop(v1.id()) + TimelineView.rowHeight(v1) - 3;
        robot.drag(screen(view().xOf(right.start()) + 1, bottom), MouseButton.PRIMARY)
                .moveTo(screen(view().xOf(right.start() + 12) + 1, bottom)).release(MouseButton.PRIMARY);
        assertThat(model.project().clip(right.id()).style().transitionIn()).isBetween(11L, 13L);
        assertThat(robot.lookup("#undoButton").queryButton().getText()).isEqualTo("Undo Transition");
        // the first clip has no neighbour before it: its bottom corner is a plain press (a move, here none)
        Clip left = v1.clips().get(0);
        robot.drag(screen(view().xOf(left.start()) + 1, bottom), MouseButton.PRIMARY).moveTo(screen(view().xOf(left.start()) + 1, bottom))
                .release(MouseButton.PRIMARY);
        assertThat(model.project().clip(left.id()).style().transitionIn()).isZero();
    }

    @Test
    void aTitleFromTheToolbarTakesItsTextFromTheInspector(FxRobot robot) {
        robot.interact(() -> model.playheadProperty().set(20));
        robot.clickOn("#addTitleButton");
        Clip title = model.selectedClip().orElseThrow();
        assertThat(title.isTitle()).isTrue();
        assertThat(title.start()).isEqualTo(20);
        assertThat(model.project().trackOf(title.id()).name()).isEqualTo("V2"); // a new track over the picture
        assertThat(robot.lookup("#clipSection").query().isVisible()).isTrue();
        robot.interact(() -> clip.titleTextArea().setText("Opening night"));
        FxTestSupport.scrollIntoView(robot, "#applyClipStyle");
        robot.clickOn("#applyClipStyle");
        assertThat(model.project().clip(title.id()).style().title().text()).isEqualTo("Opening night");
        robot.clickOn("#undoButton");
        assertThat(model.project().clip(title.id()).style().title().text()).isEqualTo("Title");
    }

    @Test
    void draggingAFadeHandleAndSettingTheGain(FxRobot robot) {
        Track v1 = track(TrackKind.VIDEO, 0);
        Clip v = v1.clips().get(0);
        double top = view().rowTop(v1.id()) + 3;
        Point2D handle = screen(view().xOf(v.start()) + 2, top);
        robot.drag(handle, MouseButton.PRIMARY).moveTo(screen(view().xOf(v.start() + 15) + 2, top)).release(MouseButton.PRIMARY);
        long fade = model.project().clip(v.id()).style().fadeIn();
        assertThat(fade).isBetween(14L, 16L);
        assertThat(robot.lookup("#undoButton").queryButton().getText()).isEqualTo("Undo Fade in");
        // the fade-out handle at the clip's end, dragged left
        Point2D end = screen(view().xOf(v.end()) - 2, top);
        robot.drag(end, MouseButton.PRIMARY).moveTo(screen(view().xOf(v.end() - 10) - 2, top)).release(MouseButton.PRIMARY);
        assertThat(model.project().clip(v.id()).style().fadeOut()).isBetween(9L, 11L);

        Track a1 = track(TrackKind.AUDIO, 0);
        Clip sound = a1.clips().get(0);
        robot.clickOn(screen(view().xOf(60), view().rowTop(a1.id()) + TimelineView.rowHeight(a1) / 2 + 6));
        assertThat(model.selectedClip()).map(Clip::id).contains(sound.id());
        robot.interact(() -> clip.gainSpinner().getEditor().setText("-6"));
        FxTestSupport.scrollIntoView(robot, "#applyClipStyle");
        robot.clickOn("#applyClipStyle");
        assertThat(model.project().clip(sound.id()).style().gainDb()).isEqualTo(-6);
        assertThat(model.project().clip(sound.id()).style().fadeIn()).isZero(); // the sound's own fades are its own
        // volume keyframes typed as frame:dB
        robot.interact(() -> clip.volumeKeysField().setText("0:-12, 30:0"));
        robot.clickOn("#applyClipStyle");
        assertThat(model.project().clip(sound.id()).style().volume()).extracting(k -> k.frame() + ":" + k.db())
                .containsExactly("0:-12.0", "30:0.0");
        robot.interact(() -> clip.volumeKeysField().setText("0:-12, thirty"));
        robot.clickOn("#applyClipStyle");
        assertThat(robot.lookup("#timelineMessage").queryLabeled().getText()).contains("written frame:dB").contains("'thirty'");
        robot.interact(() -> clip.volumeKeysField().setText("0:-12, 30:0"));
        // a value the engine refuses is said, and changes nothing
        robot.interact(() -> clip.gainSpinner().getEditor().setText("-6"));
        robot.clickOn("#applyClipStyle");
        assertThat(robot.lookup("#timelineMessage").queryLabeled().getText()).contains("Nothing to change");
    }
}
