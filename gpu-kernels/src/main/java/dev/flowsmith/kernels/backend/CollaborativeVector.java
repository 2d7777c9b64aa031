package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.CollaborativeKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU backend's fast path for {@link CollaborativeKernels#collaborativeFilter}: the same algorithm with a block
 * row (8 floats) per 256-bit vector. Block matching scores eight horizontally adjacent candidates at once, lane by
 * lane in the oracle's order, so the groups are the oracle's; the transforms use fused multiply-adds (measured on
 * JDK 17: an even-odd split or a shuffle transpose made them slower), so values differ from the oracle's by rounding
 * only (the backend contract test states the tolerance). Every result is the
 * same from run to run: no lane reduction of unspecified order is used.
 */
public final class CollaborativeVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int B = CollaborativeKernels.B;
    private static final float[] C = CollaborativeKernels.DCT;
    /** The DCT matrix transposed: row x holds C[k][x] for k = 0..7. */
    private static final float[] CT = transpose(C);
    private static final float[] KAISER = CollaborativeKernels.KAISER;

    private CollaborativeVector() {
    }

    /** As {@link CollaborativeKernels#collaborativeFilter}, same arguments; {@code dist} needs 8 more floats. */
    public static void collaborativeFilter(float[] guide, float[] noisy, float[] var, float[] channelScale,
                                           float[] num, float[] den, float[] blocks, int[] match, float[] dist,
                                           int h, int w, int channels, int step, int radius, int maxGroup, float tau,
                                           float lambda, int from, int to) {
        int gx = CollaborativeKernels.gridSize(w, step), plane = h * w;
        int nBase = channels * maxGroup * 64;
        boolean hard = lambda > 0;
        for (int r = from; r < to; r++) {
            int ry = CollaborativeKernels.gridAt(r, h, step);
            for (int gi = 0; gi < gx; gi++) {
                int rx = CollaborativeKernels.gridAt(gi, w, step);
                FloatVector vs = FloatVector.zero(S);
                for (int y = 0; y < B; y++) {
                    vs = vs.add(FloatVector.fromArray(S, var, (ry + y) * w + rx));
                }
                float v = VectorMath.sum(vs) / 64;
                float matchTau = hard ? tau + 2 * v * channelScale[0] : tau;
                int n = findGroup(guide, w, h, rx, ry, radius, maxGroup, matchTau, match, dist);
                for (int c = 0; c < channels; c++) {
                    int off = c * plane, pg = c * maxGroup * 64, ng = nBase + pg;
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
                        IntVector kept = IntVector.zero(IntVector.SPECIES_256);
                        for (int i = 0; i < n * 64; i += 8) {
                            FloatVector y = FloatVector.fromArray(S, blocks, ng + i);
                            VectorMask<Float> keep = y.abs().compare(VectorOperators.GT, t);
                            y.blend(0f, keep.not()).intoArray(blocks, ng + i);
                            kept = kept.add(1, keep.cast(IntVector.SPECIES_256));
                        }
                        weight = 1f / (s2 * Math.max(kept.reduceLanes(VectorOperators.ADD), 1));
                    } else {
                        FloatVector gainSq = FloatVector.zero(S);
                        for (int i = 0; i < n * 64; i += 8) {
                            FloatVector p = FloatVector.fromArray(S, blocks, pg + i);
                            FloatVector pp = p.mul(p);
                            FloatVector gain = pp.div(pp.add(s2));
                            FloatVector.fromArray(S, blocks, ng + i).mul(gain).intoArray(blocks, ng + i);
                            gainSq = gain.fma(gain, gainSq);
                        }
                        weight = 1f / (s2 * Math.max(VectorMath.sum(gainSq), 1e-3f));
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

    /** As the oracle's findGroup; eight candidates a vector where the whole row of them lies inside the frame. */
    static int findGroup(float[] pilot, int w, int h, int rx, int ry, int radius, int maxGroup, float tau,
                         int[] match, float[] dist) {
        match[0] = rx;
        match[1] = ry;
        dist[0] = -1;
        int count = 1;
        float limit = tau * 64;
        int y0 = Math.max(0, ry - radius), y1 = Math.min(h - B, ry + radius - 1);
        int x0 = Math.max(0, rx - radius), x1 = Math.min(w - B, rx + radius - 1);
        int at = ry * w + rx;
        for (int by = y0; by <= y1; by++) {
            for (int bx = x0; bx <= x1; ) {
                if (bx + 7 <= x1 && bx + 14 < w) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int y = 0; y < B; y++) {
                        int a = at + y * w, b = (by + y) * w + bx;
                        for (int x = 0; x < B; x++) {
                            FloatVector e = FloatVector.fromArray(S, pilot, b + x).sub(pilot[a + x]);
                            acc = acc.add(e.mul(e));
                        }
                    }
                    acc.intoArray(dist, maxGroup); // the eight distances, after the group's own
                    for (int l = 0; l < 8; l++) {
                        if (bx + l != rx || by != ry) {
                            count = insert(dist[maxGroup + l], bx + l, by, count, maxGroup, limit, match, dist);
                        }
                    }
                    bx += 8;
                } else {
                    if (bx != rx || by != ry) {
                        float d = 0;
                        for (int y = 0; y < B; y++) {
                            int a = at + y * w, b = (by + y) * w + bx;
                            for (int x = 0; x < B; x++) {
                                float e = pilot[a + x] - pilot[b + x];
                                d += e * e;
                            }
                        }
                        count = insert(d, bx, by, count, maxGroup, limit, match, dist);
                    }
                    bx++;
                }
            }
        }
        return Integer.highestOneBit(count);
    }

    private static int insert(float d, int bx, int by, int count, int maxGroup, float limit, int[] match, float[] dist) {
        float worst = count == maxGroup ? dist[count - 1] : limit;
        if (d >= worst) {
            return count;
        }
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
        return count;
    }

    /**
     * Orthonormal 2-D DCT of the block at {@code src[at]} (stride w) into {@code dst[o..o+64)}: coefficient (vertical
     * frequency j, horizontal k) at {@code o + 8 j + k}, rows as vectors.
     */
    public static void dct2(float[] src, int at, int w, float[] dst, int o) {
        FloatVector t0 = FloatVector.fromArray(S, CT, 0), t1 = FloatVector.fromArray(S, CT, 8);
        FloatVector t2 = FloatVector.fromArray(S, CT, 16), t3 = FloatVector.fromArray(S, CT, 24);
        FloatVector t4 = FloatVector.fromArray(S, CT, 32), t5 = FloatVector.fromArray(S, CT, 40);
        FloatVector t6 = FloatVector.fromArray(S, CT, 48), t7 = FloatVector.fromArray(S, CT, 56);
        // rows: R_y[k] = sum_x C[k][x] src[y][x]
        FloatVector r0 = row(src, at, t0, t1, t2, t3, t4, t5, t6, t7), r1 = row(src, at + w, t0, t1, t2, t3, t4, t5, t6, t7);
        FloatVector r2 = row(src, at + 2 * w, t0, t1, t2, t3, t4, t5, t6, t7), r3 = row(src, at + 3 * w, t0, t1, t2, t3, t4, t5, t6, t7);
        FloatVector r4 = row(src, at + 4 * w, t0, t1, t2, t3, t4, t5, t6, t7), r5 = row(src, at + 5 * w, t0, t1, t2, t3, t4, t5, t6, t7);
        FloatVector r6 = row(src, at + 6 * w, t0, t1, t2, t3, t4, t5, t6, t7), r7 = row(src, at + 7 * w, t0, t1, t2, t3, t4, t5, t6, t7);
        // columns: D_j = sum_y C[j][y] R_y
        for (int j = 0; j < B; j++) {
            int m = j * B;
            r0.mul(C[m]).add(r1.mul(C[m + 1])).add(r2.mul(C[m + 2])).add(r3.mul(C[m + 3]))
                    .add(r4.mul(C[m + 4])).add(r5.mul(C[m + 5])).add(r6.mul(C[m + 6])).add(r7.mul(C[m + 7]))
                    .intoArray(dst, o + m);
        }
    }

    private static FloatVector row(float[] src, int s, FloatVector t0, FloatVector t1, FloatVector t2, FloatVector t3,
                                   FloatVector t4, FloatVector t5, FloatVector t6, FloatVector t7) {
        FloatVector acc = t0.mul(src[s]);
        acc = t1.fma(FloatVector.broadcast(S, src[s + 1]), acc);
        acc = t2.fma(FloatVector.broadcast(S, src[s + 2]), acc);
        acc = t3.fma(FloatVector.broadcast(S, src[s + 3]), acc);
        acc = t4.fma(FloatVector.broadcast(S, src[s + 4]), acc);
        acc = t5.fma(FloatVector.broadcast(S, src[s + 5]), acc);
        acc = t6.fma(FloatVector.broadcast(S, src[s + 6]), acc);
        return t7.fma(FloatVector.broadcast(S, src[s + 7]), acc);
    }

    /**
     * Inverse 2-D DCT of {@code src[o..o+64)} (overwritten), added times {@code weight * kaiser} into num at
     * {@code at} (stride w), the weights into den.
     */
    static void addIdct2(float[] src, int o, float weight, float[] num, float[] den, int at, int w) {
        idct2(src, o);
        for (int y = 0; y < B; y++) {
            FloatVector kw = FloatVector.fromArray(S, KAISER, y * B).mul(weight);
            int d = at + y * w;
            FloatVector.fromArray(S, num, d).add(kw.mul(FloatVector.fromArray(S, src, o + y * B))).intoArray(num, d);
            FloatVector.fromArray(S, den, d).add(kw).intoArray(den, d);
        }
    }

    /** Inverse orthonormal 2-D DCT of the coefficients {@code b[o..o+64)} (as {@link #dct2} leaves them), in place. */
    public static void idct2(float[] b, int o) {
        FloatVector d0 = FloatVector.fromArray(S, b, o), d1 = FloatVector.fromArray(S, b, o + 8);
        FloatVector d2 = FloatVector.fromArray(S, b, o + 16), d3 = FloatVector.fromArray(S, b, o + 24);
        FloatVector d4 = FloatVector.fromArray(S, b, o + 32), d5 = FloatVector.fromArray(S, b, o + 40);
        FloatVector d6 = FloatVector.fromArray(S, b, o + 48), d7 = FloatVector.fromArray(S, b, o + 56);
        // columns: T_y = sum_j C[j][y] D_j
        for (int y = 0; y < B; y++) {
            d0.mul(C[y]).add(d1.mul(C[8 + y])).add(d2.mul(C[16 + y])).add(d3.mul(C[24 + y]))
                    .add(d4.mul(C[32 + y])).add(d5.mul(C[40 + y])).add(d6.mul(C[48 + y])).add(d7.mul(C[56 + y]))
                    .intoArray(b, o + y * B);
        }
        // rows: out_y = sum_k T_y[k] C[k][.], each row from its own T_y
        FloatVector c0 = FloatVector.fromArray(S, C, 0), c1 = FloatVector.fromArray(S, C, 8);
        FloatVector c2 = FloatVector.fromArray(S, C, 16), c3 = FloatVector.fromArray(S, C, 24);
        FloatVector c4 = FloatVector.fromArray(S, C, 32), c5 = FloatVector.fromArray(S, C, 40);
        FloatVector c6 = FloatVector.fromArray(S, C, 48), c7 = FloatVector.fromArray(S, C, 56);
        for (int y = 0; y < B; y++) {
            row(b, o + y * B, c0, c1, c2, c3, c4, c5, c6, c7).intoArray(b, o + y * B);
        }
    }

    /** Orthonormal Walsh-Hadamard transform across {@code n} blocks of 64 at {@code buf[o]}, as the oracle's. */
    static void hadamard(float[] buf, int o, int n) {
        if (n == 1) {
            return;
        }
        for (int len = 1; len < n; len <<= 1) {
            for (int i = 0; i < n; i += 2 * len) {
                for (int j = i; j < i + len; j++) {
                    int a = o + j * 64, b = o + (j + len) * 64;
                    for (int e = 0; e < 64; e += 8) {
                        FloatVector x = FloatVector.fromArray(S, buf, a + e), y = FloatVector.fromArray(S, buf, b + e);
                        x.add(y).intoArray(buf, a + e);
                        x.sub(y).intoArray(buf, b + e);
                    }
                }
            }
        }
        float norm = (float) (1 / Math.sqrt(n));
        for (int e = 0; e < n * 64; e += 8) {
            FloatVector.fromArray(S, buf, o + e).mul(norm).intoArray(buf, o + e);
        }
    }

    private static float[] transpose(float[] m) {
        float[] t = new float[64];
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < B; j++) {
                t[j * B + i] = m[i * B + j];
            }
        }
        return t;
    }
}
