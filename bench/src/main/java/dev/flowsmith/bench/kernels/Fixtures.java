package dev.flowsmith.bench.kernels;

import java.util.Random;

/** Random inputs for the kernel benchmarks (fixed seeds: every run sees the same data). */
final class Fixtures {
    private Fixtures() {
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Trajectory neighbours: for each token, M keys in the +-2 neighbouring frames around its own position. */
    static int[] neighbours(int frames, int t, int m, long seed) {
        Random r = new Random(seed);
        int side = (int) Math.round(Math.sqrt(t));
        int[] nb = new int[frames * t * m];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < m; j++) {
                    int df = (j % 4) - 2;
                    df = df >= 0 ? df + 1 : df; // -2, -1, +1, +2
                    int g = f + df;
                    if (g < 0 || g >= frames || r.nextInt(10) == 0) {
                        nb[(f * t + i) * m + j] = -1; // out of the window or occluded
                        continue;
                    }
                    int x = Math.floorMod(i % side + (j / 4) % 3 - 1, side), y = Math.floorMod(i / side + (j / 12) - 1, side);
                    nb[(f * t + i) * m + j] = g * t + Math.min(t - 1, y * side + x);
                }
            }
        }
        return nb;
    }
}
