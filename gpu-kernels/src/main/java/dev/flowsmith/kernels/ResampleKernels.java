package dev.flowsmith.kernels;

/**
 * Resampling of planar images x[planes][h][w] to out[planes][oh][ow]. Parallel index: one output row,
 * {@code plane * oh + y}. Coordinates follow PyTorch's {@code align_corners=False} convention.
 */
public final class ResampleKernels {
    private ResampleKernels() {
    }

    /** Nearest neighbour: {@code out[y][x] = in[floor(y*h/oh)][floor(x*w/ow)]}. */
    public static void nearest(float[] in, float[] out, int h, int w, int oh, int ow, int from, int to) {
        for (int r = from; r < to; r++) {
            int p = r / oh, y = r % oh;
            int sy = Math.min(h - 1, (int) ((long) y * h / oh));
            int src = (p * h + sy) * w, dst = r * ow;
            for (int x = 0; x < ow; x++) {
                out[dst + x] = in[src + Math.min(w - 1, (int) ((long) x * w / ow))];
            }
        }
    }

    /** Bilinear, source coordinate {@code (x + 0.5) * w / ow - 0.5} clamped at the border. */
    public static void bilinear(float[] in, float[] out, int h, int w, int oh, int ow, int from, int to) {
        float sh = (float) h / oh, sw = (float) w / ow;
        for (int r = from; r < to; r++) {
            int p = r / oh, y = r % oh;
            float fy = Math.max(0f, (y + 0.5f) * sh - 0.5f);
            int y0 = Math.min(h - 1, (int) fy), y1 = Math.min(h - 1, y0 + 1);
            float ay = fy - y0;
            int base = p * h * w, dst = r * ow;
            for (int x = 0; x < ow; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sw - 0.5f);
                int x0 = Math.min(w - 1, (int) fx), x1 = Math.min(w - 1, x0 + 1);
                float ax = fx - x0;
                float top = in[base + y0 * w + x0] * (1 - ax) + in[base + y0 * w + x1] * ax;
                float bot = in[base + y1 * w + x0] * (1 - ax) + in[base + y1 * w + x1] * ax;
                out[dst + x] = top * (1 - ay) + bot * ay;
            }
        }
    }

    /**
     * Area (box) downsampling by an integer {@code factor}: mean of each factor x factor block;
     * a partial block at the right or bottom edge averages the pixels it has. {@code oh = ceil(h/factor)}.
     */
    public static void area(float[] in, float[] out, int h, int w, int factor, int oh, int ow, int from, int to) {
        for (int r = from; r < to; r++) {
            int p = r / oh, y = r % oh;
            int y0 = y * factor, y1 = Math.min(h, y0 + factor);
            for (int x = 0; x < ow; x++) {
                int x0 = x * factor, x1 = Math.min(w, x0 + factor);
                float s = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = (p * h + yy) * w;
                    for (int xx = x0; xx < x1; xx++) {
                        s += in[row + xx];
                    }
                }
                out[r * ow + x] = s / ((y1 - y0) * (x1 - x0));
            }
        }
    }

    /** Keys' cubic convolution kernel with a = -0.5 (MATLAB imresize). */
    static float cubic(float x) {
        float ax = Math.abs(x), ax2 = ax * ax, ax3 = ax2 * ax;
        if (ax <= 1) {
            return 1.5f * ax3 - 2.5f * ax2 + 1;
        }
        if (ax < 2) {
            return -0.5f * ax3 + 2.5f * ax2 - 4 * ax + 2;
        }
        return 0;
    }

    /**
     * One axis of antialiased bicubic resampling (MATLAB {@code imresize} / PIL style: when shrinking,
     * the kernel is widened by the scale so every source pixel contributes). Resamples along x:
     * in[rows][w] to out[rows][ow]; run it on the transposed problem, or {@link #bicubicColumns}, for y.
     * Parallel index: row. Weights are normalised to sum to one; borders clamp.
     */
    public static void bicubicRows(float[] in, float[] out, int w, int ow, int from, int to) {
        float scale = (float) ow / w;
        float support = scale < 1 ? 2f / scale : 2f;
        float kscale = scale < 1 ? scale : 1f;
        for (int r = from; r < to; r++) {
            int src = r * w, dst = r * ow;
            for (int x = 0; x < ow; x++) {
                float center = (x + 0.5f) / scale - 0.5f;
                int lo = (int) Math.floor(center - support) + 1, hi = (int) Math.floor(center + support);
                float s = 0, wsum = 0;
                for (int i = lo; i <= hi; i++) {
                    float wt = cubic((i - center) * kscale);
                    if (wt == 0) {
                        continue;
                    }
                    s += wt * in[src + Math.max(0, Math.min(w - 1, i))];
                    wsum += wt;
                }
                out[dst + x] = s / wsum;
            }
        }
    }

    /**
     * The y axis of antialiased bicubic resampling: in[planes][h][w] to out[planes][oh][w].
     * Parallel index: output row {@code plane * oh + y}.
     */
    public static void bicubicColumns(float[] in, float[] out, int h, int w, int oh, int from, int to) {
        float scale = (float) oh / h;
        float support = scale < 1 ? 2f / scale : 2f;
        float kscale = scale < 1 ? scale : 1f;
        for (int r = from; r < to; r++) {
            int p = r / oh, y = r % oh;
            float center = (y + 0.5f) / scale - 0.5f;
            int lo = (int) Math.floor(center - support) + 1, hi = (int) Math.floor(center + support);
            int dst = r * w;
            for (int x = 0; x < w; x++) {
                out[dst + x] = 0;
            }
            float wsum = 0;
            for (int i = lo; i <= hi; i++) {
                float wt = cubic((i - center) * kscale);
                if (wt == 0) {
                    continue;
                }
                wsum += wt;
                int src = (p * h + Math.max(0, Math.min(h - 1, i))) * w;
                for (int x = 0; x < w; x++) {
                    out[dst + x] += wt * in[src + x];
                }
            }
            float inv = 1f / wsum;
            for (int x = 0; x < w; x++) {
                out[dst + x] *= inv;
            }
        }
    }

    /** Normalised 1-D Gaussian taps {@code [2*radius+1]} for sigma; radius = ceil(3 sigma). */
    public static float[] gaussianTaps(float sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] t = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            t[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += t[i + radius];
        }
        for (int i = 0; i < t.length; i++) {
            t[i] /= (float) sum;
        }
        return t;
    }

    /** Horizontal convolution with odd-length taps, clamped border: in[rows][w] to out[rows][w]. Parallel index: row. */
    public static void convolveRows(float[] in, float[] taps, float[] out, int w, int from, int to) {
        int radius = taps.length / 2;
        for (int r = from; r < to; r++) {
            int base = r * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                if (x >= radius && x + radius < w) { // inside: no clamping, the same sum in the same order
                    for (int t = -radius; t <= radius; t++) {
                        s += taps[t + radius] * in[base + x + t];
                    }
                } else {
                    for (int t = -radius; t <= radius; t++) {
                        s += taps[t + radius] * in[base + Math.max(0, Math.min(w - 1, x + t))];
                    }
                }
                out[base + x] = s;
            }
        }
    }

    /** Vertical convolution, clamped border: in[planes][h][w] to out. Parallel index: row {@code plane * h + y}. */
    public static void convolveColumns(float[] in, float[] taps, float[] out, int h, int w, int from, int to) {
        int radius = taps.length / 2;
        for (int r = from; r < to; r++) {
            int p = r / h, y = r % h, o = r * w;
            // tap by tap across the row (each pixel's sum still adds the taps in the same order, from 0), so the
            // source row is found once per tap, not once per pixel and tap
            int src = (p * h + Math.max(0, Math.min(h - 1, y - radius))) * w;
            for (int x = 0; x < w; x++) {
                out[o + x] = 0f + taps[0] * in[src + x];
            }
            for (int t = -radius + 1; t <= radius; t++) {
                float tap = taps[t + radius];
                src = (p * h + Math.max(0, Math.min(h - 1, y + t))) * w;
                for (int x = 0; x < w; x++) {
                    out[o + x] += tap * in[src + x];
                }
            }
        }
    }
}
