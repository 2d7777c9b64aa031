package dev.flowsmith.restoration.deflicker;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.interp.SceneCuts;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Removes brightness and colour flicker (film scans, fluorescent light, auto-exposure hunting): per frame and per
 * region of a coarse grid, a gain per colour channel that brings the frame to the trend of its neighbours.
 * <ol>
 * <li>Analysis runs on copies at most {@value #ANALYSIS_WIDTH} pixels wide: only cell means are needed.</li>
 * <li>The neighbours within +-radius frames of the same shot are used; a shot ends where two consecutive frames'
 * 64x36 luma thumbnails differ by more than the cut threshold once brought to a common mean brightness, so a flicker
 * is not taken for a cut and a cut is never averaged across.</li>
 * <li>Each neighbour votes per cell and channel with the log ratio of its mean to the current frame's, over the
 * pixels whose own brightness ratio lies near the frame's median ratio: what moved, appeared or disappeared changes
 * its ratio and drops out, while the flicker, the same ratio for the whole region, stays. (Comparing along optical
 * flow instead, with neighbours warped onto the frame, was measured 0.4-3.1 dB worse on Vid4 calendar and DAVIS
 * bmx-trees, most likely from the warp's resampling at edges; so no flow is used.)</li>
 * <li>The gain is the trend of the votes and the frame's own (0): a Theil-Sen line where a steady change of light (a
 * fade, a sunset) stands out of the flicker, so it is kept, else a trimmed mean; a plane over the grid plus some
 * detail per cell; cells too dark to measure take the frame's overall gain; log gains are smoothed and interpolated
 * between cell centres, so no cell edges show.</li>
 * </ol>
 * Deterministic (the same window gives the same frame), so a resumed job repeats itself.
 */
public final class Deflicker implements FrameProcessor {
    /** Analysis copies are at most this wide. */
    static final int ANALYSIS_WIDTH = 256;
    /** A cell darker than this (0..1) is not measured: its ratios are noise. */
    private static final float DARK = 0.03f;
    private static final float MIN_GAIN = 0.4f, MAX_GAIN = 2.5f;
    /** A pixel votes when its log brightness ratio is within this of the frame's median ratio (about +-20 %). */
    private static final float INLIER = 0.18f;
    /** Pairs of votes this many frames apart (or more) give the trend's slope. */
    private static final int SLOPE_BASE = 4;
    /** The share of a cell's own departure from the fitted gain plane that it keeps. */
    private static final float DETAIL = 0.3f;

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
            return new Params(8, 6, 0.12);
        }
    }

    private final Params params;
    /** Analysis copies and their cut-test thumbnails by frame index; frames leave once they fall out of the window. */
    private final Map<Long, Analysed> small = new HashMap<>();
    private float[] logRatio = new float[0], gainField = new float[0];

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
        Analysed[] s = new Analysed[2 * r + 1];
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
        VideoFrame sc = s[r].copy();
        int sw = sc.width(), sh = sc.height(), gx = Math.min(params.grid(), sw), gy = Math.max(1, Math.min(sh,
                (int) Math.round(params.grid() * sh / (double) sw)));
        int cells = gx * gy, votesMax = hi - lo;
        // votes: log(neighbour / current) per channel and cell, with the neighbour's offset
        float[][][] votes = new float[3][cells][votesMax];
        int[][][] offsets = new int[3][cells][votesMax];
        int[][] count = new int[3][cells];
        float[][] global = new float[3][votesMax];
        int[] globalOffsets = new int[votesMax];
        int globalCount = 0;
        float[] cellMean = cellMeans(sc, gx, gy);
        for (int off = lo; off <= hi; off++) {
            if (off == 0) {
                continue;
            }
            globalOffsets[globalCount] = off;
            ratios(sc, s[off + r].copy(), off, gx, gy, votes, offsets, count, global, globalCount++);
        }
        // a gain per channel and region (a luma gain with one tint per frame measured 0.5 dB worse on the shared clips)
        float[][] gain = new float[3][cells];
        for (int ch = 0; ch < 3; ch++) {
            float g0 = trendAtZero(global[ch], globalOffsets, globalCount);
            boolean[] measured = new boolean[cells];
            for (int k = 0; k < cells; k++) {
                measured[k] = cellMean[ch * cells + k] >= DARK && count[ch][k] * 2 >= globalCount && count[ch][k] > 0;
                float g = measured[k] ? trendAtZero(votes[ch][k], offsets[ch][k], count[ch][k]) : g0;
                gain[ch][k] = Math.max((float) Math.log(MIN_GAIN), Math.min((float) Math.log(MAX_GAIN), g));
            }
            planeAndDetail(gain[ch], measured, gx, gy, g0);
            smooth(gain[ch], gx, gy);
        }
        apply(c, out, gain, gx, gy);
    }

    /** A frame as the analysis sees it: at most {@value #ANALYSIS_WIDTH} wide, and its 64x36 luma thumbnail. */
    private record Analysed(VideoFrame copy, float[] thumbnail) {
    }

    /** The frame's analysis copy (bilinear) and thumbnail, made once per frame and kept for the window's life. */
    private Analysed analysisCopy(VideoFrame f) {
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
            return new Analysed(out, SceneCuts.thumbnail(out));
        });
    }

    /**
     * A cut: the frames' 64x36 luma pictures (box averages, as {@code SceneCuts} compares them, so motion within a
     * shot counts little) differ by more than the threshold once each is brought to their common mean brightness, so
     * a flicker is not taken for a cut.
     */
    private boolean isCut(Analysed a, Analysed b) {
        float[] x = a.thumbnail(), y = b.thumbnail();
        double ma = 0, mb = 0;
        for (int i = 0; i < x.length; i++) {
            ma += x[i];
            mb += y[i];
        }
        ma = Math.max(1e-3, ma / x.length);
        mb = Math.max(1e-3, mb / y.length);
        double m = 0.5 * (ma + mb), ka = m / ma, kb = m / mb, diff = 0;
        for (int i = 0; i < x.length; i++) {
            diff += Math.abs(x[i] * ka - y[i] * kb);
        }
        return diff / x.length > params.cutThreshold();
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

    /**
     * One neighbour's votes: per cell and channel, log of its mean over the current frame's, over the pixels
     * whose brightness ratio is near the frame's median ratio.
     */
    private void ratios(VideoFrame sc, VideoFrame sn, int off, int gx, int gy, float[][][] votes, int[][][] offsets,
                        int[][] count, float[][] global, int g) {
        int w = sc.width(), h = sc.height(), plane = w * h, cells = gx * gy;
        if (logRatio.length != plane) {
            logRatio = new float[plane];
        }
        float[] cd = sc.data(), nb = sn.data(), lr = logRatio;
        float centre = logRatios(cd, nb, plane, lr);
        if (Float.isNaN(centre)) {
            return; // too little light in both frames to vote
        }
        double[] sn2 = new double[3 * cells], sc2 = new double[3 * cells];
        int[] n = new int[cells], all = new int[cells];
        double[] gn = new double[3], gc = new double[3];
        for (int y = 0; y < h; y++) {
            int cy = y * gy / h;
            for (int x = 0; x < w; x++) {
                int cell = cy * gx + x * gx / w, i = y * w + x;
                all[cell]++;
                if (!(Math.abs(lr[i] - centre) < INLIER)) { // NaN fails too
                    continue;
                }
                n[cell]++;
                for (int ch = 0; ch < 3; ch++) {
                    float wv = nb[ch * plane + i], cv = cd[ch * plane + i];
                    sn2[ch * cells + cell] += wv;
                    sc2[ch * cells + cell] += cv;
                    gn[ch] += wv;
                    gc[ch] += cv;
                }
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            global[ch][g] = (float) (gc[ch] > 1e-6 && gn[ch] > 1e-6 ? Math.log(gn[ch] / gc[ch]) : 0);
            for (int cell = 0; cell < cells; cell++) {
                double cur = sc2[ch * cells + cell], near = sn2[ch * cells + cell];
                // a vote needs a fifth of the cell seen in both frames and enough light to divide by
                if (n[cell] * 5 >= all[cell] && cur > DARK * n[cell] && near > DARK * n[cell]) {
                    int j = count[ch][cell]++;
                    votes[ch][cell][j] = (float) Math.log(near / cur);
                    offsets[ch][cell][j] = off;
                }
            }
        }
    }

    /**
     * Per pixel, log(neighbour luma / current luma), NaN where too dark or near clipping (a clipped value
     * says nothing about the gain); returns the median of the finite ones, NaN when under a tenth of the frame.
     */
    private static float logRatios(float[] cd, float[] nb, int plane, float[] out) {
        int valid = 0;
        for (int i = 0; i < plane; i++) {
            float lc = 0.2126f * cd[i] + 0.7152f * cd[plane + i] + 0.0722f * cd[2 * plane + i];
            float ln = 0.2126f * nb[i] + 0.7152f * nb[plane + i] + 0.0722f * nb[2 * plane + i];
            out[i] = lc < DARK || ln < DARK || lc > 0.98f || ln > 0.98f ? Float.NaN
                    : (float) Math.log(ln / lc);
            if (!Float.isNaN(out[i])) {
                valid++;
            }
        }
        if (valid < plane / 10) {
            return Float.NaN;
        }
        float[] finite = new float[valid];
        for (int i = 0, j = 0; i < plane; i++) {
            if (!Float.isNaN(out[i])) {
                finite[j++] = out[i];
            }
        }
        Arrays.sort(finite);
        return finite[valid / 2];
    }

    private static int inliers(float[] lr, float centre, int plane) {
        int n = 0;
        for (int i = 0; i < plane; i++) {
            if (Math.abs(lr[i] - centre) < INLIER) {
                n++;
            }
        }
        return n;
    }

    /**
     * The log gain that brings the current frame to its neighbours' trend: a Theil-Sen line through the votes
     * (offset, log ratio) and the frame's own (0, 0), read at offset 0. A median alone would follow flicker as well,
     * but would also pull the ends of a fade (or a window cut short by the ends of the shot) towards the middle; the
     * line follows a steady change of light and leaves it alone.
     */
    static float trendAtZero(float[] v, int[] off, int n) {
        if (n == 0) {
            return 0;
        }
        float[] xs = new float[n + 1], ys = new float[n + 1];
        for (int i = 0; i < n; i++) {
            xs[i] = off[i];
            ys[i] = v[i];
        }
        int m = n + 1; // the last point is (0, 0)
        // slopes from pairs at least SLOPE_BASE frames apart where there are such: flicker over a short base is what
        // makes a slope noisy, a fade shows over any base
        float[] slopes = new float[m * (m - 1) / 2];
        int s = pairSlopes(xs, ys, m, SLOPE_BASE, slopes);
        if (s == 0) { // a window too short for the long base: every pair
            s = pairSlopes(xs, ys, m, 1, slopes);
        }
        float slope = s == 0 ? 0 : medianOf(slopes, s);
        // a slope the flicker itself could make is dropped: read at the end of a one-sided window (the ends of a shot)
        // it would be extrapolated; a fade stands out of the flicker and is kept
        float mid = medianOf(ys, m);
        float[] dev = new float[m];
        for (int i = 0; i < m; i++) {
            dev[i] = Math.abs(ys[i] - mid);
        }
        float[] devLine = new float[m], onLine = new float[m];
        for (int i = 0; i < m; i++) {
            onLine[i] = ys[i] - slope * xs[i];
        }
        float midLine = medianOf(onLine, m);
        for (int i = 0; i < m; i++) {
            devLine[i] = Math.abs(onLine[i] - midLine);
        }
        if (!(medianOf(devLine, m) < 0.5f * medianOf(dev, m))) { // the line explains little more than a level does
            slope = 0;
        }
        float[] resid = new float[m];
        for (int i = 0; i < m; i++) {
            resid[i] = ys[i] - slope * xs[i];
        }
        // the line at 0 is log(trend / current): the log gain that brings the current frame onto the trend. A trimmed
        // mean of the residuals, not their median (measured 1.7 dB better on Vid4 calendar, 0.15 dB worse on bmx-trees,
        // in DeflickerTest's 16 frames); the trim still drops odd frames and cells that moved
        Arrays.sort(resid);
        int trim = m / 5;
        double sum = 0;
        for (int i = trim; i < m - trim; i++) {
            sum += resid[i];
        }
        return (float) (sum / (m - 2 * trim));
    }

    /** The slopes of all pairs of points at least {@code base} apart, into {@code out}; returns how many. */
    private static int pairSlopes(float[] xs, float[] ys, int m, int base, float[] out) {
        int s = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                if (Math.abs(xs[j] - xs[i]) >= base) {
                    out[s++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
                }
            }
        }
        return s;
    }

    private static float medianOf(float[] a, int n) {
        float[] b = Arrays.copyOf(a, n);
        Arrays.sort(b);
        return n % 2 == 1 ? b[n / 2] : 0.5f * (b[n / 2 - 1] + b[n / 2]);
    }

    /**
     * Flicker is mostly a gain that varies slowly across the picture (a lamp, a shutter, an uneven scan): the cells'
     * log gains are fitted by a plane {@code a + b x + c y} (least squares over the measured cells; the frame's gain
     * where too few are measured), and each cell keeps only {@value #DETAIL} of its own departure from the plane. The
     * plane averages the noise of all cells, the detail still follows a local flicker.
     */
    private static void planeAndDetail(float[] g, boolean[] measured, int gx, int gy, float g0) {
        double[][] ata = new double[3][3];
        double[] atb = new double[3];
        int n = 0;
        for (int k = 0; k < g.length; k++) {
            if (!measured[k]) {
                continue;
            }
            double x = gx == 1 ? 0 : (k % gx) / (gx - 1.0) - 0.5, y = gy == 1 ? 0 : (k / gx) / (gy - 1.0) - 0.5;
            double[] row = {1, x, y};
            for (int i = 0; i < 3; i++) {
                atb[i] += row[i] * g[k];
                for (int j = 0; j < 3; j++) {
                    ata[i][j] += row[i] * row[j];
                }
            }
            n++;
        }
        double[] coef = n >= 3 ? solve3(ata, atb) : null;
        double flat = n > 0 ? atb[0] / n : g0; // no plane to fit (one row or column of cells): their mean
        for (int k = 0; k < g.length; k++) {
            double x = gx == 1 ? 0 : (k % gx) / (gx - 1.0) - 0.5, y = gy == 1 ? 0 : (k / gx) / (gy - 1.0) - 0.5;
            double plane = coef == null ? flat : coef[0] + coef[1] * x + coef[2] * y;
            g[k] = (float) (measured[k] ? plane + DETAIL * (g[k] - plane) : plane);
        }
    }

    /** Solves a 3x3 system (Cramer's rule); null when it is singular (cells all in one row or column). */
    private static double[] solve3(double[][] m, double[] b) {
        double det = det3(m);
        if (Math.abs(det) < 1e-9) {
            return null;
        }
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] t = new double[3][];
            for (int r = 0; r < 3; r++) {
                t[r] = m[r].clone();
                t[r][c] = b[r];
            }
            x[c] = det3(t) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
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
    private void apply(VideoFrame c, VideoFrame out, float[][] logGain, int gx, int gy) {
        int w = c.width(), h = c.height(), plane = w * h, cells = gx * gy;
        out.resize(w, h);
        out.setPosition(c.index(), c.pts(), c.timeBase());
        float[] grid = new float[3 * cells];
        for (int ch = 0; ch < 3; ch++) {
            System.arraycopy(logGain[ch], 0, grid, ch * cells, cells);
        }
        if (gainField.length != 3 * plane) {
            gainField = new float[3 * plane];
        }
        ResampleKernels.bilinear(grid, gainField, gy, gx, h, w, 0, 3 * h);
        float[] d = c.data(), o = out.data();
        for (int i = 0; i < 3 * plane; i++) {
            o[i] = Math.max(0f, Math.min(1f, d[i] * (float) Math.exp(gainField[i])));
        }
    }

    @Override
    public void close() {
        small.clear();
    }
}
