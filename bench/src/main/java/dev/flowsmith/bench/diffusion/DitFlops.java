package dev.flowsmith.bench.diffusion;

import dev.flowsmith.diffusion.dit.DitConfig;
import dev.flowsmith.kernels.backend.OpenBlas;

/** Arithmetic shared by the DiT benchmarks (kept free of ONNX Runtime so the GPU machine needs no ORT jar). */
public final class DitFlops {
    private DitFlops() {
    }

    /** Multiply-adds x 2 of the forward: projections, attention, MLP per block, the embedders and output layer. */
    static double flops(DitConfig c) {
        double n = c.grid() * c.grid(), d = c.dim();
        double block = 2 * n * d * d * (3 + 1 + 8) + 2 * 2 * n * n * d + 2 * d * 6 * d + 2 * (256 * d + d * d);
        double patch = 2 * n * d * c.inChannels() * c.patchSize() * c.patchSize();
        double out = 2 * d * 2 * d + 2 * n * d * c.patchSize() * c.patchSize() * c.outChannels();
        return c.layers() * block + patch + out;
    }

    /** OpenBLAS sgemm at the MLP's shape (tokens x 4d x d), measured here. */
    static double blasGflops(DitConfig c) {
        int m = c.grid() * c.grid(), n = 4 * c.dim(), k = c.dim();
        float[] a = new float[m * k], b = new float[n * k], o = new float[m * n];
        OpenBlas.init(Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < 3; i++) {
            OpenBlas.sgemm(a, b, o, m, n, k, 1, 0, false, true);
        }
        long s = System.nanoTime();
        int reps = 20;
        for (int i = 0; i < reps; i++) {
            OpenBlas.sgemm(a, b, o, m, n, k, 1, 0, false, true);
        }
        return 2.0 * m * n * k * reps / ((System.nanoTime() - s) / 1e9) / 1e9;
    }

    /** The largest absolute difference of {@code a} from {@code b}, relative to {@code b}'s largest magnitude. */
    public static double relErr(float[] a, float[] b) {
        double e = 0, m = 0;
        for (int i = 0; i < b.length; i++) {
            e = Math.max(e, Math.abs(a[i] - b[i]));
            m = Math.max(m, Math.abs(b[i]));
        }
        return e / m;
    }
}
