package dev.flowsmith.kernels;

/** Normalisations over rows or channel groups. {@code out} may be {@code x}. */
public final class NormKernels {
    private NormKernels() {
    }

    /** Row-wise softmax of x[rows][cols] (max-subtracted); parallel index: row. */
    public static void softmaxRows(float[] x, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[o + j] - max);
                out[o + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                out[o + j] *= inv;
            }
        }
    }

    /**
     * Layer norm over the last dimension of x[rows][cols]:
     * {@code (x - mean) / sqrt(var + eps) * gamma[j] + beta[j]} (biased variance); parallel index: row.
     */
    public static void layerNorm(float[] x, float[] gamma, float[] beta, float[] out, int cols, float eps,
                                 int from, int to) {
        for (int r = from; r < to; r++) {
            int o = r * cols;
            double mean = 0;
            for (int j = 0; j < cols; j++) {
                mean += x[o + j];
            }
            mean /= cols;
            double var = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[o + j] - mean;
                var += d * d;
            }
            var /= cols;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            for (int j = 0; j < cols; j++) {
                out[o + j] = (float) ((x[o + j] - mean) * inv) * gamma[j] + beta[j];
            }
        }
    }

    /**
     * Group norm of x[n][c][hw] with {@code groups} groups of {@code c/groups} channels, per-channel
     * affine gamma[c], beta[c]; parallel index: {@code n * groups + g}.
     */
    public static void groupNorm(float[] x, float[] gamma, float[] beta, float[] out, int c, int hw, int groups,
                                 float eps, int from, int to) {
        int cpg = c / groups;
        for (int idx = from; idx < to; idx++) {
            int n = idx / groups, g = idx % groups;
            int base = (n * c + g * cpg) * hw, len = cpg * hw;
            double mean = 0;
            for (int i = 0; i < len; i++) {
                mean += x[base + i];
            }
            mean /= len;
            double var = 0;
            for (int i = 0; i < len; i++) {
                double d = x[base + i] - mean;
                var += d * d;
            }
            var /= len;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            for (int ch = 0; ch < cpg; ch++) {
                int cc = g * cpg + ch, o = base + ch * hw;
                for (int i = 0; i < hw; i++) {
                    out[o + i] = (float) ((x[o + i] - mean) * inv) * gamma[cc] + beta[cc];
                }
            }
        }
    }
}
