package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.VideoFrame;

/**
 * One colour mapping for the whole video, fitted on the keyframes (source -> edited): a cubic
 * polynomial in R, G, B per output channel, by least squares. The propagation's fallback where no
 * correspondence is trusted, and the "global baseline" its quality is compared with: it follows
 * any colour grade but cannot follow local texture.
 */
public final class GlobalColorTransfer {
    static final int TERMS = 20;
    private final double[][] beta = new double[3][TERMS];
    private final double[][] ata = new double[TERMS][TERMS];
    private final double[][] atb = new double[3][TERMS];
    private boolean solved;

    /** Adds a keyframe pair (every {@code step}-th pixel). */
    public void add(VideoFrame source, VideoFrame edited, int step) {
        int n = source.width() * source.height();
        float[] s = source.data(), e = edited.data();
        double[] phi = new double[TERMS];
        for (int p = 0; p < n; p += step) {
            terms(s[p], s[n + p], s[2 * n + p], phi);
            for (int i = 0; i < TERMS; i++) {
                for (int j = i; j < TERMS; j++) {
                    ata[i][j] += phi[i] * phi[j];
                }
                for (int c = 0; c < 3; c++) {
                    atb[c][i] += phi[i] * e[c * n + p];
                }
            }
        }
        solved = false;
    }

    private void solve() {
        double[][] a = new double[TERMS][TERMS];
        for (int i = 0; i < TERMS; i++) {
            for (int j = i; j < TERMS; j++) {
                a[i][j] = a[j][i] = ata[i][j];
            }
            a[i][i] += 1e-6 * (1 + ata[i][i]);
        }
        for (int c = 0; c < 3; c++) {
            beta[c] = Cholesky.solve(a, atb[c]);
        }
        solved = true;
    }

    /** Maps {@code in}'s colours into {@code out}. */
    public void apply(VideoFrame in, VideoFrame out) {
        if (!solved) {
            solve();
        }
        int n = in.width() * in.height();
        out.resize(in.width(), in.height());
        float[] s = in.data(), o = out.data();
        double[] phi = new double[TERMS];
        for (int p = 0; p < n; p++) {
            terms(s[p], s[n + p], s[2 * n + p], phi);
            for (int c = 0; c < 3; c++) {
                double v = 0;
                for (int i = 0; i < TERMS; i++) {
                    v += beta[c][i] * phi[i];
                }
                o[c * n + p] = (float) Math.max(0, Math.min(1, v));
            }
        }
    }

    private static void terms(double r, double g, double b, double[] t) {
        t[0] = 1; t[1] = r; t[2] = g; t[3] = b;
        t[4] = r * r; t[5] = g * g; t[6] = b * b; t[7] = r * g; t[8] = r * b; t[9] = g * b;
        t[10] = r * r * r; t[11] = g * g * g; t[12] = b * b * b; t[13] = r * r * g; t[14] = r * r * b;
        t[15] = g * g * r; t[16] = g * g * b; t[17] = b * b * r; t[18] = b * b * g; t[19] = r * g * b;
    }

    /** Dense symmetric positive-definite solve. */
    static final class Cholesky {
        static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) {
                        s -= l[i][k] * l[j][k];
                    }
                    l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
                }
            }
            double[] y = new double[n], x = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * y[k];
                }
                y[i] = s / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k][i] * x[k];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
