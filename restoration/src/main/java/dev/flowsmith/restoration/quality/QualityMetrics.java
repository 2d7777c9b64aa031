package dev.flowsmith.restoration.quality;

import dev.flowsmith.media.VideoFrame;

/**
 * Image quality as the restoration literature reports it: PSNR and SSIM on the Y channel (BT.601
 * luma in 0..255, as MATLAB's rgb2ycbcr) with a border of {@code crop} pixels left out.
 */
public final class QualityMetrics {
    private QualityMetrics() {
    }

    /** BT.601 studio-range luma (16..235) in the 0..255 scale, the convention of SR/denoising papers. */
    static double luma(float[] d, int plane, int i) {
        return 16 + 65.481 * d[i] + 128.553 * d[plane + i] + 24.966 * d[2 * plane + i];
    }

    public static double psnrY(VideoFrame a, VideoFrame b, int crop) {
        check(a, b);
        int w = a.width(), h = a.height(), plane = w * h;
        double se = 0;
        long n = 0;
        for (int y = crop; y < h - crop; y++) {
            for (int x = crop; x < w - crop; x++) {
                int i = y * w + x;
                double d = luma(a.data(), plane, i) - luma(b.data(), plane, i);
                se += d * d;
                n++;
            }
        }
        double mse = se / Math.max(1, n);
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** SSIM on Y with the usual 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03. */
    public static double ssimY(VideoFrame a, VideoFrame b, int crop) {
        check(a, b);
        int w = a.width() - 2 * crop, h = a.height() - 2 * crop, plane = a.width() * a.height();
        double[] x = new double[w * h], y = new double[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = (r + crop) * a.width() + c + crop;
                x[r * w + c] = luma(a.data(), plane, i);
                y[r * w + c] = luma(b.data(), plane, i);
            }
        }
        double[] g = new double[11];
        double gs = 0;
        for (int i = 0; i < 11; i++) {
            g[i] = Math.exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
            gs += g[i];
        }
        for (int i = 0; i < 11; i++) {
            g[i] /= gs;
        }
        double[] mx = blur(x, w, h, g), my = blur(y, w, h, g);
        double[] xx = new double[x.length], yy = new double[x.length], xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sxx = blur(xx, w, h, g), syy = blur(yy, w, h, g), sxy = blur(xy, w, h, g);
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2), sum = 0;
        int count = 0;
        for (int r = 5; r < h - 5; r++) {
            for (int c = 5; c < w - 5; c++) {
                int i = r * w + c;
                double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cov = sxy[i] - mx[i] * my[i];
                sum += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / Math.max(1, count);
    }

    private static double[] blur(double[] v, int w, int h, double[] g) {
        double[] t = new double[v.length], o = new double[v.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -5; k <= 5; k++) {
                    s += g[k + 5] * v[r * w + Math.max(0, Math.min(w - 1, c + k))];
                }
                t[r * w + c] = s;
            }
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int k = -5; k <= 5; k++) {
                    s += g[k + 5] * t[Math.max(0, Math.min(h - 1, r + k)) * w + c];
                }
                o[r * w + c] = s;
            }
        }
        return o;
    }

    private static void check(VideoFrame a, VideoFrame b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("frames differ in size: " + a.width() + "x" + a.height() + " vs "
                    + b.width() + "x" + b.height());
        }
    }
}
