package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.kernels.ResampleKernels;

/**
 * A linear degradation {@code y = A x} of planar images and a pseudo-inverse {@code A+} with
 * {@code A A+ = I}, as DDNM's range-null-space data consistency needs: {@code x + A+(y - A x)}
 * agrees with the observation exactly.
 */
public interface Degradation {
    /** Size of {@code A x} for an image of h x w: {h', w'}. */
    int[] observedSize(int h, int w);

    float[] apply(float[] x, int planes, int h, int w);

    /** {@code A+ y}, an image of h x w. */
    float[] pseudoInverse(float[] y, int planes, int h, int w);

    /** Super-resolution: A = mean of s x s blocks; A+ = copy each value to its block (then A A+ = I). */
    static Degradation areaDownsample(int s) {
        return new Degradation() {
            @Override
            public int[] observedSize(int h, int w) {
                return new int[]{h / s, w / s};
            }

            @Override
            public float[] apply(float[] x, int planes, int h, int w) {
                int oh = h / s, ow = w / s;
                float[] y = new float[planes * oh * ow];
                ResampleKernels.area(x, y, h, w, s, oh, ow, 0, planes * oh);
                return y;
            }

            @Override
            public float[] pseudoInverse(float[] y, int planes, int h, int w) {
                int oh = h / s, ow = w / s;
                float[] x = new float[planes * h * w];
                for (int p = 0; p < planes; p++) {
                    for (int r = 0; r < h; r++) {
                        for (int c = 0; c < w; c++) {
                            x[(p * h + r) * w + c] = y[(p * oh + Math.min(oh - 1, r / s)) * ow + Math.min(ow - 1, c / s)];
                        }
                    }
                }
                return x;
            }
        };
    }

    /** Denoising: A = I (the noise lives in y; the sampler's noise level sets how hard consistency pulls). */
    static Degradation identity() {
        return new Degradation() {
            @Override
            public int[] observedSize(int h, int w) {
                return new int[]{h, w};
            }

            @Override
            public float[] apply(float[] x, int planes, int h, int w) {
                return x.clone();
            }

            @Override
            public float[] pseudoInverse(float[] y, int planes, int h, int w) {
                return y.clone();
            }
        };
    }
}
