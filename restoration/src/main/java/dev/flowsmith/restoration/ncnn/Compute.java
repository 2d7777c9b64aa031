package dev.flowsmith.restoration.ncnn;

import dev.flowsmith.kernels.backend.OpenBlas;
import dev.flowsmith.kernels.backend.ParallelRange;

/**
 * What the layers run on: a thread pool for the element-wise work and OpenBLAS for the products
 * (im2col + sgemm, as the VAE's host convolutions do).
 */
public final class Compute implements AutoCloseable {
    private final ParallelRange range;

    public Compute(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads " + threads);
        }
        OpenBlas.init(threads);
        range = new ParallelRange(threads);
    }

    ParallelRange range() {
        return range;
    }

    /** {@code c[m][n] = a[m][k] . b[k][n]} (row-major, whole arrays). */
    void gemm(float[] a, float[] b, float[] c, int m, int n, int k) {
        OpenBlas.sgemm(a, b, c, m, n, k, 1f, 0f, false, false);
    }

    @Override
    public void close() {
        range.close();
    }
}
