package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Motion-compensated deinterlacing. Every field keeps its own rows; its missing rows come from the fields just before
 * and after it (the other parity: their real rows are exactly the missing ones), brought to its time along optical flow
 * (DIS between the fields made whole by {@link SpatialFieldInterpolator}), each trusted by its forward-backward check.
 * Where the two motion-compensated fields agree they are averaged; where they disagree or neither is trusted
 * (occlusion, fast or non-rigid motion) the edge-directed spatial interpolation takes over, blended smoothly by the
 * disagreement, so there is no comb and no plain blend of two times. Output at field rate (two frames per frame,
 * default) or frame rate (the earlier field of each frame). Progressive input passes through untouched.
 */
public final class Deinterlacer implements FrameProcessor {
    /**
     * {@code order}: the fields' order (detected by {@link FieldOrderDetector} when the user says auto);
     * {@code fieldRate}: two output frames per frame; {@code agreement}: the difference (0..1) between the two
     * motion-compensated candidates at which the spatial estimate has taken about 40 % of the pixel.
     */
    public record Params(FieldOrder order, boolean fieldRate, double agreement) {
        public Params {
            if (order == null) {
                throw new IllegalArgumentException("field order not resolved");
            }
            if (!(agreement > 0 && agreement <= 1)) {
                throw new IllegalArgumentException("agreement " + agreement);
            }
        }

        /** Candidate disagreement at which the spatial estimate takes about 40 % (tuned on Vid4 and DAVIS frames). */
        public static final double DEFAULT_AGREEMENT = 0.04;

        public static Params defaults(FieldOrder order) {
            return new Params(order, true, DEFAULT_AGREEMENT);
        }
    }

    private final Params params;
    private final SpatialFieldInterpolator spatial = new SpatialFieldInterpolator();
    /** Whole-frame fields and flows between them, by field key (frame index * 2 + parity): neighbours reuse them. */
    private final Map<Long, VideoFrame> fields = lru(8);
    private final Map<String, float[]> flows = lru(8);
    private float[] occ = new float[0], confPrev = new float[0], confNext = new float[0];
    private float[] warpedPrev = new float[0], warpedNext = new float[0];

    public Deinterlacer(Params params) {
        this.params = params;
    }

    private static <K, V> Map<K, V> lru(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> e) {
                return size() > size;
            }
        };
    }

    @Override
    public int radius() {
        return 1;
    }

    @Override
    public int outputsPerFrame() {
        return params.fieldRate() && params.order() != FieldOrder.PROGRESSIVE ? 2 : 1;
    }

    @Override
    public void beginSegment(long firstFrame) {
        fields.clear();
        flows.clear();
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        process(window, out, 0);
    }

    @Override
    public void process(FrameWindow window, VideoFrame out, int sub) {
        VideoFrame frame = window.get(0);
        int w = frame.width(), h = frame.height(), plane = w * h;
        out.resize(w, h);
        if (params.order() == FieldOrder.PROGRESSIVE) {
            System.arraycopy(frame.data(), 0, out.data(), 0, 3 * plane);
            return;
        }
        FieldOrder order = params.order();
        int parity = order.parity(sub);
        // the fields before and after this one: the other field of this frame, and one of the neighbour frame
        int prevOffset = sub == 0 ? -1 : 0, nextOffset = sub == 0 ? 0 : 1;
        boolean hasPrev = window.exists(prevOffset), hasNext = window.exists(nextOffset);
        VideoFrame self = field(frame, parity);
        ensure(plane);
        float[] mp = null, mn = null;
        if (hasPrev) {
            VideoFrame prev = field(window.get(prevOffset), order.parity(1 - sub));
            mp = compensate(self, prev, warpedPrev, confPrev);
        }
        if (hasNext) {
            VideoFrame next = field(window.get(nextOffset), order.parity(1 - sub));
            mn = compensate(self, next, warpedNext, confNext);
        }
        float[] s = self.data(), o = out.data(), in = frame.data();
        double k = params.agreement();
        float inv = (float) (1 / (2 * k * k));
        for (int y = 0; y < h; y++) {
            if ((y & 1) == parity) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(in, c * plane + y * w, o, c * plane + y * w, w);
                }
                continue;
            }
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float cp = mp == null ? 0 : confPrev[i], cn = mn == null ? 0 : confNext[i];
                float sum = cp + cn;
                if (sum < 1e-3f) {
                    for (int c = 0; c < 3; c++) {
                        o[c * plane + i] = s[c * plane + i];
                    }
                    continue;
                }
                // disagreement: between the two candidates when both are trusted, else of the one with the spatial estimate
                float d = 0;
                for (int c = 0; c < 3; c++) {
                    int j = c * plane + i;
                    float t = ((mp == null ? 0 : cp * mp[j]) + (mn == null ? 0 : cn * mn[j])) / sum;
                    float dc = cp > 0.3f && cn > 0.3f ? Math.abs(mp[j] - mn[j]) : 0.5f * Math.abs(t - s[j]);
                    d = Math.max(d, dc);
                }
                float trust = (float) Math.exp(-d * d * inv) * Math.min(1f, sum);
                for (int c = 0; c < 3; c++) {
                    int j = c * plane + i;
                    float t = ((mp == null ? 0 : cp * mp[j]) + (mn == null ? 0 : cn * mn[j])) / sum;
                    o[j] = trust * t + (1 - trust) * s[j];
                }
            }
        }
    }

    /** {@code other} warped onto {@code self}'s time along the flow between them, and its confidence per pixel. */
    private float[] compensate(VideoFrame self, VideoFrame other, float[] warped, float[] conf) {
        int w = self.width(), h = self.height();
        float[] fwd = flow(self, other), bwd = flow(other, self);
        FlowEstimator.check(fwd, bwd, occ, conf, w, h);
        FlowKernels.warpBilinear(other.data(), fwd, warped, h, w, FlowKernels.BORDER_CLAMP, 0, 3 * h);
        return warped;
    }

    private float[] flow(VideoFrame a, VideoFrame b) {
        String key = key(a) + ">" + key(b);
        float[] f = flows.get(key);
        if (f == null) {
            f = new float[2 * a.width() * a.height()];
            FlowEstimator.forThisThread(FlowEstimator.Preset.MEDIUM).flow(a, b, f);
            flows.put(key, f);
        }
        return f;
    }

    /** The field of {@code parity} of {@code frame}, made whole (cached: a field serves three outputs). */
    private VideoFrame field(VideoFrame frame, int parity) {
        long key = frame.index() * 2 + parity;
        VideoFrame f = fields.get(key);
        if (f == null) {
            f = new VideoFrame();
            spatial.fill(frame, parity, f);
            f.setPosition(key, frame.pts(), frame.timeBase());
            fields.put(key, f);
        }
        return f;
    }

    private static long key(VideoFrame field) {
        return field.index();
    }

    private void ensure(int plane) {
        if (occ.length != plane) {
            occ = new float[plane];
            confPrev = new float[plane];
            confNext = new float[plane];
            warpedPrev = new float[3 * plane];
            warpedNext = new float[3 * plane];
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "deinterlace order=%s rate=%s agreement=%.3f", params.order().shortName(),
                params.fieldRate() ? "field" : "frame", params.agreement());
    }
}
