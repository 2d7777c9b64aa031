package dev.flowsmith.restoration.ditvr;

import org.jtransforms.fft.FloatFFT_2D;

/** {@link Degradation#gaussianBlur}: the blur and its truncated pseudo-inverse as DFT multipliers. */
final class GaussianBlurDegradation implements Degradation {
    /** Frequencies attenuated below this are treated as lost (the truncation of DDNM's SVD pseudo-inverse). */
    static final double CUTOFF = 1e-3;
    private final double sigma;

    GaussianBlurDegradation(double sigma) {
        this.sigma = sigma;
    }

    @Override
    public int[] observedSize(int h, int w) {
        return new int[]{h, w};
    }

    @Override
    public float[] apply(float[] x, int planes, int h, int w) {
        return filter(x, planes, h, w, false);
    }

    @Override
    public float[] pseudoInverse(float[] y, int planes, int h, int w) {
        return filter(y, planes, h, w, true);
    }

    /** Transfer function of the sampled periodic Gaussian at DFT bin (u, v): exp(-2 pi^2 sigma^2 (fu^2 + fv^2)). */
    private double transfer(int u, int v, int h, int w) {
        double fu = (u <= w / 2 ? u : u - w) / (double) w, fv = (v <= h / 2 ? v : v - h) / (double) h;
        return Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * (fu * fu + fv * fv));
    }

    private float[] filter(float[] x, int planes, int h, int w, boolean inverse) {
        FloatFFT_2D fft = new FloatFFT_2D(h, w);
        float[] out = new float[x.length], c = new float[2 * h * w];
        for (int p = 0; p < planes; p++) {
            java.util.Arrays.fill(c, 0);
            for (int i = 0; i < h * w; i++) {
                c[2 * i] = x[p * h * w + i];
            }
            fft.complexForward(c);
            for (int v = 0; v < h; v++) {
                for (int u = 0; u < w; u++) {
                    double k = transfer(u, v, h, w);
                    double m = inverse ? (k > CUTOFF ? 1 / k : 0) : k;
                    int i = 2 * (v * w + u);
                    c[i] *= (float) m;
                    c[i + 1] *= (float) m;
                }
            }
            fft.complexInverse(c, true);
            for (int i = 0; i < h * w; i++) {
                out[p * h * w + i] = c[2 * i];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "gaussian blur sigma " + sigma;
    }
}
