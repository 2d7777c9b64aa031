package dev.flowsmith.kernels;

/**
 * The collaborative Wiener filter of BM3D (Dabov et al. 2007, its second step), for a noisy image whose noise
 * variance varies per pixel, guided by a pilot estimate of the clean image.
 *
 * <p>For each reference block (8x8, on a grid of {@code step} pixels plus the last row and column), the blocks of the
 * pilot's first channel most like it at offsets {@code [-radius, radius)} in x and y are grouped (mean squared difference below
 * {@code tau}, at most {@code maxGroup}, the group cut to a power of two, the reference first). The group is
 * transformed in 3-D (orthonormal 8x8 DCT per block, then an orthonormal Walsh-Hadamard transform across the
 * blocks) in the pilot and in the noisy image, per channel. Each noisy coefficient is scaled by the empirical Wiener
 * gain {@code P^2 / (P^2 + s^2)}, with P the pilot's coefficient and s^2 the group's noise variance (the mean of
 * {@code var} over the reference block, times {@code channelScale[c]}); the group is transformed back and each
 * block added to the aggregation at its place with the weight {@code kaiser(x, y) / (s^2 * sum of squared gains)}.
 * The caller divides {@code num} by {@code den} at the end.
 *
 * <p>Layouts: {@code pilot}, {@code noisy}, {@code num}, {@code den}: [channels][h][w]; {@code var}: [h][w]. The
 * parallel index is the reference-block row: {@code [from, to)} over {@link #gridSize(int, int) gridSize(h, step)}
 * rows. Rows write up to {@code radius + 8} pixels above and below themselves, so parallel ranges must be
 * {@link #BAND_ROWS} apart or run one after the other (see {@link #bandRows}). Scratch: {@code blocks} holds
 * {@code 2 * channels * maxGroup * 64} floats, {@code match} {@code 2 * maxGroup} ints and {@code dist}
 * {@code maxGroup} floats, one set per concurrent range.
 */
public final class CollaborativeKernels {
    public static final int B = 8;
    /** The orthonormal 8-point DCT-II matrix, row k = frequency k. */
    public static final float[] DCT = dctMatrix();
    /** The aggregation window, row-major 8x8. */
    public static final float[] KAISER = kaiserWindow(2.0);

    private CollaborativeKernels() {
    }

    /** Grid positions along a side of {@code n} pixels: 0, step, 2 step, ... and {@code n - 8}. */
    public static int gridSize(int n, int step) {
        int last = n - B;
        return last / step + (last % step == 0 ? 1 : 2);
    }

    /** The {@code i}-th grid position along a side of {@code n} pixels. */
    public static int gridAt(int i, int n, int step) {
        return Math.min(i * step, n - B);
    }

    /**
     * Reference rows per band such that bands two apart never write the same pixel: a band's rows write from
     * {@code radius} pixels above its first block to {@code radius + 8} below its last.
     */
    public static int bandRows(int step, int radius) {
        return (2 * radius + 2 * B + step - 1) / step + 1;
    }

    /**
     * See the class comment. With {@code lambda > 0} the filter is BM3D's first step instead: the guide is the noisy
     * image itself (pass it twice), blocks match when their mean squared difference is below {@code tau} plus twice
     * the luma noise variance, and each coefficient is kept when its magnitude exceeds {@code lambda} noise standard
     * deviations, else zeroed; the group's weight is {@code 1 / (s^2 * kept coefficients)}.
     */
    public static void collaborativeFilter(float[] guide, float[] noisy, float[] var, float[] channelScale,
                                           float[] num, float[] den, float[] blocks, int[] match, float[] dist,
                                           int h, int w, int channels, int step, int radius, int maxGroup, float tau,
                                           float lambda, int from, int to) {
        int gx = gridSize(w, step), plane = h * w;
        int pBase = 0, nBase = channels * maxGroup * 64;
        boolean hard = lambda > 0;
        for (int r = from; r < to; r++) {
            int ry = gridAt(r, h, step);
            for (int gi = 0; gi < gx; gi++) {
                int rx = gridAt(gi, w, step);
                float v = 0;
                for (int y = 0; y < B; y++) {
                    for (int x = 0; x < B; x++) {
                        v += var[(ry + y) * w + rx + x];
                    }
                }
                v /= 64;
                float matchTau = hard ? tau + 2 * v * channelScale[0] : tau;
                int n = findGroup(guide, w, h, rx, ry, radius, maxGroup, matchTau, match, dist);
                for (int c = 0; c < channels; c++) {
                    int off = c * plane, pg = pBase + c * maxGroup * 64, ng = nBase + c * maxGroup * 64;
                    for (int g = 0; g < n; g++) {
                        int at = off + match[2 * g + 1] * w + match[2 * g];
                        if (!hard) {
                            dct2(guide, at, w, blocks, pg + g * 64);
                        }
                        dct2(noisy, at, w, blocks, ng + g * 64);
                    }
                    if (!hard) {
                        hadamard(blocks, pg, n);
                    }
                    hadamard(blocks, ng, n);
                    float s2 = Math.max(v * channelScale[c], 1e-12f);
                    float weight;
                    if (hard) {
                        float t = lambda * (float) Math.sqrt(s2);
                        int kept = 0;
                        for (int i = 0; i < n * 64; i++) {
                            if (Math.abs(blocks[ng + i]) > t) {
                                kept++;
                            } else {
                                blocks[ng + i] = 0;
                            }
                        }
                        weight = 1f / (s2 * Math.max(kept, 1));
                    } else {
                        float gainSq = 0;
                        for (int i = 0; i < n * 64; i++) {
                            float p = blocks[pg + i];
                            float gain = p * p / (p * p + s2);
                            blocks[ng + i] *= gain;
                            gainSq += gain * gain;
                        }
                        weight = 1f / (s2 * Math.max(gainSq, 1e-3f));
                    }
                    hadamard(blocks, ng, n);
                    for (int g = 0; g < n; g++) {
                        int at = off + match[2 * g + 1] * w + match[2 * g];
                        addIdct2(blocks, ng + g * 64, weight, num, den, at, w);
                    }
                }
            }
        }
    }

    /**
     * The group of the reference block at (rx, ry): positions into {@code match} (x, y pairs, the reference first,
     * then by rising distance), its size (a power of two) returned.
     */
    public static int findGroup(float[] pilot, int w, int h, int rx, int ry, int radius, int maxGroup, float tau,
                         int[] match, float[] dist) {
        match[0] = rx;
        match[1] = ry;
        dist[0] = -1;
        int count = 1;
        float limit = tau * 64;
        int y0 = Math.max(0, ry - radius), y1 = Math.min(h - B, ry + radius - 1);
        int x0 = Math.max(0, rx - radius), x1 = Math.min(w - B, rx + radius - 1);
        for (int by = y0; by <= y1; by++) {
            for (int bx = x0; bx <= x1; bx++) {
                if (bx == rx && by == ry) {
                    continue;
                }
                float worst = count == maxGroup ? dist[count - 1] : limit;
                float d = 0;
                for (int y = 0; y < B && d < worst; y++) {
                    int a = (ry + y) * w + rx, b = (by + y) * w + bx;
                    for (int x = 0; x < B; x++) {
                        float e = pilot[a + x] - pilot[b + x];
                        d += e * e;
                    }
                }
                if (d >= worst) {
                    continue;
                }
                // insert by distance (ties keep the earlier candidate first)
                int k = count == maxGroup ? count - 1 : count++;
                while (k > 1 && dist[k - 1] > d) {
                    dist[k] = dist[k - 1];
                    match[2 * k] = match[2 * k - 2];
                    match[2 * k + 1] = match[2 * k - 1];
                    k--;
                }
                dist[k] = d;
                match[2 * k] = bx;
                match[2 * k + 1] = by;
            }
        }
        return Integer.highestOneBit(count);
    }

    /** Orthonormal 2-D DCT of the 8x8 block at {@code src[at]} (row stride {@code w}) into {@code dst[o..o+64)}. */
    public static void dct2(float[] src, int at, int w, float[] dst, int o) {
        // rows first: t[y][k] = sum_x C[k][x] src[y][x]
        for (int y = 0; y < B; y++) {
            int s = at + y * w;
            for (int k = 0; k < B; k++) {
                float acc = 0;
                for (int x = 0; x < B; x++) {
                    acc += DCT[k * B + x] * src[s + x];
                }
                dst[o + y * B + k] = acc;
            }
        }
        // then columns, in place through a column copy
        for (int k = 0; k < B; k++) {
            float c0 = dst[o + k], c1 = dst[o + 8 + k], c2 = dst[o + 16 + k], c3 = dst[o + 24 + k];
            float c4 = dst[o + 32 + k], c5 = dst[o + 40 + k], c6 = dst[o + 48 + k], c7 = dst[o + 56 + k];
            for (int j = 0; j < B; j++) {
                int m = j * B;
                dst[o + j * B + k] = DCT[m] * c0 + DCT[m + 1] * c1 + DCT[m + 2] * c2 + DCT[m + 3] * c3
                        + DCT[m + 4] * c4 + DCT[m + 5] * c5 + DCT[m + 6] * c6 + DCT[m + 7] * c7;
            }
        }
    }

    /**
     * Inverse 2-D DCT of {@code src[o..o+64)} (overwritten), added times {@code weight * kaiser} into num at
     * {@code at} (row stride w), the weights into den.
     */
    public static void addIdct2(float[] src, int o, float weight, float[] num, float[] den, int at, int w) {
        // columns in place: src[y][k] = sum_j C[j][y] src[j][k]
        for (int k = 0; k < B; k++) {
            float c0 = src[o + k], c1 = src[o + 8 + k], c2 = src[o + 16 + k], c3 = src[o + 24 + k];
            float c4 = src[o + 32 + k], c5 = src[o + 40 + k], c6 = src[o + 48 + k], c7 = src[o + 56 + k];
            for (int y = 0; y < B; y++) {
                src[o + y * B + k] = DCT[y] * c0 + DCT[8 + y] * c1 + DCT[16 + y] * c2 + DCT[24 + y] * c3
                        + DCT[32 + y] * c4 + DCT[40 + y] * c5 + DCT[48 + y] * c6 + DCT[56 + y] * c7;
            }
        }
        // then rows: out[y][x] = sum_k C[k][x] src[y][k]
        for (int y = 0; y < B; y++) {
            int d = at + y * w, s = o + y * B;
            for (int x = 0; x < B; x++) {
                float acc = 0;
                for (int k = 0; k < B; k++) {
                    acc += DCT[k * B + x] * src[s + k];
                }
                float kw = weight * KAISER[y * B + x];
                num[d + x] += kw * acc;
                den[d + x] += kw;
            }
        }
    }

    /** Orthonormal Walsh-Hadamard transform across {@code n} (a power of two) blocks of 64 at {@code buf[o]}. */
    public static void hadamard(float[] buf, int o, int n) {
        if (n == 1) {
            return;
        }
        for (int len = 1; len < n; len <<= 1) {
            for (int i = 0; i < n; i += 2 * len) {
                for (int j = i; j < i + len; j++) {
                    int a = o + j * 64, b = o + (j + len) * 64;
                    for (int e = 0; e < 64; e++) {
                        float x = buf[a + e], y = buf[b + e];
                        buf[a + e] = x + y;
                        buf[b + e] = x - y;
                    }
                }
            }
        }
        float norm = (float) (1 / Math.sqrt(n));
        for (int e = 0; e < n * 64; e++) {
            buf[o + e] *= norm;
        }
    }

    private static float[] dctMatrix() {
        float[] c = new float[64];
        for (int k = 0; k < B; k++) {
            double a = k == 0 ? Math.sqrt(1.0 / B) : Math.sqrt(2.0 / B);
            for (int x = 0; x < B; x++) {
                c[k * B + x] = (float) (a * Math.cos((2 * x + 1) * k * Math.PI / (2 * B)));
            }
        }
        return c;
    }

    /** BM3D's aggregation window: a Kaiser window (beta 2) per side, its outer product per block. */
    private static float[] kaiserWindow(double beta) {
        double[] k = new double[B];
        for (int i = 0; i < B; i++) {
            double r = 2.0 * i / (B - 1) - 1;
            k[i] = besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
        }
        float[] out = new float[64];
        for (int y = 0; y < B; y++) {
            for (int x = 0; x < B; x++) {
                out[y * B + x] = (float) (k[y] * k[x]);
            }
        }
        return out;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1;
        for (int m = 1; m < 30; m++) {
            term *= (x / (2 * m)) * (x / (2 * m));
            sum += term;
        }
        return sum;
    }
}
