package dev.flowsmith.restoration.deblur;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.denoise.NoiseEstimator;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;
import org.jtransforms.fft.FloatFFT_2D;

import java.util.Locale;

/**
 * Non-blind deconvolution for a known blur (Gaussian sigma, or linear motion of a length and angle),
 * frame by frame, with the FFT from JTransforms:
 * <ul>
 * <li>Wiener: {@code X = conj(K) Y / (|K|^2 + nsr)}, the noise-to-signal ratio from the estimated
 * noise level unless given;</li>
 * <li>Richardson-Lucy: {@code x <- x * (k' * (y / (k * x)))}, a fixed number of iterations.</li>
 * </ul>
 * Ringing control: the frame is padded by mirroring its borders (so the circular FFT sees no jump at
 * the edges) and the result is clipped to 0..1.
 */
public final class Deconvolver implements FrameProcessor {
    public enum Method { WIENER, RICHARDSON_LUCY }

    /** {@code motionLength > 0} selects a motion kernel; otherwise Gaussian {@code sigma}. nsr <= 0: automatic. */
    public record Params(Method method, double sigma, double motionLength, double motionAngleDeg, double nsr, int iterations) {
        public Params {
            if (sigma <= 0 && motionLength <= 0) {
                throw new IllegalArgumentException("give a Gaussian sigma or a motion length");
            }
            if (iterations < 1 || iterations > 500) {
                throw new IllegalArgumentException("iterations must be 1..500");
            }
        }

        public static Params gaussian(double sigma) {
            return new Params(Method.WIENER, sigma, 0, 0, 0, 30);
        }
    }

    private final Params p;
    private FloatFFT_2D fft;
    private float[] spectrum;
    private int spectrumW, spectrumH;

    public Deconvolver(Params p) {
        this.p = p;
    }

    @Override
    public int radius() {
        return 0;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "deblur(%s, sigma=%.3f, motion=%.2f@%.1f, nsr=%s, iterations=%d)", p.method(),
                p.sigma(), p.motionLength(), p.motionAngleDeg(), p.nsr() > 0 ? Double.toString(p.nsr()) : "auto", p.iterations());
    }

    /** Kernel support radius in pixels. */
    int kernelRadius() {
        return (int) Math.ceil(p.motionLength() > 0 ? p.motionLength() / 2 + 1 : 3 * p.sigma());
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame in = window.get(0);
        int w = in.width(), h = in.height(), pad = kernelRadius() * 3 + 8;
        int pw = w + 2 * pad, ph = h + 2 * pad;
        if (fft == null || spectrumW != pw || spectrumH != ph) {
            // the kernel's spectrum depends only on the padded size: once per video, not per frame
            fft = new FloatFFT_2D(ph, pw);
            spectrum = new float[2 * pw * ph];
            System.arraycopy(kernel(pw, ph), 0, spectrum, 0, pw * ph);
            fft.realForwardFull(spectrum);
            spectrumW = pw;
            spectrumH = ph;
        }
        float[] k = spectrum;
        double sigmaN = NoiseEstimator.sigma(in);
        float nsr = (float) (p.nsr() > 0 ? p.nsr() : Math.max(2e-4, 30 * sigmaN * sigmaN));
        out.resize(w, h);
        for (int c = 0; c < 3; c++) {
            float[] y = padded(in.data(), c * w * h, w, h, pad);
            float[] x = p.method() == Method.WIENER ? wiener(fft, k, y, pw, ph, nsr) : richardsonLucy(fft, k, y, pw, ph);
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    out.data()[c * w * h + r * w + col] = Math.max(0f, Math.min(1f, x[(r + pad) * pw + col + pad]));
                }
            }
        }
    }

    /** The blur kernel, normalised, centred at (0,0) with wrap-around, on a pw x ph grid. */
    private float[] kernel(int pw, int ph) {
        float[] k = new float[pw * ph];
        int r = kernelRadius();
        double sum = 0;
        double a = Math.toRadians(p.motionAngleDeg()), dx = Math.cos(a), dy = -Math.sin(a);
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                double v;
                if (p.motionLength() > 0) {
                    // distance from the motion segment through the origin, antialiased over one pixel
                    double t = Math.max(-p.motionLength() / 2, Math.min(p.motionLength() / 2, x * dx + y * dy));
                    double dist = Math.hypot(x - t * dx, y - t * dy);
                    v = Math.max(0, 1 - dist);
                } else {
                    v = Math.exp(-(x * x + y * y) / (2 * p.sigma() * p.sigma()));
                }
                k[Math.floorMod(y, ph) * pw + Math.floorMod(x, pw)] += (float) v;
                sum += v;
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /** Channel at {@code off} mirrored by {@code pad} pixels on every side. */
    private static float[] padded(float[] d, int off, int w, int h, int pad) {
        int pw = w + 2 * pad, ph = h + 2 * pad;
        float[] o = new float[pw * ph];
        for (int y = 0; y < ph; y++) {
            int sy = mirror(y - pad, h);
            for (int x = 0; x < pw; x++) {
                o[y * pw + x] = d[off + sy * w + mirror(x - pad, w)];
            }
        }
        return o;
    }

    private static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    private static float[] wiener(FloatFFT_2D fft, float[] k, float[] y, int pw, int ph, float nsr) {
        float[] f = new float[2 * pw * ph];
        System.arraycopy(y, 0, f, 0, pw * ph);
        fft.realForwardFull(f);
        for (int i = 0; i < pw * ph; i++) {
            float kr = k[2 * i], ki = k[2 * i + 1], yr = f[2 * i], yi = f[2 * i + 1];
            float den = kr * kr + ki * ki + nsr;
            f[2 * i] = (kr * yr + ki * yi) / den;       // conj(K) * Y
            f[2 * i + 1] = (kr * yi - ki * yr) / den;
        }
        fft.complexInverse(f, true);
        float[] x = new float[pw * ph];
        for (int i = 0; i < x.length; i++) {
            x[i] = f[2 * i];
        }
        return x;
    }

    private float[] richardsonLucy(FloatFFT_2D fft, float[] k, float[] y, int pw, int ph) {
        float[] x = y.clone();
        float[] buf = new float[2 * pw * ph];
        for (int it = 0; it < p.iterations(); it++) {
            float[] blurred = convolve(fft, k, x, buf, pw, ph, false);
            float[] ratio = new float[pw * ph];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = y[i] / Math.max(1e-4f, blurred[i]);
            }
            float[] corr = convolve(fft, k, ratio, buf, pw, ph, true);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(0f, x[i] * corr[i]);
            }
        }
        return x;
    }

    /** Circular convolution with the kernel (or its adjoint, i.e. correlation). */
    private static float[] convolve(FloatFFT_2D fft, float[] k, float[] v, float[] buf, int pw, int ph, boolean adjoint) {
        java.util.Arrays.fill(buf, 0f);
        System.arraycopy(v, 0, buf, 0, pw * ph);
        fft.realForwardFull(buf);
        for (int i = 0; i < pw * ph; i++) {
            float kr = k[2 * i], ki = adjoint ? -k[2 * i + 1] : k[2 * i + 1], vr = buf[2 * i], vi = buf[2 * i + 1];
            buf[2 * i] = kr * vr - ki * vi;
            buf[2 * i + 1] = kr * vi + ki * vr;
        }
        fft.complexInverse(buf, true);
        float[] o = new float[pw * ph];
        for (int i = 0; i < o.length; i++) {
            o[i] = buf[2 * i];
        }
        return o;
    }
}
