package dev.flowsmith.restoration.denoise;

import dev.flowsmith.kernels.CollaborativeKernels;
import dev.flowsmith.kernels.backend.CollaborativeVector;
import dev.flowsmith.kernels.backend.ParallelRange;
import dev.flowsmith.media.VideoFrame;

import java.util.Arrays;

/**
 * BM3D's two collaborative filters ({@link CollaborativeKernels}) on an RGB frame whose noise variance varies per
 * pixel, in BM3D's opponent colour space with grouping on its luma: {@link #hardThreshold} makes the basic
 * estimate, {@link #wiener} filters again guided by a pilot. The grid of reference blocks is split into bands run
 * even ones first, odd ones after, so no two threads add to one pixel and the result is the same on any number of
 * threads. The CPU backend's Vector API path runs unless the plain-Java oracle is asked for.
 */
final class CollaborativeFilter {
    /** Noise variance of the opponent channels Y=(R+G+B)/3, U=(R-B)/2, V=(R-2G+B)/4 for i.i.d. RGB noise of 1. */
    private static final float[] OPPONENT_VARIANCE = {1f / 3, 1f / 2, 3f / 8};

    /**
     * Grouping and filtering settings of one step: reference grid step, search offsets {@code [-radius, radius)},
     * largest group, block-match threshold (mean squared difference, 0..1 scale), hard threshold in noise standard
     * deviations (0 for the Wiener step) and a factor on the given noise variance.
     */
    record Settings(int step, int radius, int maxGroup, float tau, float lambda, float varianceScale) {
        Settings {
            if (step < 1 || step > 8 || radius < 1 || radius > 32 || Integer.bitCount(maxGroup) != 1 || maxGroup > 64
                    || tau < 0 || lambda < 0 || varianceScale <= 0) {
                throw new IllegalArgumentException("collaborative filter settings out of range: " + this);
            }
        }
    }

    private final ParallelRange rows;
    private final boolean scalar;
    private float[] guide = new float[0], noisy = new float[0], num = new float[0], den = new float[0];
    private final float[] scale = new float[3];

    /** {@code scalar}: run the plain-Java oracle kernel instead of the Vector API one (for tests and checks). */
    CollaborativeFilter(ParallelRange rows, boolean scalar) {
        this.rows = rows;
        this.scalar = scalar;
    }

    /** BM3D's basic estimate of {@code noisyRgb} (noise variance {@code variance[i]} in each of R, G, B) into out. */
    void hardThreshold(VideoFrame noisyRgb, float[] variance, Settings s, VideoFrame out) {
        if (prepare(noisyRgb, null, out)) {
            run(variance, s, guide, noisyRgb.width(), noisyRgb.height(), out);
        }
    }

    /** BM3D's Wiener estimate of {@code noisyRgb} guided by {@code pilotRgb} into {@code out} (may be the pilot). */
    void wiener(VideoFrame noisyRgb, float[] variance, VideoFrame pilotRgb, Settings s, VideoFrame out) {
        if (prepare(noisyRgb, pilotRgb, out)) {
            run(variance, s, guide, noisyRgb.width(), noisyRgb.height(), out);
        }
    }

    /** Converts the inputs; false (and out = the best input) when the frame is smaller than one block. */
    private boolean prepare(VideoFrame noisyRgb, VideoFrame pilotRgb, VideoFrame out) {
        int w = noisyRgb.width(), h = noisyRgb.height(), plane = w * h;
        VideoFrame best = pilotRgb != null ? pilotRgb : noisyRgb;
        if (w < CollaborativeKernels.B || h < CollaborativeKernels.B) {
            out.resize(w, h);
            if (out != best) {
                System.arraycopy(best.data(), 0, out.data(), 0, 3 * plane);
            }
            return false;
        }
        if (noisy.length != 3 * plane) {
            guide = new float[3 * plane];
            noisy = new float[3 * plane];
            num = new float[3 * plane];
            den = new float[3 * plane];
        }
        float[] n = noisy, g = guide, nd = noisyRgb.data(), pd = pilotRgb != null ? pilotRgb.data() : null;
        rows.run(h, 8, (from, to) -> {
            toOpponent(nd, n, plane, from * w, to * w);
            if (pd != null) {
                toOpponent(pd, g, plane, from * w, to * w);
            } else {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(n, c * plane + from * w, g, c * plane + from * w, (to - from) * w);
                }
            }
        });
        return true;
    }

    private void run(float[] variance, Settings s, float[] guideOpp, int w, int h, VideoFrame out) {
        int plane = w * h;
        float[] nu = num, de = den;
        rows.run(3 * h, 8, (from, to) -> {
            Arrays.fill(nu, from * w, to * w, 0f);
            Arrays.fill(de, from * w, to * w, 0f);
        });
        for (int c = 0; c < 3; c++) {
            scale[c] = OPPONENT_VARIANCE[c] * s.varianceScale();
        }
        int gridRows = CollaborativeKernels.gridSize(h, s.step());
        int band = CollaborativeKernels.bandRows(s.step(), s.radius());
        int bands = (gridRows + band - 1) / band;
        for (int parity = 0; parity < 2; parity++) {
            int first = parity, count = (bands - parity + 1) / 2;
            rows.run(count, 1, (from, to) -> {
                int g = s.maxGroup();
                float[] blocks = new float[2 * 3 * g * 64];
                int[] match = new int[2 * g];
                float[] dist = new float[g + 8];
                for (int i = from; i < to; i++) {
                    int b = first + 2 * i, r0 = b * band, r1 = Math.min(gridRows, (b + 1) * band);
                    if (scalar) {
                        CollaborativeKernels.collaborativeFilter(guideOpp, noisy, variance, scale, num, den, blocks,
                                match, dist, h, w, 3, s.step(), s.radius(), g, s.tau(), s.lambda(), r0, r1);
                    } else {
                        CollaborativeVector.collaborativeFilter(guideOpp, noisy, variance, scale, num, den, blocks,
                                match, dist, h, w, 3, s.step(), s.radius(), g, s.tau(), s.lambda(), r0, r1);
                    }
                }
            });
        }
        out.resize(w, h);
        float[] o = out.data();
        rows.run(h, 8, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float y = nu[i] / de[i], u = nu[plane + i] / de[plane + i], v = nu[2 * plane + i] / de[2 * plane + i];
                o[i] = y + u + 2f / 3 * v;
                o[plane + i] = y - 4f / 3 * v;
                o[2 * plane + i] = y - u + 2f / 3 * v;
            }
        });
    }

    /** Pixels {@code [from, to)} of each plane. */
    private static void toOpponent(float[] rgb, float[] opp, int plane, int from, int to) {
        for (int i = from; i < to; i++) {
            float r = rgb[i], g = rgb[plane + i], b = rgb[2 * plane + i];
            opp[i] = (r + g + b) / 3;
            opp[plane + i] = (r - b) / 2;
            opp[2 * plane + i] = (r - 2 * g + b) / 4;
        }
    }
}
