package dev.flowsmith.kernels;

/**
 * Optical-flow kernels. Flow fields are interleaved {@code flow[h][w][2]} (dx, dy in pixels), as
 * OpenCV returns them; images are planar {@code img[c][h][w]}.
 */
public final class FlowKernels {
    public static final int BORDER_ZERO = 0;
    public static final int BORDER_CLAMP = 1;

    private FlowKernels() {
    }

    /**
     * Backward warp: {@code out[c][y][x] = bilinear(img[c], x + dx(x,y), y + dy(x,y))}; samples outside
     * the image are zero ({@link #BORDER_ZERO}) or the nearest edge pixel ({@link #BORDER_CLAMP}).
     * Parallel index: output row {@code c * h + y}.
     */
    public static void warpBilinear(float[] img, float[] flow, float[] out, int h, int w, int border, int from, int to) {
        for (int r = from; r < to; r++) {
            int c = r / h, y = r % h, plane = c * h * w;
            for (int x = 0; x < w; x++) {
                int f = 2 * (y * w + x);
                float sx = x + flow[f], sy = y + flow[f + 1];
                if (border == BORDER_CLAMP) {
                    sx = Math.max(0f, Math.min(w - 1f, sx));
                    sy = Math.max(0f, Math.min(h - 1f, sy));
                }
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
                    // all four taps inside: the same formula as sample(), without its per-tap bounds checks
                    float ax = sx - x0, ay = sy - y0;
                    int i = plane + y0 * w + x0;
                    float v00 = img[i], v10 = img[i + 1], v01 = img[i + w], v11 = img[i + w + 1];
                    out[r * w + x] = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
                } else {
                    out[r * w + x] = sample(img, plane, h, w, sx, sy, BORDER_ZERO);
                }
            }
        }
    }

    /**
     * {@link #warpBilinear} with a clamped border for {@code planes} planes at once: each vector's sample position
     * and weights are found once for all planes (the same values as plane by plane). Parallel index: row y.
     */
    public static void warpBilinearClampedPlanes(float[] img, float[] flow, float[] out, int planes, int h, int w,
                                                 int from, int to) {
        int plane = h * w;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < w; x++) {
                int f = 2 * (y * w + x), o = y * w + x;
                float sx = Math.max(0f, Math.min(w - 1f, x + flow[f]));
                float sy = Math.max(0f, Math.min(h - 1f, y + flow[f + 1]));
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                if (x0 + 1 < w && y0 + 1 < h) {
                    float ax = sx - x0, ay = sy - y0;
                    for (int c = 0, i = y0 * w + x0; c < planes; c++, i += plane) {
                        float v00 = img[i], v10 = img[i + 1], v01 = img[i + w], v11 = img[i + w + 1];
                        out[c * plane + o] = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
                    }
                } else {
                    for (int c = 0; c < planes; c++) {
                        out[c * plane + o] = sample(img, c * plane, h, w, sx, sy, BORDER_ZERO);
                    }
                }
            }
        }
    }

    /** Bilinear sample of one plane at (sx, sy). */
    static float sample(float[] img, int plane, int h, int w, float sx, float sy, int border) {
        if (border == BORDER_CLAMP) {
            sx = Math.max(0f, Math.min(w - 1f, sx));
            sy = Math.max(0f, Math.min(h - 1f, sy));
        }
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        float ax = sx - x0, ay = sy - y0;
        float v00 = pixel(img, plane, h, w, x0, y0), v10 = pixel(img, plane, h, w, x0 + 1, y0);
        float v01 = pixel(img, plane, h, w, x0, y0 + 1), v11 = pixel(img, plane, h, w, x0 + 1, y0 + 1);
        return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
    }

    private static float pixel(float[] img, int plane, int h, int w, int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0f; // only reached with BORDER_ZERO, or with weight 0 at the clamped edge
        }
        return img[plane + y * w + x];
    }

    /**
     * Forward-backward consistency (UnFlow, alpha1 = 0.01, alpha2 = 0.5 in DiffIR2VR-Zero):
     * {@code b = bilinear(bwd, p + fwd(p))}, {@code diff = |fwd(p) + b|},
     * occluded iff {@code diff > alpha1 (|fwd(p)| + |b|) + alpha2}; {@code conf = exp(-diff)}, and 0
     * where the forward vector leaves the frame. occ[h][w] is 1 where occluded, 0 elsewhere.
     * Parallel index: row y.
     */
    public static void forwardBackwardCheck(float[] fwd, float[] bwd, float[] occ, float[] conf, int h, int w,
                                            float alpha1, float alpha2, int from, int to) {
        for (int y = from; y < to; y++) {
            for (int x = 0; x < w; x++) {
                float diff = checkPixel(fwd, bwd, occ, h, w, x, y, alpha1, alpha2);
                conf[y * w + x] = diff < 0 ? 0f : (float) Math.exp(-diff);
            }
        }
    }

    /** {@link #forwardBackwardCheck}'s occlusion mask alone (no confidence, so no exponential). Parallel index: row y. */
    public static void occlusionCheck(float[] fwd, float[] bwd, float[] occ, int h, int w, float alpha1, float alpha2,
                                      int from, int to) {
        for (int y = from; y < to; y++) {
            for (int x = 0; x < w; x++) {
                checkPixel(fwd, bwd, occ, h, w, x, y, alpha1, alpha2);
            }
        }
    }

    /** Sets {@code occ} at (x, y); returns the forward-backward distance, or -1 where the forward vector leaves the frame. */
    private static float checkPixel(float[] fwd, float[] bwd, float[] occ, int h, int w, int x, int y,
                                    float alpha1, float alpha2) {
        int i = y * w + x;
        float fx = fwd[2 * i], fy = fwd[2 * i + 1];
        float tx = x + fx, ty = y + fy;
        if (tx < 0 || ty < 0 || tx > w - 1 || ty > h - 1) {
            occ[i] = 1f;
            return -1f;
        }
        float bx = sampleInterleaved(bwd, h, w, tx, ty, 0), by = sampleInterleaved(bwd, h, w, tx, ty, 1);
        float dx = fx + bx, dy = fy + by;
        float diff = (float) Math.sqrt(dx * dx + dy * dy);
        float thr = alpha1 * ((float) Math.sqrt(fx * fx + fy * fy) + (float) Math.sqrt(bx * bx + by * by)) + alpha2;
        occ[i] = diff > thr ? 1f : 0f;
        return diff;
    }

    /** Bilinear sample of component {@code comp} of an interleaved 2-channel field, inside the frame. */
    static float sampleInterleaved(float[] f, int h, int w, float sx, float sy, int comp) {
        int x0 = Math.min(w - 1, (int) Math.floor(sx)), y0 = Math.min(h - 1, (int) Math.floor(sy));
        int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
        float ax = sx - x0, ay = sy - y0;
        float v00 = f[2 * (y0 * w + x0) + comp], v10 = f[2 * (y0 * w + x1) + comp];
        float v01 = f[2 * (y1 * w + x0) + comp], v11 = f[2 * (y1 * w + x1) + comp];
        return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
    }

    /**
     * Flow at another resolution (e.g. the token grid): each output cell averages the source vectors
     * whose pixels fall in it ({@code [y*h/oh, (y+1)*h/oh)}, at least one pixel), and the vectors are
     * scaled by {@code ow/w} and {@code oh/h}. Parallel index: output row.
     */
    public static void resizeFlow(float[] flow, float[] out, int h, int w, int oh, int ow, int from, int to) {
        float sx = (float) ow / w, sy = (float) oh / h;
        for (int y = from; y < to; y++) {
            int y0 = (int) ((long) y * h / oh), y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * h / oh));
            for (int x = 0; x < ow; x++) {
                int x0 = (int) ((long) x * w / ow), x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * w / ow));
                float ax = 0, ay = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        ax += flow[2 * (yy * w + xx)];
                        ay += flow[2 * (yy * w + xx) + 1];
                    }
                }
                float n = (y1 - y0) * (x1 - x0);
                out[2 * (y * ow + x)] = ax / n * sx;
                out[2 * (y * ow + x) + 1] = ay / n * sy;
            }
        }
    }
}
