package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.VideoFrame;

/**
 * How a keyframe's edit changed its colours, as a local affine colour transform per pixel (the colour
 * guided filter of He et al.): in each window, {@code edited = A . source + b} with a 3x3 matrix
 * {@code A} and offset {@code b} fitted by regularised least squares, then averaged over windows so the
 * field is smooth. Applying a field to another frame's own colours reproduces global grades almost
 * exactly and edge-aware local edits (stylisation, detail enhancement) closely. Coefficients are kept
 * at a working resolution ({@code [12][h][w]}: A row-major, then b).
 */
public final class LocalColorModel {
    public static final int COEFFS = 12;
    private final int w, h;
    private final float[] coeffs;

    LocalColorModel(int w, int h, float[] coeffs) {
        this.w = w;
        this.h = h;
        this.coeffs = coeffs;
    }

    public int width() {
        return w;
    }

    public int height() {
        return h;
    }

    public float[] coeffs() {
        return coeffs;
    }

    /**
     * Fits the model of {@code source -> edited} (same size) with window radius {@code r} and
     * regularisation {@code eps}, then shrinks the field to {@code ww x wh}.
     */
    public static LocalColorModel fit(VideoFrame source, VideoFrame edited, int r, double eps, int ww, int wh) {
        int W = source.width(), H = source.height(), n = W * H;
        float[] s = source.data(), e = edited.data();
        // box means of S, E, S*S (6), S*E (9)
        float[][] m = new float[3 + 3 + 6 + 9][];
        float[] tmp = new float[n];
        int k = 0;
        for (int c = 0; c < 3; c++) {
            m[k++] = BoxFilter.mean(s, c * n, W, H, r, null);
        }
        for (int c = 0; c < 3; c++) {
            m[k++] = BoxFilter.mean(e, c * n, W, H, r, null);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                for (int p = 0; p < n; p++) {
                    tmp[p] = s[i * n + p] * s[j * n + p];
                }
                m[k++] = BoxFilter.mean(tmp, 0, W, H, r, null);
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int p = 0; p < n; p++) {
                    tmp[p] = s[i * n + p] * e[j * n + p];
                }
                m[k++] = BoxFilter.mean(tmp, 0, W, H, r, null);
            }
        }
        float[] full = new float[COEFFS * n];
        double[] sig = new double[9], inv = new double[9];
        for (int p = 0; p < n; p++) {
            double ms0 = m[0][p], ms1 = m[1][p], ms2 = m[2][p];
            double[] ms = {ms0, ms1, ms2};
            int q = 6;
            for (int i = 0; i < 3; i++) {
                for (int j = i; j < 3; j++) {
                    double v = m[q++][p] - ms[i] * ms[j] + (i == j ? eps : 0);
                    sig[i * 3 + j] = v;
                    sig[j * 3 + i] = v;
                }
            }
            invert3(sig, inv);
            for (int out = 0; out < 3; out++) {
                double me = m[3 + out][p];
                double c0 = m[12 + out][p] - ms0 * me, c1 = m[15 + out][p] - ms1 * me, c2 = m[18 + out][p] - ms2 * me;
                double a0 = inv[0] * c0 + inv[1] * c1 + inv[2] * c2;
                double a1 = inv[3] * c0 + inv[4] * c1 + inv[5] * c2;
                double a2 = inv[6] * c0 + inv[7] * c1 + inv[8] * c2;
                full[(out * 3) * n + p] = (float) a0;
                full[(out * 3 + 1) * n + p] = (float) a1;
                full[(out * 3 + 2) * n + p] = (float) a2;
                full[(9 + out) * n + p] = (float) (me - a0 * ms0 - a1 * ms1 - a2 * ms2);
            }
        }
        // average the coefficients over windows (guided filter), then shrink to the working size
        for (int c = 0; c < COEFFS; c++) {
            float[] smooth = BoxFilter.mean(full, c * n, W, H, r, tmp);
            System.arraycopy(smooth, 0, full, c * n, n);
        }
        return new LocalColorModel(ww, wh, Planes.resize(full, COEFFS, W, H, ww, wh));
    }

    /**
     * Applies coefficient field {@code field} ({@code [12][fh][fw]}, bilinearly enlarged) to {@code in},
     * writing {@code out}; {@code weight} ({@code [fh][fw]}, may be null) blends with {@code fallback}
     * (an already transformed frame) where the field is not trusted.
     */
    static void apply(float[] field, float[] weight, int fw, int fh, VideoFrame in, VideoFrame fallback, VideoFrame out) {
        int W = in.width(), H = in.height(), n = W * H;
        out.resize(W, H);
        float[] s = in.data(), o = out.data(), fb = fallback == null ? null : fallback.data();
        float[] c = new float[COEFFS];
        for (int y = 0; y < H; y++) {
            float fy = Math.max(0, (y + 0.5f) * fh / H - 0.5f);
            int y0 = Math.min(fh - 1, (int) fy), y1 = Math.min(fh - 1, y0 + 1);
            float ay = fy - y0;
            for (int x = 0; x < W; x++) {
                float fx = Math.max(0, (x + 0.5f) * fw / W - 0.5f);
                int x0 = Math.min(fw - 1, (int) fx), x1 = Math.min(fw - 1, x0 + 1);
                float ax = fx - x0;
                int i00 = y0 * fw + x0, i01 = y0 * fw + x1, i10 = y1 * fw + x0, i11 = y1 * fw + x1;
                float w00 = (1 - ax) * (1 - ay), w01 = ax * (1 - ay), w10 = (1 - ax) * ay, w11 = ax * ay;
                int fn = fw * fh;
                for (int k = 0; k < COEFFS; k++) {
                    int b = k * fn;
                    c[k] = field[b + i00] * w00 + field[b + i01] * w01 + field[b + i10] * w10 + field[b + i11] * w11;
                }
                float wt = weight == null ? 1f : weight[i00] * w00 + weight[i01] * w01 + weight[i10] * w10 + weight[i11] * w11;
                int p = y * W + x;
                float r = s[p], g = s[n + p], bl = s[2 * n + p];
                for (int ch = 0; ch < 3; ch++) {
                    float v = c[ch * 3] * r + c[ch * 3 + 1] * g + c[ch * 3 + 2] * bl + c[9 + ch];
                    if (fb != null && wt < 1f) {
                        v = wt * v + (1 - wt) * fb[ch * n + p];
                    }
                    o[ch * n + p] = Math.max(0f, Math.min(1f, v));
                }
            }
        }
    }

    private static void invert3(double[] m, double[] inv) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
        double det = a * A + b * B + c * C;
        double k = 1 / det;
        inv[0] = A * k;
        inv[1] = -(b * i - c * h) * k;
        inv[2] = (b * f - c * e) * k;
        inv[3] = B * k;
        inv[4] = (a * i - c * g) * k;
        inv[5] = -(a * f - c * d) * k;
        inv[6] = C * k;
        inv[7] = -(a * h - b * g) * k;
        inv[8] = (a * e - b * d) * k;
    }
}
