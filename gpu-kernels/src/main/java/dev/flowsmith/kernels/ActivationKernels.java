package dev.flowsmith.kernels;

/** Element-wise activations; the parallel index is the element. {@code out} may be {@code x}. */
public final class ActivationKernels {
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    private ActivationKernels() {
    }

    /** Exact GELU: {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))} (PyTorch's default). */
    public static void gelu(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            out[i] = (float) (0.5 * v * (1.0 + erf(v * 0.7071067811865476)));
        }
    }

    /**
     * GEGLU (Stable Diffusion's feed-forward): rows of {@code [hidden | gate]}, {@code 2 x inner} wide, give
     * {@code out[r][j] = hidden[r][j] * gelu(gate[r][j])} ({@code [rows][inner]}). Parallel index: output element e.
     */
    public static void geglu(float[] x, float[] out, int inner, int from, int to) {
        for (int e = from; e < to; e++) {
            int r = e / inner, j = e - r * inner;
            float h = x[2 * r * inner + j], g = x[2 * r * inner + inner + j];
            out[e] = (float) (h * (0.5 * g * (1.0 + erf(g * 0.7071067811865476))));
        }
    }

    /** Tanh GELU: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (DiT's feed-forward). */
    public static void geluTanh(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            out[i] = (float) (0.5 * v * (1.0 + tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
    }

    /**
     * tanh through the exp intrinsic: {@code 1 - 2 / (e^{2u} + 1)} in double (exact to about 1e-16 absolute;
     * {@code Math.tanh} is a native StrictMath call that took a third of a DiT forward). Saturates cleanly:
     * e^{2u} = inf gives 1, 0 gives -1.
     */
    static double tanh(double u) {
        return 1.0 - 2.0 / (Math.exp(2 * u) + 1.0);
    }

    /** SiLU: {@code x * sigmoid(x)}. */
    public static void silu(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            out[i] = (float) (v / (1.0 + Math.exp(-v)));
        }
    }

    /**
     * erf to about 1e-7 absolute error in double (W. J. Cody's rational approximations are overkill
     * here; this is Numerical Recipes' erfc with Chebyshev coefficients, error below 1.2e-7).
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - r : r - 1.0;
    }
}
