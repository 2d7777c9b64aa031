package dev.flowsmith.kernels.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transcendental element-wise kernels of the CPU backend on the Vector API, whose TANH and EXP
 * are the JIT's vector math intrinsics: GELU 12.7x and softmax 8.1x the scalar oracles on one thread
 * ({@code bench/.../VectorMathBench}); the scalar versions (first {@code Math.tanh}, a native StrictMath
 * call) were a third of a DiT forward. Same
 * formulas as the Java oracles in {@code ActivationKernels} / {@code NormKernels} (checked by the
 * backend contract tests, within their tolerance).
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    private VectorMath() {
    }

    /** Tanh GELU {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} over [from, to). */
    public static void geluTanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(out, i);
        }
        if (i < to) {
            dev.flowsmith.kernels.ActivationKernels.geluTanh(x, out, i, to);
        }
    }

    /** Softmax of rows [from, to) of x[rows][cols] into out (out may be x). */
    public static void softmaxRows(float[] x, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int o = r * cols, bound = S.loopBound(cols), j = 0;
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; j < bound; j += S.length()) {
                mv = mv.max(FloatVector.fromArray(S, x, o + j));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            for (; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            float sum = expShifted(x, out, o, cols, max);
            float inv = 1f / sum;
            for (j = 0; j < bound; j += S.length()) {
                FloatVector.fromArray(S, out, o + j).mul(inv).intoArray(out, o + j);
            }
            for (; j < cols; j++) {
                out[o + j] *= inv;
            }
        }
    }

    /** {@code out[o+j] = exp(x[o+j] - max)} for j < n; returns their sum. */
    public static float expShifted(float[] x, float[] out, int o, int n, float max) {
        int bound = S.loopBound(n), j = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; j < bound; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, o + j).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(out, o + j);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float e = (float) Math.exp(x[o + j] - max);
            out[o + j] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code sum_c a[ao+c] b[bo+c]} for c < n. */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n), c = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; c < bound; c += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            s += a[ao + c] * b[bo + c];
        }
        return s;
    }

    /** {@code y[yo+c] += p x[xo+c]} for c < n. */
    public static void axpy(float p, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n), c = 0;
        FloatVector pv = FloatVector.broadcast(S, p);
        for (; c < bound; c += S.length()) {
            FloatVector.fromArray(S, x, xo + c).fma(pv, FloatVector.fromArray(S, y, yo + c)).intoArray(y, yo + c);
        }
        for (; c < n; c++) {
            y[yo + c] += p * x[xo + c];
        }
    }

    /**
     * Layer norm of rows [from, to) of x[rows][cols] with gamma/beta (the oracle's formula: biased variance,
     * eps inside the root), in float lanes with a two-pass mean and variance.
     */
    public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] out, int cols, float eps, int from, int to) {
        int bound = S.loopBound(cols);
        for (int r = from; r < to; r++) {
            int o = r * cols, j = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; j < bound; j += S.length()) {
                acc = acc.add(FloatVector.fromArray(S, x, o + j));
            }
            double sum = acc.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                sum += x[o + j];
            }
            float mean = (float) (sum / cols);
            FloatVector sq = FloatVector.zero(S);
            for (j = 0; j < bound; j += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, o + j).sub(mean);
                sq = d.fma(d, sq);
            }
            double var = sq.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                double d = x[o + j] - mean;
                var += d * d;
            }
            float inv = (float) (1.0 / Math.sqrt(var / cols + eps));
            for (j = 0; j < bound; j += S.length()) {
                FloatVector.fromArray(S, x, o + j).sub(mean).mul(inv).mul(FloatVector.fromArray(S, gamma, j))
                        .add(FloatVector.fromArray(S, beta, j)).intoArray(out, o + j);
            }
            for (; j < cols; j++) {
                out[o + j] = (x[o + j] - mean) * inv * gamma[j] + beta[j];
            }
        }
    }
}
