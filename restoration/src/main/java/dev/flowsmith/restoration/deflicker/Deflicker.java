package dev.flowsmith.restoration.deflicker;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Removes brightness and colour flicker (film scans, fluorescent light, auto-exposure hunting): per frame and per
 * region of a coarse grid, a gain per colour channel that brings the frame to the flow-aligned temporal median of its
 * neighbours.
 * <ol>
 * <li>Analysis runs on copies at most {@value #ANALYSIS_WIDTH} pixels wide: only cell means are needed.</li>
 * <li>The neighbours within +-radius frames of the same shot are used; a shot ends where two consecutive frames
 * differ by more than the cut threshold once each is divided by its own mean brightness, so a flicker is not taken
 * for a cut and a cut is never averaged across.</li>
 * <li>Each neighbour is brought to the current frame's mean brightness (so DIS flow sees no brightness step), its flow
 * to the current frame estimated both ways, and the neighbour as it was, warped onto the current frame. Per cell and
 * channel the ratio of the warped neighbour's mean to the current frame's over the pixels both see (occluded ones
 * left out) is one vote; the gain is the median of the votes and 1 (the frame itself), so moving objects and a
 * minority of odd frames do not move it, and a steady change of light (a fade, a sunset) that the window follows
 * stays.</li>
 * <li>Cells too dark to measure take the frame's overall gain; log gains are smoothed over the grid and
 * interpolated bilinearly between cell centres, so no cell edges show.</li>
 * </ol>
 * Deterministic (the same window gives the same frame), so a resumed job repeats itself.
 */
public final class Deflicker implements FrameProcessor {
    /** Analysis copies are at most this wide. */
    static final int ANALYSIS_WIDTH = 256;
    /** A cell darker than this (0..1) is not measured: its ratios are noise. */
    private static final float DARK = 0.03f;
    private static final float MIN_GAIN = 0.4f, MAX_GAIN = 2.5f;

    /** Parameters: neighbours each side, cells across the frame (rows follow the aspect), the cut threshold. */
    public record Params(int radius, int grid, double cutThreshold) {
        public Params {
            if (radius < 1 || radius > 12) {
                throw new IllegalArgumentException("--radius " + radius + ": deflicker compares 1 to 12 frames each side");
            }
            if (grid < 1 || grid > 32) {
                throw new IllegalArgumentException("--grid " + grid + ": choose 1 (one gain per frame) to 32 cells across");
            }
            if (!(cutThreshold > 0 && cutThreshold < 1)) {
                throw new IllegalArgumentException("a cut threshold of " + cutThreshold + ": choose between 0 and 1");
            }
        }

        /** Tuned on shared clips with synthetic per-frame and per-region flicker ({@code bench/quality-bench.sh}). */
        public static Params defaults() {
            return new Params(5, 6, 0.12);
        }
    }

    private final Params params;
    private final FlowEstimator flow = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
    /** Analysis copies by frame index; frames leave it once they fall out of the window. */
    private final Map<Long, VideoFrame> small = new HashMap<>();
    private float[] fwd = new float[0], bwd = new float[0], occ = new float[0], conf = new float[0], warped = new float[0];
    private final VideoFrame matched = new VideoFrame();

    public Deflicker(Params params) {
        this.params = params;
    }

    @Override
    public int radius() {
        return params.radius();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "deflicker(radius=%d, grid=%d, cut=%.3f)", params.radius(), params.grid(), params.cutThreshold());
    }

    @Override
    public void beginSegment(long firstFrame) {
        small.clear();
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame c = window.get(0);
        int r = params.radius();
        VideoFrame[] s = new VideoFrame[2 * r + 1];
        for (int off = -r; off <= r; off++) {
            s[off + r] = window.exists(off) ? analysisCopy(window.get(off)) : null;
        }
        long centre = c.index();
        small.keySet().removeIf(i -> i < centre - r || i > centre + r);
        int lo = 0, hi = 0;
        while (lo > -r && s[lo - 1 + r] != null && !isCut(s[lo - 1 + r], s[lo + r])) {
            lo--;
        }
        while (hi < r && s[hi + 1 + r] != null && !isCut(s[hi + r], s[hi + 1 + r])) {
            hi++;
        }
        VideoFrame sc = s[r];
        int sw = sc.width(), sh = sc.height(), gx = Math.min(params.grid(), sw), gy = Math.max(1, Math.min(sh,
                (int) Math.round(params.grid() * sh / (double) sw)));
        int cells = gx * gy, votesMax = hi - lo;
        float[][][] votes = new float[3][cells][votesMax + 1];
        int[][] count = new int[3][cells];
        float[][] global = new float[3][votesMax + 1];
        int globalCount = 0;
        float[] cellMean = cellMeans(sc, gx, gy);
        for (int off = lo; off <= hi; off++) {
            if (off == 0) {
                continue;
            }
            VideoFrame sn = s[off + r];
            ratios(sc, sn, gx, gy, votes, count, global, globalCount++);
        }
        float[][] gain = new float[3][cells];
        for (int ch = 0; ch < 3; ch++) {
            float g0 = median(global[ch], globalCount);
            for (int k = 0; k < cells; k++) {
                boolean dark = cellMean[ch * cells + k] < DARK || count[ch][k] * 2 < globalCount;
                float g = dark ? g0 : median(votes[ch][k], count[ch][k]);
                gain[ch][k] = (float) Math.log(Math.max(MIN_GAIN, Math.min(MAX_GAIN, g)));
            }
            smooth(gain[ch], gx, gy);
        }
        apply(c, out, gain, gx, gy);
    }

    /** The frame at most {@value #ANALYSIS_WIDTH} wide (bilinear), cached by index for the window's life. */
    private VideoFrame analysisCopy(VideoFrame f) {
        return small.computeIfAbsent(f.index(), i -> {
            int w = f.width(), h = f.height();
            int sw = Math.min(w, ANALYSIS_WIDTH), sh = Math.max(1, (int) Math.round(h * sw / (double) w));
            VideoFrame out = new VideoFrame(sw, sh);
            float[] d = f.data(), o = out.data();
            if (sw == w && sh == h) {
                System.arraycopy(d, 0, o, 0, 3 * w * h);
            } else {
                ResampleKernels.bilinear(d, o, h, w, sh, sw, 0, 3 * sh);
            }
            out.setPosition(f.index(), f.pts(), f.timeBase());
            return out;
        });
    }

    private static double meanLuma(VideoFrame f) {
        float[] d = f.data();
        int plane = f.width() * f.height();
        double s = 0;
        for (int i = 0; i < plane; i++) {
            s += 0.2126 * d[i] + 0.7152 * d[plane + i] + 0.0722 * d[2 * plane + i];
        }
        return s / plane;
    }

    /** A cut: the two frames differ by more than the threshold once each is divided by its mean brightness. */
    private boolean isCut(VideoFrame a, VideoFrame b) {
        float[] x = a.data(), y = b.data();
        int plane = a.width() * a.height();
        double ma = Math.max(1e-3, meanLuma(a)), mb = Math.max(1e-3, meanLuma(b)), diff = 0;
        for (int i = 0; i < plane; i++) {
            double la = 0.2126 * x[i] + 0.7152 * x[plane + i] + 0.0722 * x[2 * plane + i];
            double lb = 0.2126 * y[i] + 0.7152 * y[plane + i] + 0.0722 * y[2 * plane + i];
            diff += Math.abs(la / ma - lb / mb);
        }
        return diff / plane * 0.5 > params.cutThreshold(); // * 0.5: on the scale of a mid-grey frame's differences
    }

    /** Mean per channel and cell, {@code [3][cells]}. */
    private static float[] cellMeans(VideoFrame f, int gx, int gy) {
        int w = f.width(), h = f.height(), plane = w * h, cells = gx * gy;
        double[] sum = new double[3 * cells];
        int[] n = new int[cells];
        float[] d = f.data();
        for (int y = 0; y < h; y++) {
            int cy = y * gy / h;
            for (int x = 0; x < w; x++) {
                int k = cy * gx + x * gx / w, i = y * w + x;
                n[k]++;
                for (int ch = 0; ch < 3; ch++) {
                    sum[ch * cells + k] += d[ch * plane + i];
                }
            }
        }
        float[] m = new float[3 * cells];
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) (sum[j] / Math.max(1, n[j % cells]));
        }
        return m;
    }

    /** One neighbour's votes: per cell and channel, warped neighbour mean / current mean over the pixels both see. */
    private void ratios(VideoFrame sc, VideoFrame sn, int gx, int gy, float[][][] votes, int[][] count, float[][] global, int g) {
        int w = sc.width(), h = sc.height(), plane = w * h, cells = gx * gy;
        if (fwd.length != 2 * plane) {
            fwd = new float[2 * plane];
            bwd = new float[2 * plane];
            occ = new float[plane];
            conf = new float[plane];
            warped = new float[3 * plane];
        }
        // the neighbour at the current frame's brightness, for the flow only: DIS assumes constant brightness
        double k = meanLuma(sc) / Math.max(1e-3, meanLuma(sn));
        matched.resize(w, h);
        float[] nd = sn.data(), md = matched.data();
        for (int i = 0; i < 3 * plane; i++) {
            md[i] = (float) Math.min(1.0, nd[i] * k);
        }
        flow.flow(sc, matched, fwd);
        flow.flow(matched, sc, bwd);
        FlowEstimator.check(fwd, bwd, occ, conf, w, h);
        FlowKernels.warpBilinear(nd, fwd, warped, h, w, FlowKernels.BORDER_CLAMP, 0, 3 * h);
        double[] sn2 = new double[3 * cells], sc2 = new double[3 * cells];
        int[] n = new int[cells], all = new int[cells];
        double[] gn = new double[3], gc = new double[3];
        float[] cd = sc.data();
        for (int y = 0; y < h; y++) {
            int cy = y * gy / h;
            for (int x = 0; x < w; x++) {
                int cell = cy * gx + x * gx / w, i = y * w + x;
                all[cell]++;
                if (occ[i] > 0) {
                    continue;
                }
                n[cell]++;
                for (int ch = 0; ch < 3; ch++) {
                    sn2[ch * cells + cell] += warped[ch * plane + i];
                    sc2[ch * cells + cell] += cd[ch * plane + i];
                    gn[ch] += warped[ch * plane + i];
                    gc[ch] += cd[ch * plane + i];
                }
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            global[ch][g] = (float) (gc[ch] > 1e-6 ? gn[ch] / gc[ch] : 1);
            for (int cell = 0; cell < cells; cell++) {
                double cur = sc2[ch * cells + cell];
                // a vote needs a third of the cell seen in both frames and enough light to divide by
                if (n[cell] * 3 >= all[cell] && cur > DARK * n[cell]) {
                    votes[ch][cell][count[ch][cell]++] = (float) (sn2[ch * cells + cell] / cur);
                }
            }
        }
    }

    /** The median of the first {@code n} votes together with 1 (the frame's own vote). */
    private static float median(float[] v, int n) {
        float[] a = Arrays.copyOf(v, n + 1);
        a[n] = 1f;
        Arrays.sort(a);
        return (n + 1) % 2 == 1 ? a[n / 2] : 0.5f * (a[n / 2] + a[n / 2 + 1]);
    }

    /** [1 2 1] / 4 over the grid's rows and columns (edges repeated). */
    private static void smooth(float[] g, int gx, int gy) {
        float[] t = g.clone();
        for (int y = 0; y < gy; y++) {
            for (int x = 0; x < gx; x++) {
                t[y * gx + x] = 0.25f * (g[y * gx + Math.max(0, x - 1)] + 2 * g[y * gx + x] + g[y * gx + Math.min(gx - 1, x + 1)]);
            }
        }
        for (int y = 0; y < gy; y++) {
            for (int x = 0; x < gx; x++) {
                g[y * gx + x] = 0.25f * (t[Math.max(0, y - 1) * gx + x] + 2 * t[y * gx + x] + t[Math.min(gy - 1, y + 1) * gx + x]);
            }
        }
    }

    /** {@code out = c * exp(gain)}, the log gains interpolated bilinearly between cell centres, clipped to 0..1. */
    private static void apply(VideoFrame c, VideoFrame out, float[][] logGain, int gx, int gy) {
        int w = c.width(), h = c.height(), plane = w * h;
        out.resize(w, h);
        out.setPosition(c.index(), c.pts(), c.timeBase());
        float[] d = c.data(), o = out.data();
        float[] row = new float[3 * w];
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0, Math.min(gy - 1, (y + 0.5f) * gy / h - 0.5f));
            int y0 = (int) fy, y1 = Math.min(gy - 1, y0 + 1);
            float ay = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0, Math.min(gx - 1, (x + 0.5f) * gx / w - 0.5f));
                int x0 = (int) fx, x1 = Math.min(gx - 1, x0 + 1);
                float ax = fx - x0;
                for (int ch = 0; ch < 3; ch++) {
                    float[] g = logGain[ch];
                    float top = g[y0 * gx + x0] + ax * (g[y0 * gx + x1] - g[y0 * gx + x0]);
                    float bot = g[y1 * gx + x0] + ax * (g[y1 * gx + x1] - g[y1 * gx + x0]);
                    row[ch * w + x] = (float) Math.exp(top + ay * (bot - top));
                }
            }
            for (int ch = 0; ch < 3; ch++) {
                int base = ch * plane + y * w;
                for (int x = 0; x < w; x++) {
                    o[base + x] = Math.max(0f, Math.min(1f, d[base + x] * row[ch * w + x]));
                }
            }
        }
    }

    @Override
    public void close() {
        small.clear();
    }
}
