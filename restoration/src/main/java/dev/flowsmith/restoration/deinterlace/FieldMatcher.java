package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

/**
 * Inverse telecine by field matching (as FFmpeg's {@code fieldmatch}): telecined film is not interlaced motion but whole
 * film frames split across video frames, so nothing needs interpolating: each frame's top field is woven with the
 * bottom field (its own, the previous frame's or the next frame's) that combs least, which is the other half of the
 * same film frame. Every film frame comes back at full resolution. The frame count and rate stay those of the video:
 * one frame in five repeats a film frame (decimation to the film's rate is not done).
 */
public final class FieldMatcher implements FrameProcessor {
    @Override
    public int radius() {
        return 1;
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        match(window, 0, out);
    }

    /** The frame at {@code at} (an offset in the window) matched: its top field with the least-combing bottom field. */
    static void match(FrameWindow window, int at, VideoFrame out) {
        VideoFrame own = window.get(at);
        int best = 0;
        double bestComb = Double.MAX_VALUE;
        for (int offset : new int[]{0, -1, 1}) { // own bottom field first: it wins ties
            if (!window.exists(at + offset)) {
                continue;
            }
            VideoFrame other = window.get(at + offset);
            if (other.width() != own.width() || other.height() != own.height()) {
                continue;
            }
            double c = combWith(own, other);
            if (c < bestComb - 1e-9) {
                bestComb = c;
                best = offset;
            }
        }
        weave(own, window.get(at + best), out);
    }

    /** {@code out}: the top field (even rows) of {@code top}, the bottom field of {@code bottom}. */
    static void weave(VideoFrame top, VideoFrame bottom, VideoFrame out) {
        int w = top.width(), h = top.height();
        out.resize(w, h);
        out.setPosition(top.index(), top.pts(), top.timeBase());
        float[] o = out.data(), t = top.data(), b = bottom.data();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(y % 2 == 0 ? t : b, c * w * h + y * w, o, c * w * h + y * w, w);
            }
        }
    }

    /**
     * How much the top field of {@code top} woven with the bottom field of {@code bottom} combs: the mean of the
     * bottom rows' distance from their top neighbours' midpoint beyond the distance between those neighbours (a real
     * edge keeps its rows in order; two pictures woven together do not).
     */
    static double combWith(VideoFrame top, VideoFrame bottom) {
        int w = top.width(), h = top.height(), plane = w * h;
        float[] t = top.data(), b = bottom.data();
        double sum = 0;
        long n = 0;
        for (int y = 1; y + 1 < h; y += 2) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float above = luma(t, i - w, plane), below = luma(t, i + w, plane), mid = luma(b, i, plane);
                sum += Math.max(0, Math.abs(mid - 0.5f * (above + below)) - 0.5f * Math.abs(above - below));
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static float luma(float[] d, int i, int plane) {
        return 0.299f * d[i] + 0.587f * d[plane + i] + 0.114f * d[2 * plane + i];
    }

    @Override
    public String describe() {
        return "fieldmatch(top, own/previous/next bottom, least combing)";
    }
}
