package dev.flowsmith.bench.kernels;

import java.util.Locale;
import java.util.Random;

/**
 * The denoiser's collaborative Wiener filter: the plain-Java oracle against the CPU backend's Vector API path, one
 * thread, in a JVM of its own. Its own JVM because 256-bit vectors (this kernel's: one 8x8 block row a vector) and
 * the 512-bit ones {@code VectorMath} takes on an AVX-512 machine slow each other down in one process (measured:
 * whichever runs second loses its speed, see docs/performance.md).
 */
public final class CollaborativeBench {
    /**
     * The denoiser's collaborative Wiener step (BM3D's second) over an 854x480 three-channel frame at its settings
     * (8x8 blocks every 4 pixels, offsets [-4, 4), groups of 4): plain-Java oracle against the Vector API path.
     */
    public static void main(String[] args) {
        Random r = new Random(1);
        int w = 854, h = 480, plane = w * h, g = 4, step = 4, radius = 4;
        float[] guide = new float[3 * plane], noisy = new float[3 * plane], var = new float[plane];
        for (int i = 0; i < 3 * plane; i++) {
            int x = i % w, y = (i / w) % h;
            guide[i] = (float) (0.5 + 0.3 * Math.sin(x * 0.05 + y * 0.03));
            noisy[i] = guide[i] + 0.1f * (float) r.nextGaussian();
        }
        java.util.Arrays.fill(var, 0.01f);
        float[] scale = {1f / 3, 0.5f, 0.375f}, num = new float[3 * plane], den = new float[3 * plane];
        float[] blocks = new float[2 * 3 * g * 64], dist = new float[g + 8];
        int[] match = new int[2 * g];
        int gridRows = dev.flowsmith.kernels.CollaborativeKernels.gridSize(h, step);
        double scalar = VectorMathBench.best(() -> dev.flowsmith.kernels.CollaborativeKernels.collaborativeFilter(guide, noisy, var, scale,
                num, den, blocks, match, dist, h, w, 3, step, radius, g, 0.006f, 0f, 0, gridRows));
        double vector = VectorMathBench.best(() -> dev.flowsmith.kernels.backend.CollaborativeVector.collaborativeFilter(guide, noisy, var,
                scale, num, den, blocks, match, dist, h, w, 3, step, radius, g, 0.006f, 0f, 0, gridRows));
        System.out.printf(Locale.ROOT, "collaborative Wiener filter, %dx%d RGB: scalar oracle %.1f ms, Vector API %.1f ms -> %.1fx%n",
                w, h, scalar * 1e3, vector * 1e3, scalar / vector);
    }

    private CollaborativeBench() {
    }
}
