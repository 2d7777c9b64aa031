package dev.flowsmith.ui;

import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.timeline.TimelineView;

import dev.flowsmith.media.SharedData;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main window on small laptop screens: at 1280x720 and 1366x768 nothing is cut off: the inspector (scrolled to
 * its last button), both timeline tracks and the job queue lie inside the window, and the layout needs no more
 * room than the window has.
 */
class StudioLayoutTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"1280,720,DARK", "1366,768,DARK", "1280,720,LIGHT"})
    void everyRegionIsReachable(int w, int h, String theme) throws Exception {
        FxToolkit.registerPrimaryStage();
        StudioSettings settings = new StudioSettings(dir.resolve("studio-" + w + ".properties"));
        settings.put("window.width", w);
        settings.put("window.height", h);
        settings.put("theme", theme);
        MainWindow[] window = new MainWindow[1];
        FxToolkit.setupStage(stage -> {
            window[0] = new MainWindow(stage, settings, new FxTestSupport.RecordingDesktop());
            stage.show();
        });
        FxRobot robot = new FxRobot();
        try {
            Stage stage = window[0].stage();
            WaitForAsyncUtils.sleep(400, java.util.concurrent.TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            // first as it opens: an empty bin, nothing selected
            assertThat(stage.getScene().getRoot().minWidth(-1)).as("empty studio fits").isLessThanOrEqualTo(stage.getScene().getWidth());
            // then with a project of two clips of different formats (a long plan message) on the timeline
            Path project = dir.resolve("two-" + w + theme + ".fsproj");
            var flower = dev.flowsmith.editing.project.MediaImport.ref(SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4"));
            var wolfRef = dev.flowsmith.editing.project.MediaImport.ref(SharedData.file("videos/tokenflow/data/wolf.mp4"));
            var edits = new dev.flowsmith.editing.command.EditHistory(dev.flowsmith.editing.model.Project.empty(
                    dev.flowsmith.editing.project.MediaImport.settingsLike(flower)));
            edits.perform(new dev.flowsmith.editing.command.InsertClip(flower, 0, 0, 90));
            edits.perform(new dev.flowsmith.editing.command.InsertClip(wolfRef, edits.current().duration(), 0, 0));
            dev.flowsmith.editing.project.ProjectFile.save(edits.current(), project);
            robot.interact(() -> window[0].open(List.of(project)));
            WaitForAsyncUtils.sleep(1500, java.util.concurrent.TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(stage.getScene().getRoot().minWidth(-1)).as("with a project on the timeline").isLessThanOrEqualTo(stage.getScene().getWidth());
            // a wide layout must not become the minimum (the timeline's canvas once held the studio at its widest)
            robot.interact(() -> stage.setWidth(1800));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> stage.setWidth(w));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(stage.getScene().getRoot().minWidth(-1)).as("after being wider").isLessThanOrEqualTo(w);
            robot.interact(() -> stage.setWidth(w - 150));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(stage.getScene().getRoot().minWidth(-1)).as("narrower than it ever was").isLessThanOrEqualTo(w - 150);
            robot.interact(() -> stage.setWidth(w));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> window[0].open(List.of(SharedData.file("videos/tokenflow/data/wolf.mp4"))));
            FxTestSupport.waitUntil(30, () -> window[0].viewerModel().itemProperty().get() != null);
            WaitForAsyncUtils.sleep(400, java.util.concurrent.TimeUnit.MILLISECONDS); // the size is applied again after show
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(stage.getWidth()).isEqualTo(w, org.assertj.core.data.Offset.offset(2.0));
            assertThat(stage.getHeight()).isEqualTo(h, org.assertj.core.data.Offset.offset(2.0));
            javafx.scene.Parent root = stage.getScene().getRoot();
            double sw = stage.getScene().getWidth(), sh = stage.getScene().getHeight();
            assertThat(root.minWidth(-1)).as("the layout's minimum width fits the window").isLessThanOrEqualTo(sw);
            assertThat(root.minHeight(-1)).as("the layout's minimum height fits the window").isLessThanOrEqualTo(sh);

            for (String id : List.of("#inspectorScroll", "#timeline", "#jobQueue", "#mediaBin")) {
                inside(robot.lookup(id).query(), sw, sh, id);
            }
            Node timeline = robot.lookup("#timeline").query();
            assertThat(timeline.getBoundsInLocal().getHeight()).as("video and audio track rows").isGreaterThanOrEqualTo(
                    TimelineView.RULER + TimelineView.VIDEO_ROW + TimelineView.AUDIO_ROW);

            ScrollPane scroll = robot.lookup("#inspectorScroll").queryAs(ScrollPane.class);
            robot.interact(() -> scroll.setVvalue(1.0));
            WaitForAsyncUtils.waitForFxEvents();
            Node last = robot.lookup("#restoreButton").tryQuery().orElse(robot.lookup("#transcodeButton").query());
            Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
            Bounds b = last.localToScene(last.getLayoutBounds());
            assertThat(b.getMaxY()).as("the inspector's last button is reachable by scrolling").isLessThanOrEqualTo(viewport.getMaxY() + 1);
            assertThat(b.getMinY()).isGreaterThanOrEqualTo(viewport.getMinY() - 1);
        } finally {
            robot.interact(() -> window[0].stage().close());
        }
    }

    private static void inside(Node n, double sw, double sh, String what) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        assertThat(b.getWidth()).as(what + " width").isGreaterThan(30);
        assertThat(b.getHeight()).as(what + " height").isGreaterThan(30);
        assertThat(b.getMinX()).as(what).isGreaterThanOrEqualTo(-1);
        assertThat(b.getMinY()).as(what).isGreaterThanOrEqualTo(-1);
        assertThat(b.getMaxX()).as(what + " right edge inside the window").isLessThanOrEqualTo(sw + 1);
        assertThat(b.getMaxY()).as(what + " bottom edge inside the window").isLessThanOrEqualTo(sh + 1);
    }
}
