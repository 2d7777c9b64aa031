package dev.flowsmith.bench.diffusion;

import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.kernels.ConvKernels;

import java.util.Locale;
import java.util.Random;

/**
 * The SD VAE's convolutions, which DiTVR runs twice per frame per consistency step, on the host: the
 * scalar Java kernel (what AutoencoderKL used) vs im2col + OpenBLAS on all cores (what it uses now), same
 * process, at the decoder's shapes for a 256 x 256 tile (3x3 convolutions of 512 channels at 32 and 64
 * px, 256 at 128 px, 128 at 256 px), with an estimate of one decode from the layer counts.
 */
public final class VaeConvBenchmark {
    public static void main(String[] args) {
        int[][] shapes = {{512, 32}, {512, 64}, {256, 128}, {128, 256}}; // channels, size
        int[] convsPerShape = {7, 7, 7, 7};                                // 3x3 convs at each stage of the decoder (approx.)
        double scalarTotal = 0, blasTotal = 0;
        System.out.printf(Locale.ROOT, "SD-VAE 3x3 convolutions, %d threads:%n", Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < shapes.length; i++) {
            int c = shapes[i][0], s = shapes[i][1];
            Random r = new Random(i);
            float[] x = new float[c * s * s], w = new float[c * c * 9], b = new float[c];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) r.nextGaussian();
            }
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) r.nextGaussian() * 0.02f;
            }
            float[] ref = new float[c * s * s];
            long t = System.nanoTime();
            ConvKernels.conv2d(x, w, b, ref, c, s, s, c, 3, 3, 1, 1, s, s, 0, c * s);
            double scalar = (System.nanoTime() - t) / 1e9;
            float[] y = Ops.conv2d(x, w, b, c, s, s, c, 3, 1, 1); // warm-up
            double blas = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                t = System.nanoTime();
                y = Ops.conv2d(x, w, b, c, s, s, c, 3, 1, 1);
                blas = Math.min(blas, (System.nanoTime() - t) / 1e9);
            }
            double gflop = 2.0 * c * c * 9 * s * s / 1e9, err = 0, max = 0;
            for (int k = 0; k < ref.length; k++) {
                err = Math.max(err, Math.abs(y[k] - ref[k]));
                max = Math.max(max, Math.abs(ref[k]));
            }
            System.out.printf(Locale.ROOT, "  %3d ch at %3d px (%.1f GFLOP): scalar %.2f s, OpenBLAS %.3f s -> %.0fx (max rel. diff %.1e)%n",
                    c, s, gflop, scalar, blas, scalar / blas, err / max);
            scalarTotal += convsPerShape[i] * scalar;
            blasTotal += convsPerShape[i] * blas;
        }
        System.out.printf(Locale.ROOT, "  one decode of a 256x256 tile, estimated from the 3x3 convolutions: scalar %.0f s, OpenBLAS %.1f s%n",
                scalarTotal, blasTotal);
    }

    private VaeConvBenchmark() {
    }
}
