package dev.flowsmith.restoration.denoise;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;

import java.util.HashMap;
import java.util.Map;

/**
 * The flows between a frame and its later neighbours, kept until those neighbours' turn: as the denoiser's window
 * slides, frame t needs flow(t, t+k) and flow(t+k, t), and frame t+k needs the same two flows the other way round,
 * so each is estimated once instead of twice (DIS starts from zero flow, so a kept flow is exactly the one a second
 * estimate would give). Kept only while {@code radius^2} pairs of flows fit the memory budget (an eighth of the
 * heap, at most 256 MB: radius 3 at 1080p holds about 300 MB, so it is kept up to about 1600x900).
 */
final class PairFlows {
    private final FlowEstimator estimator;
    private final Map<Long, float[]> kept = new HashMap<>();
    /** Arrays of flows dropped or handed out before this frame, reused rather than allocated every frame. */
    private final java.util.ArrayDeque<float[]> spare = new java.util.ArrayDeque<>();
    private final java.util.List<float[]> handedOut = new java.util.ArrayList<>();
    private final long budgetBytes = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    private long current = Long.MIN_VALUE;

    PairFlows(FlowEstimator estimator) {
        this.estimator = estimator;
    }

    /**
     * flow(a, b) into {@code scratch}, or a kept array: the result is only to be read, and only until the next call
     * with the same pair. Kept for later when b comes after a within {@code radius} frames and it fits the budget.
     */
    float[] flow(VideoFrame a, VideoFrame b, int radius, float[] scratch) {
        long key = key(a.index(), b.index());
        float[] f = kept.remove(key);
        if (f != null && f.length == scratch.length) {
            handedOut.add(f); // the caller reads it during this frame only
            return f;
        }
        long pairs = 2L * radius * radius;
        boolean keep = Math.abs(b.index() - a.index()) <= radius && Math.max(a.index(), b.index()) > current
                && pairs * scratch.length * Float.BYTES <= budgetBytes;
        float[] out = keep ? spareOf(scratch.length) : scratch;
        estimator.flow(a, b, out);
        if (keep) {
            kept.put(key, out);
        }
        return out;
    }

    /**
     * The window moved to frame {@code index}. Flows no later frame can ask for are dropped; everything is dropped
     * when the window jumped (a preview of another frame, a new segment), so a kept flow is always from this run.
     */
    void moveTo(long index) {
        spare.addAll(handedOut);
        handedOut.clear();
        if (index != current + 1) {
            spare.addAll(kept.values());
            kept.clear();
        } else {
            kept.entrySet().removeIf(e -> {
                long k = e.getKey();
                boolean stale = Math.max(k >>> 32, k & 0xffffffffL) < index;
                if (stale) {
                    spare.add(e.getValue());
                }
                return stale;
            });
        }
        current = index;
    }

    private float[] spareOf(int length) {
        float[] s;
        while ((s = spare.poll()) != null) {
            if (s.length == length) {
                return s;
            }
        }
        return new float[length];
    }

    private static long key(long from, long to) {
        return (from << 32) | (to & 0xffffffffL);
    }
}
