package dev.flowsmith.kernels;

/**
 * Orthonormal 2-D Haar transform in the Mallat layout, and the low-band projector of DiTVR's
 * sampler. Planes are x[planes][h][w]. One level acts on the top-left {@code lh x lw} region of
 * each plane (both even) and writes, in that region: LL top-left, HL top-right, LH bottom-left,
 * HH bottom-right, where for each 2x2 block [a b; c d]:
 * {@code LL=(a+b+c+d)/2, LH=(a+b-c-d)/2, HL=(a-b+c-d)/2, HH=(a-b-c+d)/2}. J levels recurse on LL;
 * pixels outside the region are not touched (copy them first).
 */
public final class WaveletKernels {
    private WaveletKernels() {
    }

    /** One forward level. Parallel index: {@code plane * (lh/2) + y} over output half-rows. */
    public static void haarForwardLevel(float[] in, float[] out, int h, int w, int lh, int lw, int from, int to) {
        int hh = lh / 2, hw = lw / 2;
        for (int r = from; r < to; r++) {
            int p = r / hh, y = r % hh, base = p * h * w;
            int row0 = base + 2 * y * w, row1 = row0 + w;
            for (int x = 0; x < hw; x++) {
                float a = in[row0 + 2 * x], b = in[row0 + 2 * x + 1], c = in[row1 + 2 * x], d = in[row1 + 2 * x + 1];
                out[base + y * w + x] = (a + b + c + d) * 0.5f;
                out[base + y * w + hw + x] = (a - b + c - d) * 0.5f;
                out[base + (hh + y) * w + x] = (a + b - c - d) * 0.5f;
                out[base + (hh + y) * w + hw + x] = (a - b - c + d) * 0.5f;
            }
        }
    }

    /** One inverse level (undoes {@link #haarForwardLevel}). Parallel index as there. */
    public static void haarInverseLevel(float[] in, float[] out, int h, int w, int lh, int lw, int from, int to) {
        int hh = lh / 2, hw = lw / 2;
        for (int r = from; r < to; r++) {
            int p = r / hh, y = r % hh, base = p * h * w;
            int row0 = base + 2 * y * w, row1 = row0 + w;
            for (int x = 0; x < hw; x++) {
                float ll = in[base + y * w + x], hl = in[base + y * w + hw + x];
                float lhv = in[base + (hh + y) * w + x], hhv = in[base + (hh + y) * w + hw + x];
                out[row0 + 2 * x] = (ll + lhv + hl + hhv) * 0.5f;
                out[row0 + 2 * x + 1] = (ll + lhv - hl - hhv) * 0.5f;
                out[row1 + 2 * x] = (ll - lhv + hl - hhv) * 0.5f;
                out[row1 + 2 * x + 1] = (ll - lhv - hl + hhv) * 0.5f;
            }
        }
    }

    /**
     * {@code Pi_J(v) = Up_b(AvgPool_b(v))} with {@code b = 2^J}: every b x b block replaced by its mean
     * (partial edge blocks by the mean of the pixels they have). Orthogonal projector onto the Haar
     * LL_J band. Parallel index: {@code plane * ceil(h/b) + blockRow}.
     */
    public static void projectLowBand(float[] in, float[] out, int h, int w, int block, int from, int to) {
        int bh = (h + block - 1) / block;
        for (int r = from; r < to; r++) {
            int p = r / bh, by = r % bh, base = p * h * w;
            int y0 = by * block, y1 = Math.min(h, y0 + block);
            for (int x0 = 0; x0 < w; x0 += block) {
                int x1 = Math.min(w, x0 + block);
                float s = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        s += in[base + y * w + x];
                    }
                }
                float mean = s / ((y1 - y0) * (x1 - x0));
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        out[base + y * w + x] = mean;
                    }
                }
            }
        }
    }
}
