package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.CollaborativeKernels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BM3D's collaborative filters: the plain-Java oracle's transforms are orthonormal and it removes noise; the CPU
 * backend's Vector API path finds the very same groups and gives the oracle's values within rounding, in both
 * steps, on a frame whose sides are not multiples of the grid step (so the clamped last row and column and the
 * scalar fallback at the right edge are exercised).
 */
class CollaborativeVectorTest {
    private static final int W = 77, H = 53, PLANE = W * H;
    private static final float[] SCALE = {1f / 3, 1f / 2, 3f / 8};

    @Test
    void theOracleTransformsAreOrthonormal() {
        float[] img = texture();
        float[] spec = new float[64], num = new float[PLANE], den = new float[PLANE];
        CollaborativeKernels.dct2(img, 5 * W + 9, W, spec, 0);
        float energy = 0, specEnergy = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                energy += img[(5 + y) * W + 9 + x] * img[(5 + y) * W + 9 + x];
                specEnergy += spec[y * 8 + x] * spec[y * 8 + x];
            }
        }
        assertThat(specEnergy).isCloseTo(energy, org.assertj.core.data.Offset.offset(1e-4f * energy));
        CollaborativeKernels.addIdct2(spec, 0, 2f, num, den, 5 * W + 9, W);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int i = (5 + y) * W + 9 + x;
                assertThat(num[i] / den[i]).isCloseTo(img[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void theOracleRemovesNoiseInBothSteps() {
        Random rnd = new Random(7);
        float[] clean = texture(), noisy = clean.clone();
        float sigma = 0.08f;
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += sigma * (float) rnd.nextGaussian();
        }
        float[] var = new float[PLANE];
        java.util.Arrays.fill(var, sigma * sigma * 3); // the luma channel's variance is a third of this
        float[] basic = run(false, noisy, noisy, var, 2.7f);
        float[] wiener = run(false, basic, noisy, var, 0f);
        double noisyMse = mse(noisy, clean), basicMse = mse(basic, clean), wienerMse = mse(wiener, clean);
        System.out.printf(java.util.Locale.ROOT, "collaborative filters: noisy MSE %.2e, basic %.2e, Wiener %.2e%n",
                noisyMse, basicMse, wienerMse);
        assertThat(basicMse).isLessThan(0.35 * noisyMse);
        assertThat(wienerMse).isLessThan(basicMse);
    }

    @Test
    void theVectorPathEqualsTheOracle() {
        Random rnd = new Random(11);
        float[] clean = texture(), noisy = clean.clone(), var = new float[PLANE];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 0.05f * (float) rnd.nextGaussian();
        }
        for (int i = 0; i < PLANE; i++) {
            var[i] = 0.0025f * (0.2f + rnd.nextFloat()); // a variance that varies per pixel, as after temporal averaging
        }
        for (float lambda : new float[] {2.7f, 0f}) {
            float[] guide = lambda > 0 ? noisy : clean;
            float[] oracle = run(false, guide, noisy, var, lambda), vector = run(true, guide, noisy, var, lambda);
            float worst = 0;
            for (int i = 0; i < oracle.length; i++) {
                worst = Math.max(worst, Math.abs(oracle[i] - vector[i]));
            }
            System.out.println("collaborative filter (lambda " + lambda + "): vector vs oracle, worst difference " + worst);
            assertThat(worst).isLessThan(2e-5f);
        }
        int[] a = new int[32], b = new int[32];
        float[] da = new float[24], db = new float[24];
        for (int ry = 0; ry <= H - 8; ry += 5) {
            for (int rx = 0; rx <= W - 8; rx += 3) {
                int na = CollaborativeKernels.findGroup(noisy, W, H, rx, ry, 6, 16, 0.004f, a, da);
                int nb = CollaborativeVector.findGroup(noisy, W, H, rx, ry, 6, 16, 0.004f, b, db);
                assertThat(nb).isEqualTo(na);
                assertThat(java.util.Arrays.copyOf(b, 2 * nb)).isEqualTo(java.util.Arrays.copyOf(a, 2 * na));
            }
        }
    }

    /** One step over the whole frame (three channels: the texture and two scaled copies); returns num / den. */
    private static float[] run(boolean vector, float[] guide, float[] noisy, float[] var, float lambda) {
        float[] g3 = threeChannels(guide), n3 = threeChannels(noisy);
        float[] num = new float[3 * PLANE], den = new float[3 * PLANE];
        float[] blocks = new float[2 * 3 * 8 * 64], dist = new float[16];
        int[] match = new int[16];
        int rows = CollaborativeKernels.gridSize(H, 3);
        if (vector) {
            CollaborativeVector.collaborativeFilter(g3, n3, var, SCALE, num, den, blocks, match, dist, H, W, 3, 3, 5, 8,
                    0.003f, lambda, 0, rows);
        } else {
            CollaborativeKernels.collaborativeFilter(g3, n3, var, SCALE, num, den, blocks, match, dist, H, W, 3, 3, 5, 8,
                    0.003f, lambda, 0, rows);
        }
        float[] out = new float[PLANE];
        for (int i = 0; i < PLANE; i++) {
            out[i] = num[i] / den[i];
        }
        return out;
    }

    private static float[] threeChannels(float[] p) {
        float[] out = new float[3 * PLANE];
        for (int i = 0; i < PLANE; i++) {
            out[i] = p[i];
            out[PLANE + i] = 0.5f * p[i];
            out[2 * PLANE + i] = 0.25f - 0.25f * p[i];
        }
        return out;
    }

    /** Stripes, a disc and a ramp: edges and repeated structure for block matching to find. */
    private static float[] texture() {
        float[] img = new float[PLANE];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float v = 0.3f + 0.2f * (float) Math.sin(x * 0.4) * ((y / 12) % 2 == 0 ? 1 : -1);
                if ((x - 50) * (x - 50) + (y - 25) * (y - 25) < 150) {
                    v = 0.85f;
                }
                img[y * W + x] = v + 0.002f * x;
            }
        }
        return img;
    }

    private static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < PLANE; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return s / PLANE;
    }
}
