package dev.flowsmith.ui;

import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.Timecode;
import dev.flowsmith.ui.viewer.ViewerModel;
import dev.flowsmith.ui.viewer.ViewerView;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoWriter;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ViewerViewTest {
    private final ViewerModel model = new ViewerModel();
    private ViewerView view;
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        view = new ViewerView(model);
        stage.setScene(new Scene(view, 960, 600));
        stage.getScene().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case SPACE -> model.togglePlay();
                case RIGHT -> model.step(1);
                case LEFT -> model.step(-1);
                default -> { }
            }
        });
        stage.show();
    }

    private void load(FxRobot robot, String file) {
        MediaItem item = FxTestSupport.readyItem(SharedData.file(file));
        robot.interact(() -> model.load(item));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() == 0);
    }

    @Test
    void stepAndPlayChangeTheDisplayedFrame(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.clickOn("#stepForwardButton");
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() == 1);
        robot.type(KeyCode.RIGHT);
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() == 2);
        robot.type(KeyCode.LEFT);
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() == 1);

        robot.type(KeyCode.SPACE);
        assertThat(model.playingProperty().get()).isTrue();
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() > 10);
        robot.clickOn("#playButton");
        assertThat(model.playingProperty().get()).isFalse();
        long paused = model.frameProperty().get();
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() == paused);
        assertThat(robot.lookup("#timecode").queryLabeled().getText()).isEqualTo(Timecode.of(paused, 30000.0 / 1001));
    }

    @Test
    void reversePlaybackShowsEarlierFramesInTurn(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.seek(90));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() == 90);
        java.util.List<Long> shown = new java.util.ArrayList<>();
        javafx.beans.value.ChangeListener<Number> sample = (o, x, y) -> {
            long i = view.beforeView().shownIndex();
            if (shown.isEmpty() || shown.get(shown.size() - 1) != i) {
                shown.add(i);
            }
        };
        robot.interact(() -> {
            model.frameProperty().addListener(sample);
            model.shuttle(-1); // J
        });
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() < 60);
        robot.interact(() -> {
            model.pause();
            model.frameProperty().removeListener(sample);
        });
        assertThat(shown.size()).as("many frames shown on the way back").isGreaterThan(15);
        for (int k = 1; k < shown.size(); k++) {
            assertThat(shown.get(k)).as("backwards only").isLessThan(shown.get(k - 1));
        }
    }

    @Test
    void seekingWhilePlayingPlaysOnFromThere(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.play());
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 5);
        robot.interact(() -> model.seek(100));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 105);
        robot.interact(() -> model.seek(10));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() >= 12 && view.beforeView().shownIndex() < 60);
        assertThat(model.playingProperty().get()).isTrue();
        robot.interact(() -> model.pause());
    }

    @Test
    void shuttleRunsFasterOnEachPressOfL(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.shuttle(1));
        robot.interact(() -> model.shuttle(1));
        assertThat(model.rateProperty().get()).isEqualTo(2);
        robot.interact(() -> model.shuttle(0));
        assertThat(model.playingProperty().get()).isFalse();
    }

    @Test
    void compareShowsTwoDifferentPicturesAndTheWipeHandleMoves(FxRobot robot) {
        Path src = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path inverted = dir.resolve("inverted.mp4");
        try (VideoReader r = VideoReader.open(src);
             VideoWriter w = VideoWriter.open(inverted, VideoWriter.Config.like(r.info(),
                     new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8), false, src))) {
            VideoFrame f;
            for (int i = 0; i < 30 && (f = r.read()) != null; i++) {
                float[] d = f.data();
                for (int k = 0; k < d.length; k++) {
                    d[k] = 1 - d[k];
                }
                w.write(f);
            }
            w.finish();
        }
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.compareWithProperty().set(inverted));
        assertThat(model.compareModeProperty().get()).isEqualTo(ViewerModel.CompareMode.WIPE);
        FxTestSupport.waitUntil(20, () -> view.afterView().shownIndex() == 0 && view.beforeView().shownIndex() == 0);
        double a = view.beforeView().meanBlue(), b = view.afterView().meanBlue();
        assertThat(Math.abs(a - b)).as("before and after differ").isGreaterThan(30);

        double start = model.wipeProperty().get();
        robot.drag("#wipeHandle").moveBy(-150, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        assertThat(model.wipeProperty().get()).isLessThan(start - 0.1);

        // playing: both sides show the same frame (the faster decoder waits), and A goes on alone past B's 30 frames
        robot.interact(() -> model.seek(0));
        long[] worst = {0, 0};
        javafx.beans.value.ChangeListener<Number> sample = (o, x, y) -> {
            long ia = view.beforeView().shownIndex(), ib = view.afterView().shownIndex();
            if (ia >= 1 && ia < 29) { // while B has frames (it has 30)
                worst[0] = Math.max(worst[0], Math.abs(ia - ib));
                worst[1]++;
            }
        };
        robot.interact(() -> {
            model.frameProperty().addListener(sample);
            model.play();
        });
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 40);
        robot.interact(() -> model.frameProperty().removeListener(sample));
        assertThat(worst[1]).as("samples taken while both played").isGreaterThan(3);
        assertThat(worst[0]).as("A and B within one frame while playing").isLessThanOrEqualTo(1);
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 20);
        robot.interact(() -> model.pause());

        robot.interact(() -> model.compareModeProperty().set(ViewerModel.CompareMode.SIDE_BY_SIDE));
        robot.interact(() -> model.seek(0));
        robot.clickOn("#stepForwardButton");
        FxTestSupport.waitUntil(20, () -> view.afterView().shownIndex() == 1 && view.beforeView().shownIndex() == 1);
        assertThat(view.afterView().getClip()).isNull();
        assertThat(view.afterView().getBoundsInParent().getMinX()).isGreaterThan(view.beforeView().getBoundsInParent().getMaxX() - 1);
    }

    @Test
    void zoomTo400PercentShowsSourcePixelsAndPans(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.zoomProperty().set(1));
        // 1:1: the frame is decoded at the source's 960x540 and shown one pixel per pixel
        FxTestSupport.waitUntil(20, () -> view.beforeView().getImage() != null && view.beforeView().getImage().getWidth() == 960);
        FxTestSupport.waitUntil(10, () -> Math.abs(view.beforeView().getFitWidth() - 960) < 1e-6);
        robot.interact(() -> model.zoomIn());
        robot.interact(() -> model.zoomIn());
        assertThat(model.zoomProperty().get()).isEqualTo(4.0);
        FxTestSupport.waitUntil(10, () -> Math.abs(view.beforeView().getFitWidth() - 3840) < 1e-6);
        assertThat(robot.lookup("#zoomLevel").queryAs(javafx.scene.control.ChoiceBox.class).getValue()).isEqualTo(4.0);
        assertThat(view.beforeView().isSmooth()).as("pixels shown as blocks at 400 %").isFalse();
        double h0 = view.scroller().getHvalue();
        robot.interact(() -> view.pan(1, 1));
        assertThat(view.scroller().getHvalue()).isGreaterThan(h0);
        assertThat(view.scroller().getVvalue()).isGreaterThan(0);
        // drag pans too
        double h1 = view.scroller().getHvalue();
        robot.drag("#viewerScroll").moveBy(200, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        assertThat(view.scroller().getHvalue()).isLessThan(h1);
        robot.interact(() -> model.zoomProperty().set(0));
        FxTestSupport.waitUntil(10, () -> view.beforeView().getFitWidth() < 3840
                && view.beforeView().getFitWidth() <= view.scroller().getViewportBounds().getWidth() + 1);
        assertThat(view.scroller().isPannable()).as("fit: nothing to pan").isFalse();
    }

    @Test
    void scopesFollowTheShownFrame(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        robot.interact(() -> model.scopesProperty().set(ViewerModel.ScopeKind.HISTOGRAM));
        // turning the scopes on measures the frame already shown
        FxTestSupport.waitUntil(20, () -> view.scopes().updates() > 0);
        robot.clickOn("#stepForwardButton");
        FxTestSupport.waitUntil(20, () -> view.scopes().updates() > 1 && view.beforeView().shownIndex() == 1);
        FxTestSupport.waitUntil(20, () -> view.scopes().lastCounts(false).length == 4 * 256);
        int[] first = view.scopes().lastCounts(false).clone();
        long pixels = java.util.Arrays.stream(first, 3 * 256, 4 * 256).sum();
        assertThat(pixels).as("every shown pixel counted once").isEqualTo((long) view.beforeView().getImage().getWidth()
                * (long) view.beforeView().getImage().getHeight());
        long before = view.scopes().updates();
        robot.interact(() -> model.seek(120));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() == 120 && view.scopes().updates() > before);
        FxTestSupport.waitUntil(20, () -> !java.util.Arrays.equals(first, view.scopes().lastCounts(false)));
        assertThat(robot.lookup("#scopeA").queryAs(javafx.scene.image.ImageView.class).getImage()).isNotNull();
        robot.interact(() -> model.scopesProperty().set(ViewerModel.ScopeKind.VECTORSCOPE));
        robot.interact(() -> model.seek(60));
        FxTestSupport.waitUntil(20, () -> view.scopes().lastCounts(false).length == 256 * 256);
    }

    @Test
    void hdrClipIsToneMappedAndRawShowsTheSignal(FxRobot robot) {
        load(robot, "videos/androidx/mp4/hdr10-av1.mp4");
        FxTestSupport.waitUntil(20, () -> robot.lookup("#colourNote").queryLabeled().getText().contains("PQ tone-mapped"));
        double mapped = view.beforeView().meanBlue();
        robot.clickOn("#rawSignalToggle");
        FxTestSupport.waitUntil(20, () -> robot.lookup("#colourNote").queryLabeled().getText().startsWith("raw signal"));
        FxTestSupport.waitUntil(20, () -> Math.abs(view.beforeView().meanBlue() - mapped) > 10);
        assertThat(robot.lookup("#colourNote").queryLabeled().getText()).contains("BT.2020 PQ limited 10-bit");
    }

    @Test
    void soundPlaysWithThePictureWithMetersMuteAndANoteWithoutADevice(FxRobot robot) {
        load(robot, "videos/mdn/live-examples/media/examples/stream-of-water.mp4"); // flower's track is silent (-91 dB)
        robot.interact(() -> view.setAudioOutput(() -> new dev.flowsmith.media.FakeAudioDevice(dev.flowsmith.media.FakeAudioDevice.Kind.REAL_TIME)));
        robot.interact(() -> model.play());
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 20);
        FxTestSupport.waitUntil(10, () -> model.metersProperty().get()[0] > -60);
        assertThat(robot.lookup("#audioMeterText").queryLabeled().getText()).contains("dBFS");
        assertThat(model.audioNoteProperty().get()).isEmpty();
        robot.clickOn("#muteToggle");
        FxTestSupport.waitUntil(10, () -> Double.isInfinite(model.metersProperty().get()[0]));
        long at = view.beforeView().shownIndex();
        FxTestSupport.waitUntil(10, () -> view.beforeView().shownIndex() > at + 5); // muted, the clock still runs
        robot.interact(() -> model.pause());
        robot.clickOn("#muteToggle");
        // scrubbing while paused plays a short grain at each new position
        long grains = view.grainsPlayed();
        robot.clickOn("#stepForwardButton");
        robot.clickOn("#stepForwardButton");
        assertThat(view.grainsPlayed()).isEqualTo(grains + 2);

        // 2x: said to be muted; no device: said, and playback goes on silently
        robot.interact(() -> {
            model.seek(0);
            model.shuttle(1);
            model.shuttle(1);
        });
        assertThat(model.audioNoteProperty().get()).isEqualTo("Sound is muted at 2x.");
        robot.interact(() -> model.pause());
        robot.interact(() -> {
            view.setAudioOutput(() -> new dev.flowsmith.media.FakeAudioDevice(dev.flowsmith.media.FakeAudioDevice.Kind.ABSENT));
            model.seek(0);
            model.play();
        });
        FxTestSupport.waitUntil(20, () -> robot.lookup("#audioNote").queryLabeled().getText().startsWith("No sound device"));
        FxTestSupport.waitUntil(20, () -> view.beforeView().shownIndex() > 20);
        robot.interact(() -> model.pause());
    }

    @Test
    void theTimelinePlaysItsMixWithThePicture(FxRobot robot) {
        var water = dev.flowsmith.editing.project.MediaImport.ref(SharedData.file("videos/mdn/live-examples/media/examples/stream-of-water.mp4"));
        var h = new dev.flowsmith.editing.command.EditHistory(dev.flowsmith.editing.model.Project.empty(
                dev.flowsmith.editing.project.MediaImport.settingsLike(water)));
        h.perform(new dev.flowsmith.editing.command.InsertClip(water, 0, 0, 90));
        var timeline = new dev.flowsmith.ui.timeline.TimelineModel(h.current());
        robot.interact(() -> {
            view.setAudioOutput(() -> new dev.flowsmith.media.FakeAudioDevice(dev.flowsmith.media.FakeAudioDevice.Kind.REAL_TIME));
            model.showTimeline(timeline);
            model.play();
        });
        FxTestSupport.waitUntil(20, () -> model.metersProperty().get()[0] > -60);
        FxTestSupport.waitUntil(20, () -> model.frameProperty().get() > 15);
        assertThat(model.audioNoteProperty().get()).isEmpty();
        robot.interact(() -> model.pause());
    }
}
