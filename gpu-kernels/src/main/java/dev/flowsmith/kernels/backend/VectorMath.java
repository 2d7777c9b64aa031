package dev.flowsmith.kernels.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transcendental element-wise kernels of the CPU backend on the Vector API ({@code bench/.../VectorMathBench}
 * measures them against the scalar oracles; the scalar versions, first {@code Math.tanh}, a native StrictMath call,
 * were a third of a DiT forward). Same formulas as the Java oracles in {@code ActivationKernels} /
 * {@code NormKernels} (checked by the backend contract tests, within their tolerance).
 *
 * <p>Every result is bit-for-bit the same from run to run, which a resumed job needs to repeat itself: the Vector
 * API's own {@code EXP}/{@code TANH} give one answer interpreted and another once the JIT swaps in its vector math
 * library, and {@code reduceLanes(ADD)} may sum in any order, so neither is used. {@link #exp} is Cephes' expf
 * (range reduction by ln 2, a degree-6 polynomial, the exponent set by bits: about 1 ulp) in plain multiplies, adds
 * and fused multiply-adds, which are exactly rounded on every path; {@link #sum} adds the lanes in order.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    private static final float EXP_HI = 88.3762626647949f, EXP_LO = -87.3365478515625f;
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5 x 2^23: adding it rounds a float of magnitude below 2^22 to an integer, which its low mantissa bits hold. */
    private static final float ROUNDER = 12582912f;

    private VectorMath() {
    }

    /** {@code e^x} per lane, deterministic (see the class comment); 0 below {@code -87.34} and for -infinity. */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.min(EXP_HI).max(EXP_LO);
        FloatVector t = c.fma(FloatVector.broadcast(c.species(), LOG2E), FloatVector.broadcast(c.species(), ROUNDER));
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(c.species(), -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(c.species(), -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(c.species(), 1.9875691500e-4f), FloatVector.broadcast(c.species(), 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        // 2^n from n's bits in t: (bits(t) - bits(ROUNDER) + 127) << 23
        IntVector bits = (IntVector) t.reinterpretAsInts();
        IntVector pow = bits.sub(Float.floatToRawIntBits(ROUNDER) - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector y = p.mul((FloatVector) pow.reinterpretAsFloats());
        return y.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
    }

    /** {@code tanh(x) = 1 - 2 / (e^{2x} + 1)} per lane, deterministic; saturates to +-1 for large |x|. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.mul(2f).min(80f));
        return FloatVector.broadcast(x.species(), 1f).sub(FloatVector.broadcast(x.species(), 2f).div(e.add(1f)));
    }

    /** The lanes' sum, added in lane order (the same on every path, unlike {@code reduceLanes(ADD)}). */
    public static float sum(FloatVector v) {
        float s = 0;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** Tanh GELU {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} over [from, to). */
    public static void geluTanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(tanh(inner).add(1f)).intoArray(out, i);
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
            FloatVector e = exp(FloatVector.fromArray(S, x, o + j).sub(max));
            e.intoArray(out, o + j);
            acc = acc.add(e);
        }
        float sum = sum(acc);
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
        float s = sum(acc);
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
            double sum = sum(acc);
            for (; j < cols; j++) {
                sum += x[o + j];
            }
            float mean = (float) (sum / cols);
            FloatVector sq = FloatVector.zero(S);
            for (j = 0; j < bound; j += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, o + j).sub(mean);
                sq = d.fma(d, sq);
            }
            double var = sum(sq);
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
