package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.kernels.WaveletKernels;

/**
 * DiTVR's data consistency: DDNM's correction {@code A+(y - A x0)} applied only in the Haar low band
 * of level J, {@code x0 + Up(AvgPool_{2^J}(x0_dc - x0))}, so the observation fixes coarse structure and
 * colour while high frequencies stay with the diffusion prior. J goes from 3 (early) to 1 (late).
 */
public final class LowBandConsistency {
    private LowBandConsistency() {
    }

    public static float[] apply(float[] x0, float[] y, Degradation a, int planes, int h, int w, int levels) {
        float[] ax = a.apply(x0, planes, h, w);
        int[] o = a.observedSize(h, w);
        float[] residual = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            residual[i] = y[i] - ax[i];
        }
        float[] correction = a.pseudoInverse(residual, planes, h, w);
        float[] low = correction;
        if (levels > 0) {
            low = new float[correction.length];
            int block = 1 << levels;
            int blockRows = (h + block - 1) / block;
            for (int p = 0; p < planes; p++) {
                float[] plane = java.util.Arrays.copyOfRange(correction, p * h * w, (p + 1) * h * w), out = new float[h * w];
                WaveletKernels.projectLowBand(plane, out, h, w, block, 0, blockRows);
                System.arraycopy(out, 0, low, p * h * w, h * w);
            }
        }
        float[] out = x0.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += low[i];
        }
        return out;
    }

    /** J for step {@code i} of {@code n} consistency steps: 3 early, 2 in the middle, 1 late. */
    public static int levelAt(int i, int n) {
        double f = n <= 1 ? 1 : (double) i / (n - 1);
        return f < 1 / 3.0 ? 3 : f < 2 / 3.0 ? 2 : 1;
    }
}
