package dev.flowsmith.editing.keyframes;

import dev.flowsmith.kernels.KeyframeKernels;

/**
 * AdaFlow's test of whether a frame still looks like the reference: every reference patch's best
 * cosine match in the frame; their mean, and the worst mean over sliding windows of patches (a region
 * that changed, e.g. an object entering, while the rest stayed).
 * <p>
 * Our proxy features are far less distinctive than AdaFlow's diffusion features (DIFT): raw best-match
 * cosines sit in 0.93-0.99 inside a shot and 0.86-0.89 across a cut on the shared clips. They are
 * reported on a stretched scale, {@code 1 - }{@value #STRETCH}{@code (1 - cos)}, so that AdaFlow's
 * thresholds keep their meaning: 0.75 (mean) and 0.6 (region) fall between the two groups.
 */
public record Similarity(double mean, double worstRegion) {
    static final double STRETCH = 2.8;

    private static double stretch(double cos) {
        return Math.max(0, 1 - STRETCH * (1 - cos));
    }

    private static float[] centred(float[] x, float[] mu, int rows, int c) {
        float[] out = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < c; k++) {
                out[i * c + k] = x[i * c + k] - mu[k];
            }
        }
        KeyframeKernels.normalizeRows(out, out, c, 0, rows);
        return out;
    }

    /** Compares frame {@code b} to reference {@code a} (features from {@link FrameFeatures#of}) on a gw x gh grid. */
    public static Similarity of(float[] a, float[] b, int gw, int gh) {
        int n = gw * gh, c = FrameFeatures.DIM;
        // centre both on the reference's mean patch: what all patches share (overall colour, texture level)
        // would otherwise make every pair look alike
        float[] mu = new float[c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                mu[k] += a[i * c + k] / n;
            }
        }
        float[] ca = centred(a, mu, n, c), cb = centred(b, mu, b.length / c, c);
        int[] arg = new int[n];
        float[] best = new float[n];
        KeyframeKernels.cosineNearest(ca, cb, arg, best, b.length / c, c, 0, n);
        double sum = 0;
        for (float v : best) {
            sum += v;
        }
        // window means with an integral image
        int s = Math.max(2, Math.max(gw, gh) / 4), stride = Math.max(1, s / 2);
        double[] integral = new double[(gw + 1) * (gh + 1)];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                integral[(y + 1) * (gw + 1) + x + 1] = best[y * gw + x] + integral[y * (gw + 1) + x + 1]
                        + integral[(y + 1) * (gw + 1) + x] - integral[y * (gw + 1) + x];
            }
        }
        double worst = 1;
        int sw = Math.min(s, gw), sh = Math.min(s, gh);
        for (int y = 0; y + sh <= gh; y += stride) {
            for (int x = 0; x + sw <= gw; x += stride) {
                double w = integral[(y + sh) * (gw + 1) + x + sw] - integral[y * (gw + 1) + x + sw]
                        - integral[(y + sh) * (gw + 1) + x] + integral[y * (gw + 1) + x];
                worst = Math.min(worst, w / (sw * sh));
            }
        }
        return new Similarity(stretch(sum / n), stretch(worst));
    }
}
