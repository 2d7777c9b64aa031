package dev.flowsmith.bench.kernels;

import org.bytedeco.openblas.global.openblas;

/** The textbook method: S = Q K^T for all heads at once (heads x n x m floats), softmax, O = S V. */
final class NaiveAttention {
    private NaiveAttention() {
    }

    static void run(float[] q, float[] k, float[] v, float[] out, int heads, int n, int m, int d, float scale) {
        float[] s = new float[heads * n * m];
        float[] qh = new float[n * d], kh = new float[m * d], vh = new float[m * d], sh = new float[n * m], oh = new float[n * d];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(q, h * n * d, qh, 0, n * d);
            System.arraycopy(k, h * m * d, kh, 0, m * d);
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, n, m, d, scale, qh, d,
                    kh, d, 0f, sh, m);
            System.arraycopy(sh, 0, s, h * n * m, n * m);
        }
        dev.flowsmith.kernels.NormKernels.softmaxRows(s, s, m, 0, heads * n);
        for (int h = 0; h < heads; h++) {
            System.arraycopy(s, h * n * m, sh, 0, n * m);
            System.arraycopy(v, h * m * d, vh, 0, m * d);
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, d, m, 1f, sh, m,
                    vh, d, 0f, oh, d);
            System.arraycopy(oh, 0, out, h * n * d, n * d);
        }
    }
}
