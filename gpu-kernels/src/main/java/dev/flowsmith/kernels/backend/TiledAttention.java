package dev.flowsmith.kernels.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU backend's fast path for attention (flash-attention on the CPU): a block of query rows
 * meets the keys tile by tile; scores come from a register-blocked Vector API product against a
 * transposed key tile, the softmax is online (running max and sum per row, vector exp), and the
 * probabilities multiply the value tile into the row accumulators. Memory per thread is one tile
 * of scores, so it stays O(n d) overall. Same results as {@code AttentionKernels.dense} up to float
 * rounding; the scalar kernel remains the oracle.
 * <p>
 * A block's state (accumulator rows, running max, running sum) can take several key ranges, which
 * is how gather attention adds trajectory neighbours after the own-frame keys.
 */
final class TiledAttention {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    static final int BQ = 32;
    static final int BK = 128;

    /** Per-thread scratch for one query block. */
    static final class Block {
        final int d;
        final float[] kt;      // [d][BK] transposed key tile
        final float[] s = new float[BQ * BK];
        final float[] acc;     // [BQ][d]
        final float[] max = new float[BQ];
        final float[] sum = new float[BQ];
        int rows;

        Block(int d) {
            this.d = d;
            kt = new float[d * BK];
            acc = new float[BQ * d];
        }

        void reset(int rows) {
            this.rows = rows;
            java.util.Arrays.fill(acc, 0, rows * d, 0f);
            java.util.Arrays.fill(max, 0, rows, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(sum, 0, rows, 0f);
        }
    }

    private TiledAttention() {
    }

    /**
     * Folds keys {@code [k0, k1)} (rows of k and v starting at element offset {@code kvOff}) into the
     * block's state for query rows {@code q[qOff + i*d]}, i < block.rows.
     */
    static void attend(Block blk, float[] q, int qOff, float[] k, float[] v, int kvOff, int k0, int k1, float scale) {
        int d = blk.d;
        for (int j0 = k0; j0 < k1; j0 += BK) {
            int bk = Math.min(BK, k1 - j0);
            int bkPad = ((bk + 2 * L - 1) / (2 * L)) * (2 * L);
            // transpose the key tile: kt[p][j] = k[j0 + j][p], zero padding beyond bk
            for (int j = 0; j < bkPad; j++) {
                if (j < bk) {
                    int ko = kvOff + (j0 + j) * d;
                    for (int p = 0; p < d; p++) {
                        blk.kt[p * BK + j] = k[ko + p];
                    }
                } else {
                    for (int p = 0; p < d; p++) {
                        blk.kt[p * BK + j] = 0f;
                    }
                }
            }
            scores(blk, q, qOff, bkPad, scale);
            softmaxUpdate(blk, bk, bkPad);
            accumulate(blk, v, kvOff + j0 * d, bk);
        }
    }

    /** s[i][j] = scale * q_i . kt[:, j] for the block's rows and bkPad columns (4 x 2L register tiles). */
    private static void scores(Block blk, float[] q, int qOff, int bkPad, float scale) {
        int d = blk.d, rows = blk.rows;
        float[] kt = blk.kt, s = blk.s;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int q0 = qOff + i * d, q1 = q0 + d, q2 = q1 + d, q3 = q2 + d;
            for (int j = 0; j < bkPad; j += 2 * L) {
                FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a10 = a00, a11 = a00;
                FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
                for (int p = 0; p < d; p++) {
                    FloatVector b0 = FloatVector.fromArray(SPECIES, kt, p * BK + j);
                    FloatVector b1 = FloatVector.fromArray(SPECIES, kt, p * BK + j + L);
                    FloatVector x0 = FloatVector.broadcast(SPECIES, q[q0 + p]);
                    FloatVector x1 = FloatVector.broadcast(SPECIES, q[q1 + p]);
                    FloatVector x2 = FloatVector.broadcast(SPECIES, q[q2 + p]);
                    FloatVector x3 = FloatVector.broadcast(SPECIES, q[q3 + p]);
                    a00 = x0.fma(b0, a00);
                    a01 = x0.fma(b1, a01);
                    a10 = x1.fma(b0, a10);
                    a11 = x1.fma(b1, a11);
                    a20 = x2.fma(b0, a20);
                    a21 = x2.fma(b1, a21);
                    a30 = x3.fma(b0, a30);
                    a31 = x3.fma(b1, a31);
                }
                a00.mul(scale).intoArray(s, i * BK + j);
                a01.mul(scale).intoArray(s, i * BK + j + L);
                a10.mul(scale).intoArray(s, (i + 1) * BK + j);
                a11.mul(scale).intoArray(s, (i + 1) * BK + j + L);
                a20.mul(scale).intoArray(s, (i + 2) * BK + j);
                a21.mul(scale).intoArray(s, (i + 2) * BK + j + L);
                a30.mul(scale).intoArray(s, (i + 3) * BK + j);
                a31.mul(scale).intoArray(s, (i + 3) * BK + j + L);
            }
        }
        for (; i < rows; i++) {
            int q0 = qOff + i * d;
            for (int j = 0; j < bkPad; j += L) {
                FloatVector a = FloatVector.zero(SPECIES);
                for (int p = 0; p < d; p++) {
                    a = FloatVector.broadcast(SPECIES, q[q0 + p]).fma(FloatVector.fromArray(SPECIES, kt, p * BK + j), a);
                }
                a.mul(scale).intoArray(s, i * BK + j);
            }
        }
    }

    /** Online softmax: new running max, rescale the accumulators, s becomes exp(s - max). */
    private static void softmaxUpdate(Block blk, int bk, int bkPad) {
        int d = blk.d;
        for (int i = 0; i < blk.rows; i++) {
            int o = i * BK;
            for (int j = bk; j < bkPad; j++) {
                blk.s[o + j] = Float.NEGATIVE_INFINITY;
            }
            FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < bkPad; j += L) {
                mv = mv.max(FloatVector.fromArray(SPECIES, blk.s, o + j));
            }
            float tileMax = mv.reduceLanes(VectorOperators.MAX);
            float newMax = Math.max(blk.max[i], tileMax);
            float corr = blk.max[i] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(blk.max[i] - newMax);
            FloatVector nm = FloatVector.broadcast(SPECIES, newMax);
            FloatVector sv = FloatVector.zero(SPECIES);
            for (int j = 0; j < bkPad; j += L) {
                FloatVector e = VectorMath.exp(FloatVector.fromArray(SPECIES, blk.s, o + j).sub(nm));
                e.intoArray(blk.s, o + j);
                sv = sv.add(e);
            }
            blk.sum[i] = blk.sum[i] * corr + VectorMath.sum(sv);
            blk.max[i] = newMax;
            if (corr != 1f) {
                int ao = i * d;
                for (int c = 0; c < d; c++) {
                    blk.acc[ao + c] *= corr;
                }
            }
        }
    }

    /** acc[i][:] += sum_j p[i][j] v[j][:] for the tile (rows two at a time, d in vector chunks). */
    private static void accumulate(Block blk, float[] v, int vOff, int bk) {
        int d = blk.d, rows = blk.rows;
        int dv = (d / L) * L;
        float[] acc = blk.acc, s = blk.s;
        int i = 0;
        for (; i + 2 <= rows; i += 2) {
            int a0 = i * d, a1 = a0 + d, s0 = i * BK, s1 = s0 + BK;
            for (int c = 0; c < dv; c += 4 * L) {
                int width = Math.min(4, (dv - c) / L);
                if (width == 4) {
                    FloatVector r00 = FloatVector.fromArray(SPECIES, acc, a0 + c), r01 = FloatVector.fromArray(SPECIES, acc, a0 + c + L);
                    FloatVector r02 = FloatVector.fromArray(SPECIES, acc, a0 + c + 2 * L), r03 = FloatVector.fromArray(SPECIES, acc, a0 + c + 3 * L);
                    FloatVector r10 = FloatVector.fromArray(SPECIES, acc, a1 + c), r11 = FloatVector.fromArray(SPECIES, acc, a1 + c + L);
                    FloatVector r12 = FloatVector.fromArray(SPECIES, acc, a1 + c + 2 * L), r13 = FloatVector.fromArray(SPECIES, acc, a1 + c + 3 * L);
                    for (int j = 0; j < bk; j++) {
                        int vo = vOff + j * d + c;
                        FloatVector v0 = FloatVector.fromArray(SPECIES, v, vo), v1 = FloatVector.fromArray(SPECIES, v, vo + L);
                        FloatVector v2 = FloatVector.fromArray(SPECIES, v, vo + 2 * L), v3 = FloatVector.fromArray(SPECIES, v, vo + 3 * L);
                        FloatVector p0 = FloatVector.broadcast(SPECIES, s[s0 + j]), p1 = FloatVector.broadcast(SPECIES, s[s1 + j]);
                        r00 = p0.fma(v0, r00);
                        r01 = p0.fma(v1, r01);
                        r02 = p0.fma(v2, r02);
                        r03 = p0.fma(v3, r03);
                        r10 = p1.fma(v0, r10);
                        r11 = p1.fma(v1, r11);
                        r12 = p1.fma(v2, r12);
                        r13 = p1.fma(v3, r13);
                    }
                    r00.intoArray(acc, a0 + c);
                    r01.intoArray(acc, a0 + c + L);
                    r02.intoArray(acc, a0 + c + 2 * L);
                    r03.intoArray(acc, a0 + c + 3 * L);
                    r10.intoArray(acc, a1 + c);
                    r11.intoArray(acc, a1 + c + L);
                    r12.intoArray(acc, a1 + c + 2 * L);
                    r13.intoArray(acc, a1 + c + 3 * L);
                } else {
                    for (int cc = c; cc < c + width * L; cc += L) {
                        FloatVector r0 = FloatVector.fromArray(SPECIES, acc, a0 + cc), r1 = FloatVector.fromArray(SPECIES, acc, a1 + cc);
                        for (int j = 0; j < bk; j++) {
                            FloatVector vv = FloatVector.fromArray(SPECIES, v, vOff + j * d + cc);
                            r0 = FloatVector.broadcast(SPECIES, s[s0 + j]).fma(vv, r0);
                            r1 = FloatVector.broadcast(SPECIES, s[s1 + j]).fma(vv, r1);
                        }
                        r0.intoArray(acc, a0 + cc);
                        r1.intoArray(acc, a1 + cc);
                    }
                }
            }
            scalarTail(acc, s, v, vOff, d, dv, bk, i);
            scalarTail(acc, s, v, vOff, d, dv, bk, i + 1);
        }
        for (; i < rows; i++) {
            int a0 = i * d, s0 = i * BK;
            for (int cc = 0; cc < dv; cc += L) {
                FloatVector r0 = FloatVector.fromArray(SPECIES, acc, a0 + cc);
                for (int j = 0; j < bk; j++) {
                    r0 = FloatVector.broadcast(SPECIES, s[s0 + j]).fma(FloatVector.fromArray(SPECIES, v, vOff + j * d + cc), r0);
                }
                r0.intoArray(acc, a0 + cc);
            }
            scalarTail(acc, s, v, vOff, d, dv, bk, i);
        }
    }

    /** Columns of d past the last full vector. */
    private static void scalarTail(float[] acc, float[] s, float[] v, int vOff, int d, int dv, int bk, int i) {
        for (int c = dv; c < d; c++) {
            float a = acc[i * d + c];
            for (int j = 0; j < bk; j++) {
                a += s[i * BK + j] * v[vOff + j * d + c];
            }
            acc[i * d + c] = a;
        }
    }

    /**
     * Adds single keys (gather attention's neighbours) to row i of the block: score
     * {@code scale * q.k + bias}, folded into the running softmax like any other key.
     */
    static void attendOne(Block blk, int i, float[] q, int qo, float[] k, float[] v, int ko, float scale, float bias) {
        int d = blk.d;
        float sc = 0;
        for (int c = 0; c < d; c++) {
            sc += q[qo + c] * k[ko + c];
        }
        sc = sc * scale + bias;
        int ao = i * d;
        if (sc > blk.max[i]) {
            float corr = blk.max[i] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(blk.max[i] - sc);
            blk.sum[i] = blk.sum[i] * corr + 1;
            for (int c = 0; c < d; c++) {
                blk.acc[ao + c] = blk.acc[ao + c] * corr + v[ko + c];
            }
            blk.max[i] = sc;
        } else {
            float p = (float) Math.exp(sc - blk.max[i]);
            blk.sum[i] += p;
            for (int c = 0; c < d; c++) {
                blk.acc[ao + c] += p * v[ko + c];
            }
        }
    }

    /** out rows = acc / sum. */
    static void finish(Block blk, float[] out, int outOff) {
        int d = blk.d;
        for (int i = 0; i < blk.rows; i++) {
            float inv = 1f / blk.sum[i];
            for (int c = 0; c < d; c++) {
                out[outOff + i * d + c] = blk.acc[i * d + c] * inv;
            }
        }
    }
}
