package dev.flowsmith.kernels.backend;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/**
 * OpenBLAS (bytedeco build) for large matrix products on the CPU backend and the diffusion models'
 * layers. Its own thread count is set to the backend's so the two pools do not fight over the cores.
 */
public final class OpenBlas {
    private static volatile boolean loaded;

    private OpenBlas() {
    }

    /** Loads OpenBLAS and sets its thread count. */
    public static void init(int threads) {
        if (!loaded) {
            synchronized (OpenBlas.class) {
                if (!loaded) {
                    Loader.load(openblas.class);
                    loaded = true;
                }
            }
        }
        openblas_full.openblas_set_num_threads(threads);
    }

    public static String config() {
        return openblas_full.openblas_get_config().getString();
    }

    /** C = alpha op(A) op(B) + beta C, row-major, whole arrays. */
    public static void sgemm(float[] a, float[] b, float[] c, int m, int n, int k, float alpha, float beta, boolean transA,
                      boolean transB) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a, transA ? m : k, b,
                transB ? k : n, beta, c, n);
    }
}
