package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.ActivationKernels;
import dev.flowsmith.kernels.NormKernels;
import dev.flowsmith.kernels.backend.VectorMath;

import java.util.Locale;
import java.util.Random;

/**
 * The CPU backend's Vector API transcendentals against the scalar Java oracles they replace in the DiT's
 * hot loops, one thread, same process: tanh GELU over a DiT-XL/2 MLP activation (256 x 4608) and row
 * softmax over a 16-head 256 x 256 score block. Best of 20 after warm-up; prints the ratio.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.flowsmith.bench.kernels.VectorMathBench}.
 */
public final class VectorMathBench {
    public static void main(String[] args) {
        Random r = new Random(1);
        float[] x = new float[256 * 4608], y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 2;
        }
        double scalar = best(() -> ActivationKernels.geluTanh(x, y, 0, x.length));
        double vector = best(() -> VectorMath.geluTanh(x, y, 0, x.length));
        System.out.printf(Locale.ROOT, "GELU (tanh) over %d values: scalar oracle %.2f ms, Vector API %.2f ms -> %.1fx%n",
                x.length, scalar * 1e3, vector * 1e3, scalar / vector);
        int rows = 16 * 256, cols = 256;
        float[] s = new float[rows * cols], o = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian() * 3;
        }
        double sScalar = best(() -> NormKernels.softmaxRows(s, o, cols, 0, rows));
        double sVector = best(() -> VectorMath.softmaxRows(s, o, cols, 0, rows));
        System.out.printf(Locale.ROOT, "softmax over %d rows of %d: scalar oracle %.2f ms, Vector API %.2f ms -> %.1fx%n",
                rows, cols, sScalar * 1e3, sVector * 1e3, sScalar / sVector);
    }

    static double best(Runnable body) {
        for (int i = 0; i < 5; i++) {
            body.run();
        }
        double b = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            body.run();
            b = Math.min(b, (System.nanoTime() - t) / 1e9);
        }
        return b;
    }

    private VectorMathBench() {
    }
}
