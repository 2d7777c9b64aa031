package dev.flowsmith.ui.viewer;

import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.timeline.TimelineModel;

import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.VideoStreamInfo;
import javafx.animation.AnimationTimer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.BooleanProperty;

import java.nio.file.Path;

/**
 * What the viewer shows and how playback moves: the clip, the wanted frame index, play state and
 * shuttle rate (J/K/L), compare mode and wipe position. A pulse timer turns play time into frame
 * requests; the view asks its frame sources for {@link #frameProperty()} whenever it changes.
 */
public final class ViewerModel {
    public enum CompareMode { OFF, WIPE, SIDE_BY_SIDE }

    /** The scope shown beside the picture (of A, and of B while comparing). */
    public enum ScopeKind { OFF, WAVEFORM, PARADE, VECTORSCOPE, HISTOGRAM }

    /** Viewer zoom steps; 0 means fit to the window. */
    public static final double[] ZOOM_STEPS = {0.25, 0.5, 1, 2, 4, 8};
    private final DoubleProperty zoom = new SimpleDoubleProperty(0);
    private final BooleanProperty rawSignal = new SimpleBooleanProperty(false);
    private final BooleanProperty safeAreas = new SimpleBooleanProperty(false);
    private final BooleanProperty grid = new SimpleBooleanProperty(false);
    private final BooleanProperty loupe = new SimpleBooleanProperty(false);
    private final ObjectProperty<ScopeKind> scopes = new SimpleObjectProperty<>(ScopeKind.OFF);
    private final LongProperty droppedFrames = new SimpleLongProperty(0);
    private final DoubleProperty volumeDb = new SimpleDoubleProperty(0);
    private final BooleanProperty muted = new SimpleBooleanProperty(false);
    private final javafx.beans.property.StringProperty audioNote = new javafx.beans.property.SimpleStringProperty("");
    private final ObjectProperty<double[]> meters = new SimpleObjectProperty<>(new double[]{Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
    /** The sound's clock (file time in microseconds of the sample being heard), the master clock while set. */
    private java.util.function.LongSupplier masterClock;
    private Runnable onClockStart = () -> { };

    private final ObjectProperty<MediaItem> item = new SimpleObjectProperty<>();
    private final ObjectProperty<TimelineModel> timeline = new SimpleObjectProperty<>();
    private final javafx.beans.value.ChangeListener<dev.flowsmith.editing.model.Project> durationListener =
            (o, a, b) -> this.frameCount.set(Math.max(1, b.duration()));
    private final ObjectProperty<Path> compareWith = new SimpleObjectProperty<>();
    private final LongProperty frame = new SimpleLongProperty(0);
    private final LongProperty frameCount = new SimpleLongProperty(0);
    private final DoubleProperty fps = new SimpleDoubleProperty(30);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final IntegerProperty rate = new SimpleIntegerProperty(0);
    private final ObjectProperty<CompareMode> compareMode = new SimpleObjectProperty<>(CompareMode.OFF);
    private final DoubleProperty wipe = new SimpleDoubleProperty(0.5);
    private final BooleanProperty actualSize = new SimpleBooleanProperty(false);
    private final AnimationTimer clock;
    private long playStartNanos;
    private long playStartFrame;

    public ViewerModel() {
        // 100 % is one of the zoom steps; the old toggle and the zoom stay in step
        actualSize.addListener((o, a, b) -> {
            if (b && zoom.get() != 1) {
                zoom.set(1);
            } else if (!b && zoom.get() == 1) {
                zoom.set(0);
            }
        });
        zoom.addListener((o, a, b) -> actualSize.set(b.doubleValue() == 1));
        clock = new AnimationTimer() {
            @Override
            public void handle(long now) {
                tick(now);
            }
        };
    }

    public void load(MediaItem m) {
        pause();
        leaveTimeline();
        item.set(m);
        // the compare side follows the selection: this clip's latest result, or nothing (never another clip's)
        Compared result = m == null ? null : results.get(m.path().toAbsolutePath().normalize());
        if (result == null) {
            compareWith.set(null);
            compareMode.set(CompareMode.OFF);
        } else {
            compareOffset.set(result.firstFrame());
            compareWith.set(result.file());
        }
        MediaInfo info = m == null ? null : m.info();
        VideoStreamInfo v = info == null ? null : info.video().orElse(null);
        frameCount.set(v == null ? 0 : v.frameCount());
        fps.set(v == null || !v.avgFrameRate().isKnown() ? 30 : v.avgFrameRate().toDouble());
        frame.set(0);
    }

    /**
     * Plays the timeline instead of a file: the frame is the timeline's playhead (both ways), the
     * length follows the edits.
     */
    public void showTimeline(TimelineModel t) {
        if (timeline.get() == t) {
            return;
        }
        pause();
        leaveTimeline();
        item.set(null);
        fps.set(t.project().rate().fps());
        frameCount.set(Math.max(1, t.project().duration()));
        t.projectProperty().addListener(durationListener);
        frame.set(t.playheadProperty().get());
        frame.bindBidirectional(t.playheadProperty());
        timeline.set(t);
    }

    private void leaveTimeline() {
        TimelineModel t = timeline.get();
        if (t != null) {
            frame.unbindBidirectional(t.playheadProperty());
            t.projectProperty().removeListener(durationListener);
            timeline.set(null);
        }
    }

    public ObjectProperty<TimelineModel> timelineProperty() {
        return timeline;
    }

    /** Pre-roll: playback time starts once the first frame to play is decoded (at most a second). */
    private java.util.function.LongPredicate frameReady = i -> true;
    private long prerollUntil;

    /** What the viewer's decoders say about frame {@code i} being ready to show; playback waits for it when starting. */
    public void setFrameReady(java.util.function.LongPredicate ready) {
        frameReady = ready;
    }

    /** Mean time between the timer's pulses (ns), smoothed: a frame stays on screen about this long. */
    private double pulseNanos = 1e9 / 60;
    private long lastTick;

    private void tick(long now) {
        long gap = now - lastTick;
        lastTick = now;
        if (gap > 0 && gap < 100_000_000L) {
            pulseNanos += (gap - pulseNanos) / 16;
        }
        if (!playing.get()) {
            return;
        }
        if (prerollUntil != 0) {
            if (now < prerollUntil && !frameReady.test(playStartFrame)) {
                playStartNanos = now; // the clock starts when the picture can
                return;
            }
            prerollUntil = 0;
            onClockStart.run(); // the sound starts with the picture
            playStartNanos = now;
        }
        if (masterClock != null && rate.get() == 1) {
            // video against the audio clock: the frame whose time the sound reaches by the middle of this pulse's
            // stay on screen (half a pulse ahead of the sample heard now), so a frame shows up to half a pulse
            // early or late instead of up to a whole pulse late (measured by bench/av-sync.sh)
            long lead = (long) (pulseNanos / 2000);
            long shown = (long) Math.floor((masterClock.getAsLong() + lead) * fps.get() / 1e6 + 1e-6);
            long last = Math.max(0, frameCount.get() - 1);
            if (shown >= last) {
                frame.set(last);
                pause();
                return;
            }
            if (shown > frame.get()) {
                frame.set(shown);
            }
            return;
        }
        double elapsed = (now - playStartNanos) / 1e9;
        long target = playStartFrame + Math.round(elapsed * fps.get() * rate.get());
        long last = Math.max(0, frameCount.get() - 1);
        if (target >= last || target <= 0 && rate.get() < 0) {
            target = Math.max(0, Math.min(last, target));
            pause();
        }
        frame.set(target);
    }

    public void play() {
        shuttle(1);
    }

    /** L (direction 1) plays forward, faster on each press (1x, 2x, 4x); J (-1) the same backwards; K (0) stops. */
    public void shuttle(int direction) {
        if (direction == 0) {
            pause();
            return;
        }
        int r = rate.get();
        int next = playing.get() && Integer.signum(r) == direction ? Math.max(-8, Math.min(8, r * 2)) : direction;
        if (frame.get() >= frameCount.get() - 1 && next > 0) {
            frame.set(0); // play again from the start
        }
        rate.set(next);
        playStartFrame = frame.get();
        playStartNanos = System.nanoTime();
        prerollUntil = playStartNanos + 1_000_000_000L;
        playing.set(true);
        clock.start();
    }

    public void pause() {
        playing.set(false);
        rate.set(0);
        clock.stop();
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    /** Frame step (Left/Right): pauses and moves by {@code delta} frames, with a grain of sound there. */
    public void step(int delta) {
        pause();
        seek(frame.get() + delta);
        onScrub.run();
    }

    /** The user drags the scrub bar to {@code index}: a seek with a short grain of sound when paused. */
    public void scrub(long index) {
        seek(index);
        if (!playing.get()) {
            onScrub.run();
        }
    }

    private Runnable onScrub = () -> { };

    /** What scrubbing sounds like (the viewer plays a grain); run on the FX thread after the move. */
    public void setOnScrub(Runnable r) {
        onScrub = r == null ? () -> { } : r;
    }

    public void seek(long index) {
        long last = Math.max(0, frameCount.get() - 1);
        frame.set(Math.max(0, Math.min(last, index)));
        if (playing.get()) {
            // playing on from the new place: decoders and sound restart there, after a new pre-roll
            playStartFrame = frame.get();
            playStartNanos = System.nanoTime();
            prerollUntil = playStartNanos + 1_000_000_000L;
            masterClock = null;
            onSeekWhilePlaying.run();
        }
    }

    private Runnable onSeekWhilePlaying = () -> { };

    /** Runs when the user moves the playhead while playing (the viewer restarts its decoders there). */
    public void setOnSeekWhilePlaying(Runnable r) {
        onSeekWhilePlaying = r == null ? () -> { } : r;
    }

    public ObjectProperty<MediaItem> itemProperty() {
        return item;
    }

    /** A file shown against a source; its frame 0 is the source's frame {@code firstFrame} (a preview of a range). */
    public record Compared(Path file, long firstFrame) {
    }

    /** Each source's latest result (a transcode, a restore, a propagation, a preview): what "compare" shows. */
    private final java.util.Map<Path, Compared> results = new java.util.HashMap<>();
    /** Source frame of the compare file's frame 0: 0 for a whole result, the range start for a preview. */
    private final LongProperty compareOffset = new javafx.beans.property.SimpleLongProperty(0);

    public LongProperty compareOffsetProperty() {
        return compareOffset;
    }

    /**
     * A job made {@code result} from {@code source}: remembered for that source, and shown against it at once when the
     * source is the clip in the viewer (wipe, unless another compare mode is chosen).
     */
    public void resultReady(Path source, Path result) {
        resultReady(source, result, 0);
    }

    /** As above for a result that starts at the source's frame {@code firstFrame} (a preview): the viewer goes there. */
    public void resultReady(Path source, Path result, long firstFrame) {
        Path key = source.toAbsolutePath().normalize();
        results.put(key, new Compared(result.toAbsolutePath().normalize(), firstFrame));
        MediaItem shown = item.get();
        if (shown != null && shown.path().toAbsolutePath().normalize().equals(key)) {
            compareWith.set(null); // a re-run to the same file must reopen it
            compareOffset.set(firstFrame);
            compareWith.set(result.toAbsolutePath().normalize());
            if (firstFrame > 0 && (frame.get() < firstFrame)) {
                seek(firstFrame);
            }
        }
    }

    /**
     * Plays two files of the same length and rate against each other from their first frame, side by side: {@code a}
     * as the clip, {@code b} as the compare side (a frame-rate preview: frames repeated, frames interpolated). The
     * pair is not a bin clip; choosing a clip in the bin shows that clip again.
     */
    public void showPreviewPair(Path a, Path b) {
        MediaItem pair = new MediaItem(a.toAbsolutePath().normalize());
        try {
            pair.ready(dev.flowsmith.media.MediaProbe.probe(a), null);
        } catch (dev.flowsmith.media.MediaException e) {
            return; // the preview job wrote it a moment ago; unreadable now means it was removed: nothing to show
        }
        load(pair);
        compareOffset.set(0);
        compareWith.set(b.toAbsolutePath().normalize());
        compareMode.set(CompareMode.SIDE_BY_SIDE);
    }

    /** The user picked a file to compare with the shown clip (or null to stop comparing). */
    public void compareWithFile(Path file) {
        MediaItem shown = item.get();
        if (file == null) {
            if (shown != null) {
                results.remove(shown.path().toAbsolutePath().normalize());
            }
            compareWith.set(null);
            compareMode.set(CompareMode.OFF);
            return;
        }
        if (shown != null) {
            resultReady(shown.path(), file);
        } else {
            compareOffset.set(0);
            compareWith.set(file.toAbsolutePath().normalize());
        }
    }

    public ObjectProperty<Path> compareWithProperty() {
        return compareWith;
    }

    public LongProperty frameProperty() {
        return frame;
    }

    public LongProperty frameCountProperty() {
        return frameCount;
    }

    public DoubleProperty fpsProperty() {
        return fps;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public IntegerProperty rateProperty() {
        return rate;
    }

    public ObjectProperty<CompareMode> compareModeProperty() {
        return compareMode;
    }

    /**
     * A/B toggle (key T): in wipe mode the whole picture flips between the source (A) and the result (B), the way
     * graders flick between before and after; the first press shows B.
     */
    public void toggleAB() {
        if (compareWith.get() == null) {
            return;
        }
        if (compareMode.get() != CompareMode.WIPE) {
            compareMode.set(CompareMode.WIPE);
        }
        wipe.set(wipe.get() > 0.0 ? 0.0 : 1.0);
    }

    public DoubleProperty wipeProperty() {
        return wipe;
    }

    public BooleanProperty actualSizeProperty() {
        return actualSize;
    }

    /** Zoom factor of the picture (1 = one decoded pixel per screen pixel), 0 = fit to the window. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** Next zoom step up (from fit: 100 %), up to 800 %. */
    public void zoomIn() {
        double z = zoom.get();
        for (double s : ZOOM_STEPS) {
            if (z == 0 ? s >= 1 : s > z + 1e-9) {
                zoom.set(s);
                return;
            }
        }
    }

    /** Next zoom step down, down to 25 %. */
    public void zoomOut() {
        double z = zoom.get() == 0 ? 1 : zoom.get();
        for (int i = ZOOM_STEPS.length - 1; i >= 0; i--) {
            if (ZOOM_STEPS[i] < z - 1e-9) {
                zoom.set(ZOOM_STEPS[i]);
                return;
            }
        }
    }

    /** Show the signal's code values as they are: no tone or gamut mapping (for grading). */
    public BooleanProperty rawSignalProperty() {
        return rawSignal;
    }

    /** Action-safe (93 %) and graphics-safe (90 %) frames over the picture (EBU R 95). */
    public BooleanProperty safeAreasProperty() {
        return safeAreas;
    }

    /** A rule-of-thirds grid over the picture. */
    public BooleanProperty gridProperty() {
        return grid;
    }

    /** A 4x magnifier that follows the mouse over the picture. */
    public BooleanProperty loupeProperty() {
        return loupe;
    }

    public ObjectProperty<ScopeKind> scopesProperty() {
        return scopes;
    }

    /** Frames skipped during the current playback because a later one was due (0 when playback keeps up). */
    public LongProperty droppedFramesProperty() {
        return droppedFrames;
    }

    /** Runs when playback time starts (after the pre-roll): where the sound starts. */
    public void setOnClockStart(Runnable r) {
        onClockStart = r == null ? () -> { } : r;
    }

    /** The sound's clock as the master clock of playback (null: the system timer). */
    public void setMasterClock(java.util.function.LongSupplier clock) {
        masterClock = clock;
    }

    /** Playback volume in dB (-40..+6; -40 is silence). */
    public DoubleProperty volumeDbProperty() {
        return volumeDb;
    }

    public BooleanProperty mutedProperty() {
        return muted;
    }

    /** Why there is no sound, or what the sound does at this speed ("muted at 2x"); empty when all is well. */
    public javafx.beans.property.StringProperty audioNoteProperty() {
        return audioNote;
    }

    /** Peak and RMS of what is heard, dBFS: {peakL, peakR, rmsL, rmsR}. */
    public ObjectProperty<double[]> metersProperty() {
        return meters;
    }
}
