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

    /**
     * The nearest image to {@code x} with {@code A x = y} and every value in [lo, hi] (the observation
     * itself must be in range). Default: the unbounded correction, then clipping.
     */
    default float[] projectBounded(float[] x, float[] y, int planes, int h, int w, float lo, float hi) {
        float[] ax = apply(x, planes, h, w), r = new float[y.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = y[i] - ax[i];
        }
        float[] c = pseudoInverse(r, planes, h, w), out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(lo, Math.min(hi, x[i] + c[i]));
        }
        return out;
    }

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

            /** Per block: shift all values by one delta, clipped to range, with the delta found by bisection so the mean is exact. */
            @Override
            public float[] projectBounded(float[] x, float[] y, int planes, int h, int w, float lo, float hi) {
                int oh = h / s, ow = w / s;
                float[] out = x.clone();
                for (int p = 0; p < planes; p++) {
                    for (int by = 0; by < oh; by++) {
                        for (int bx = 0; bx < ow; bx++) {
                            double target = Math.max(lo, Math.min(hi, y[(p * oh + by) * ow + bx]));
                            // a delta that clips the whole block to lo, and one that clips it to hi, bracket the answer
                            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
                            for (int yy = 0; yy < s; yy++) {
                                for (int xx = 0; xx < s; xx++) {
                                    float v = x[(p * h + by * s + yy) * w + bx * s + xx];
                                    min = Math.min(min, v);
                                    max = Math.max(max, v);
                                }
                            }
                            double dlo = lo - max, dhi = hi - min;
                            for (int it = 0; it < 60; it++) {
                                double d = (dlo + dhi) / 2, mean = 0;
                                for (int yy = 0; yy < s; yy++) {
                                    for (int xx = 0; xx < s; xx++) {
                                        mean += Math.max(lo, Math.min(hi, x[(p * h + by * s + yy) * w + bx * s + xx] + d));
                                    }
                                }
                                if (mean / (s * s) < target) {
                                    dlo = d;
                                } else {
                                    dhi = d;
                                }
                            }
                            double d = (dlo + dhi) / 2;
                            for (int yy = 0; yy < s; yy++) {
                                for (int xx = 0; xx < s; xx++) {
                                    int i = (p * h + by * s + yy) * w + bx * s + xx;
                                    out[i] = (float) Math.max(lo, Math.min(hi, x[i] + d));
                                }
                            }
                        }
                    }
                }
                return out;
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

    /**
     * Standard deviation of the noise in the observation, on the [-1, 1] scale (0: noise-free). With
     * noise, an exact consistency step would copy the noise back, so the sampler's last step enforces
     * the observation only in the coarse low band (whose block means average the noise away).
     */
    default double noiseSigma() {
        return 0;
    }

    /** Denoising: A = I with observation noise {@code sigma} on the [-1, 1] scale. */
    static Degradation identity(double sigma) {
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

            @Override
            public double noiseSigma() {
                return sigma;
            }
        };
    }

    /** A = I, noise-free. */
    static Degradation identity() {
        return identity(0);
    }

    /**
     * Deblurring: A = circular convolution with a Gaussian of {@code sigma} pixels, diagonal in the
     * 2-D DFT with the Gaussian's transfer function K; A+ is DDNM's truncated SVD pseudo-inverse, 1/K
     * where K exceeds 1e-3 and 0 elsewhere (those frequencies are gone from y and left to the prior),
     * so A A+ A = A. Tiles are treated as periodic.
     */
    static Degradation gaussianBlur(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
        }
        return new GaussianBlurDegradation(sigma);
    }
}
