package dev.flowsmith.kernels;

/**
 * Matrix products. Row-major, no padding. The parallel index is the output row.
 */
public final class GemmKernels {
    private GemmKernels() {
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} for output rows {@code [from, to)}.
     * <p>Layouts: {@code op(A)} is m x k, stored as A[m][k] ({@code transA == false}) or A[k][m];
     * {@code op(B)} is k x n, stored as B[k][n] or B[n][k]; C[m][n].
     */
    public static void sgemm(float[] a, float[] b, float[] c, int m, int n, int k, float alpha, float beta,
                             boolean transA, boolean transB, int from, int to) {
        sgemmAt(a, 0, b, 0, c, 0, m, n, k, alpha, beta, transA, transB, from, to);
    }

    /** {@link #sgemm} on sub-arrays starting at the given offsets. */
    public static void sgemmAt(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k,
                               float alpha, float beta, boolean transA, boolean transB, int from, int to) {
        for (int i = from; i < to; i++) {
            int crow = cOff + i * n;
            for (int j = 0; j < n; j++) {
                c[crow + j] = beta == 0f ? 0f : beta * c[crow + j];
            }
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * m + i] : a[aOff + i * k + p]);
                if (av == 0f) {
                    continue;
                }
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += av * b[bOff + j * k + p];
                    }
                } else {
                    int brow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += av * b[brow + j];
                    }
                }
            }
        }
    }

    /**
     * {@code batch} independent products, matrices stored one after the other (A[batch][m][k],
     * B[batch][k][n], C[batch][m][n], transposes as in {@link #sgemm}). The parallel index runs over
     * {@code batch * m} output rows.
     */
    public static void sgemmBatched(float[] a, float[] b, float[] c, int batch, int m, int n, int k, float alpha,
                                    float beta, boolean transA, boolean transB, int from, int to) {
        for (int r = from; r < to; r++) {
            int bi = r / m, row = r % m;
            sgemmAt(a, bi * m * k, b, bi * k * n, c, bi * m * n, m, n, k, alpha, beta, transA, transB, row, row + 1);
        }
    }
}
