package dev.flowsmith.ui;

import dev.flowsmith.ui.timeline.TimelineModel;
import dev.flowsmith.ui.timeline.TimelinePanel;
import dev.flowsmith.ui.timeline.TimelineView;

import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.media.SharedData;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline with the mouse and the keys: split, trim, ripple trim, move, ripple delete, undo, redo. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";
    private TimelineModel model;
    private TimelinePanel panel;

    @Start
    void start(Stage stage) {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        model = new TimelineModel(Project.empty(MediaImport.settingsLike(speech)));
        model.perform(new InsertClip(speech, 0, 0, 120));       // V1/A1: frames 0-120
        model.perform(new InsertClip(speech, 120, 2_000_000, 90)); // 120-210
        model.history().reset(model.project());
        model.zoomProperty().set(2); // 2 px per frame: a drag of 40 px is 20 frames
        model.snappingProperty().set(false);
        panel = new TimelinePanel(model, p -> { });
        stage.setScene(new Scene(panel, 1000, 360));
        stage.show();
    }

    private List<Clip> v1() {
        return model.project().tracks().get(0).clips();
    }

    private Point2D at(long frame, int row) {
        TimelineView v = panel.view();
        long track = model.project().tracks().get(row).id();
        double y = v.rowTop(track) + TimelineView.rowHeight(model.project().track(track)) / 2;
        return v.localToScreen(v.xOf(frame), y);
    }

    private Point2D onRuler(long frame) {
        TimelineView v = panel.view();
        return v.localToScreen(v.xOf(frame), TimelineView.RULER / 2);
    }

    @Test
    void splitAtThePlayheadWithSThenUndoAndRedoWithTheKeys(FxRobot robot) {
        robot.clickOn(onRuler(60), MouseButton.PRIMARY);
        assertThat(model.playheadProperty().get()).isBetween(59L, 61L);
        long playhead = model.playheadProperty().get();
        robot.type(KeyCode.S);
        assertThat(v1()).extracting(Clip::start).containsExactly(0L, playhead, 120L);
        assertThat(model.project().tracks().get(1).clips()).hasSize(3); // the linked sound too
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertThat(v1()).hasSize(2);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertThat(v1()).hasSize(3);
        assertThat(robot.lookup("#undoButton").queryButton().getText()).isEqualTo("Undo Split");
    }

    @Test
    void dragTheOutEdgeTrimsAndWithShiftRipples(FxRobot robot) {
        robot.drag(at(120, 0).add(-2, 0), MouseButton.PRIMARY).dropTo(at(100, 0).add(-2, 0));
        assertThat(v1().get(0).end()).isEqualTo(100);
        assertThat(v1().get(1).start()).isEqualTo(120); // a plain trim leaves the gap

        robot.press(KeyCode.SHIFT);
        robot.drag(at(100, 0).add(-2, 0), MouseButton.PRIMARY).dropTo(at(80, 0).add(-2, 0));
        robot.release(KeyCode.SHIFT);
        assertThat(v1().get(0).end()).isEqualTo(80);
        assertThat(v1().get(1).start()).isEqualTo(100); // ripple: the next clip follows
        assertThat(model.project().tracks().get(1).clips().get(1).start()).isEqualTo(100);

        robot.clickOn("#undoButton").clickOn("#undoButton");
        assertThat(v1()).extracting(Clip::start, Clip::end).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, 120L), org.assertj.core.groups.Tuple.tuple(120L, 210L));
    }

    @Test
    void dragAClipToMoveItAndAnOverlappingDropChangesNothing(FxRobot robot) {
        robot.drag(at(160, 0), MouseButton.PRIMARY).dropTo(at(200, 0)); // +40 frames, into free space
        assertThat(v1().get(1).start()).isEqualTo(160);
        assertThat(model.project().group(v1().get(1).id())).allMatch(c -> c.start() == 160);

        robot.drag(at(180, 0), MouseButton.PRIMARY).dropTo(at(100, 0)); // onto the first clip: refused
        assertThat(v1().get(1).start()).isEqualTo(160);
        assertThat(model.messageProperty().get()).contains("overlap");
    }

    @Test
    void deleteRipplesTheSelectedClipAway(FxRobot robot) {
        robot.clickOn(at(30, 0));
        assertThat(model.selection()).hasSize(1);
        robot.type(KeyCode.DELETE);
        assertThat(v1()).singleElement().satisfies(c -> assertThat(c.start()).isZero());
        assertThat(model.project().duration()).isEqualTo(90);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertThat(model.project().duration()).isEqualTo(210);
    }

    @Test
    void snappingPullsADraggedClipOntoThePlayhead(FxRobot robot) {
        robot.interact(() -> {
            model.snappingProperty().set(true);
            model.playheadProperty().set(250);
        });
        robot.drag(at(160, 0), MouseButton.PRIMARY).dropTo(at(197, 0)); // end would be at 247: snaps to 250
        assertThat(v1().get(1).end()).isEqualTo(250);
    }

    @Test
    void keyframesOfASourceAreMarkedOnItsClips(FxRobot robot) {
        Clip second = v1().get(1); // source from 2 s, frames 120-210 at 60 fps
        assertThat(TimelineModel.keyframeFrames(model.project(), second, new int[]{60, 150, 209, 400}))
                .containsExactly(150L, 209L); // 1 s is before the in point, 400 past the out point
        MediaRef m = model.project().mediaRef(second.mediaId());
        robot.interact(() -> model.keyframes().put(m.path(), new int[]{150}));
        assertThat(model.keyframes()).containsKey(m.path());
    }
}
