package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inverse telecine: fields matched back into film frames ({@link FieldMatcher}), then one frame in every five dropped
 * (FFmpeg's {@code fieldmatch,decimate}): 3:2 pulldown repeats one film frame per cycle, and the repeat is the matched
 * frame nearest to the one before it. Four of five frames are written, evenly spaced at four fifths of the rate (29.97
 * becomes 23.976 frames/s), so the film plays at its own cadence without the pulldown's judder. Cycles count from the
 * file's first frame; a cycle's choice depends only on its own frames and the one before, so any segment decides as a
 * full run does. A last, incomplete cycle keeps all its frames.
 */
public final class InverseTelecine implements FrameProcessor {
    /** Frames per telecine cycle and film frames in it. */
    public static final int CYCLE = 5, KEPT = 4;
    /** Matched frames by index: a cycle's decision and its frames reuse them. */
    private final Map<Long, VideoFrame> matched = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, VideoFrame> e) {
            return size() > 2 * CYCLE + 2;
        }
    };
    private long decidedCycle = -1;
    private long dropped = -1;
    private int cycleLength;

    @Override
    public int radius() {
        return CYCLE + 1; // the cycle, the frame before it, and each one's neighbours for matching
    }

    @Override
    public int[] cadence() {
        return new int[]{CYCLE, KEPT};
    }

    @Override
    public void beginSegment(long firstFrame) {
        matched.clear();
        decidedCycle = -1;
    }

    @Override
    public int keptPlace(FrameWindow window) {
        long i = window.centreIndex(), cycle = i / CYCLE, first = cycle * CYCLE;
        if (cycle != decidedCycle) {
            decide(window, first);
            decidedCycle = cycle;
        }
        int place = (int) (i - first);
        if (cycleLength < CYCLE) {
            return place; // the file ends mid-cycle: nothing to drop
        }
        return i == dropped ? -1 : place - (i > dropped ? 1 : 0);
    }

    /** The repeat of the cycle starting at {@code first}: the matched frame closest to its predecessor. */
    private void decide(FrameWindow window, long first) {
        long centre = window.centreIndex();
        cycleLength = 0;
        double least = Double.MAX_VALUE;
        dropped = -1;
        for (long j = first; j < first + CYCLE; j++) {
            if (!window.exists((int) (j - centre))) {
                break;
            }
            cycleLength++;
            if (!window.exists((int) (j - 1 - centre))) {
                continue; // the file's first frame is never the repeat
            }
            double d = difference(match(window, j), match(window, j - 1));
            if (d < least) {
                least = d;
                dropped = j;
            }
        }
    }

    private VideoFrame match(FrameWindow window, long index) {
        VideoFrame m = matched.get(index);
        if (m == null) {
            m = new VideoFrame();
            FieldMatcher.match(window, (int) (index - window.centreIndex()), m);
            matched.put(index, m);
        }
        return m;
    }

    private static double difference(VideoFrame a, VideoFrame b) {
        float[] x = a.data(), y = b.data();
        int plane = a.width() * a.height();
        double s = 0;
        for (int i = 0; i < plane; i++) { // luma, every pixel
            s += Math.abs(0.299 * (x[i] - y[i]) + 0.587 * (x[plane + i] - y[plane + i]) + 0.114 * (x[2 * plane + i] - y[2 * plane + i]));
        }
        return s / plane;
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame m = match(window, window.centreIndex());
        out.resize(m.width(), m.height());
        System.arraycopy(m.data(), 0, out.data(), 0, m.data().length);
        out.setPosition(m.index(), m.pts(), m.timeBase());
    }

    @Override
    public String describe() {
        return "ivtc(fieldmatch, decimate 1 in 5)";
    }
}
