package dev.flowsmith.restoration.ncnn;

/**
 * ncnn Interp: nearest (1), bilinear (2) or bicubic (3) resize by scale factors or to a size. Bilinear and
 * bicubic sample at {@code (dst + 0.5) * in/out - 0.5} (or {@code dst * (in-1)/(out-1)} with align_corner) and
 * clamp at the edges as ncnn does; nearest takes {@code min(floor(dst * in/out), in-1)}.
 */
final class InterpLayer implements Layer {
    private final int type;
    private final float hScale, wScale;
    private final int outH, outW;
    private final boolean alignCorner;
    private final String name;

    InterpLayer(String name, ParamDict p) {
        this.name = name;
        type = p.i(0, 0);
        hScale = p.f(1, 1f);
        wScale = p.f(2, 1f);
        outH = p.i(3, 0);
        outW = p.i(4, 0);
        alignCorner = p.i(6, 0) != 0;
        if (type < 1 || type > 3 || p.i(5, 0) != 0) {
            throw new IllegalArgumentException("layer " + name + " uses Interp type " + type + (p.i(5, 0) != 0 ? " with a dynamic size" : "")
                    + ", which Flowsmith cannot run");
        }
        if (!(hScale > 0 && wScale > 0 && hScale < 1024 && wScale < 1024) || outH < 0 || outW < 0) {
            throw new IllegalArgumentException("layer " + name + " has scale " + hScale + "x" + wScale + " / size " + outW + "x" + outH);
        }
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat m = in[0];
        int oh = outH > 0 ? outH : (int) (m.h() * hScale), ow = outW > 0 ? outW : (int) (m.w() * wScale);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("layer " + name + " resizes " + m.shape() + " to nothing");
        }
        if (oh == m.h() && ow == m.w()) {
            return Layer.one(m);
        }
        Mat out = Mat.zeros(m.c(), oh, ow);
        if (type == 1) {
            float hs = outH > 0 ? m.h() / (float) oh : 1f / hScale, ws = outW > 0 ? m.w() / (float) ow : 1f / wScale;
            int[] xs = new int[ow];
            for (int x = 0; x < ow; x++) {
                xs[x] = Math.min((int) (x * ws), m.w() - 1);
            }
            compute.range().run(m.c(), 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    for (int y = 0; y < oh; y++) {
                        int sy = Math.min((int) (y * hs), m.h() - 1), srow = (c * m.h() + sy) * m.w(), orow = (c * oh + y) * ow;
                        for (int x = 0; x < ow; x++) {
                            out.data()[orow + x] = m.data()[srow + xs[x]];
                        }
                    }
                }
            });
            return Layer.one(out);
        }
        int taps = type == 2 ? 2 : 4;
        int[] xo = new int[ow * taps], yo = new int[oh * taps];
        float[] xa = new float[ow * taps], ya = new float[oh * taps];
        coeffs(m.w(), ow, xo, xa, taps);
        coeffs(m.h(), oh, yo, ya, taps);
        compute.range().run(m.c(), 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int base = c * m.h() * m.w();
                for (int y = 0; y < oh; y++) {
                    float[] acc = new float[ow];
                    for (int t = 0; t < taps; t++) {
                        int srow = base + yo[y * taps + t] * m.w();
                        float wy = ya[y * taps + t];
                        if (wy == 0) {
                            continue;
                        }
                        for (int x = 0; x < ow; x++) {
                            float v = 0;
                            for (int u = 0; u < taps; u++) {
                                v += xa[x * taps + u] * m.data()[srow + xo[x * taps + u]];
                            }
                            acc[x] += wy * v;
                        }
                    }
                    System.arraycopy(acc, 0, out.data(), (c * oh + y) * ow, ow);
                }
            }
        });
        return Layer.one(out);
    }

    /** Source indices and weights per output position ({@code taps} of each). */
    private void coeffs(int n, int on, int[] idx, float[] wgt, int taps) {
        double scale = alignCorner ? (on > 1 ? (double) (n - 1) / (on - 1) : 0) : (double) n / on;
        for (int d = 0; d < on; d++) {
            float f = alignCorner ? (float) (d * scale) : (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            float t = f - s;
            if (taps == 2) {
                if (s < 0) {
                    s = 0;
                    t = 0;
                }
                if (s >= n - 1) {
                    s = Math.max(0, n - 2);
                    t = n == 1 ? 0 : 1;
                }
                idx[d * 2] = s;
                idx[d * 2 + 1] = Math.min(s + 1, n - 1);
                wgt[d * 2] = 1 - t;
                wgt[d * 2 + 1] = t;
            } else {
                // Keys cubic, A = -0.75 (ncnn's and OpenCV's), taps clamped into the picture
                float a = -0.75f;
                float[] w = {
                        ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
                        ((a + 2) * t - (a + 3)) * t * t + 1,
                        ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1,
                        0};
                w[3] = 1 - w[0] - w[1] - w[2];
                for (int k = 0; k < 4; k++) {
                    idx[d * 4 + k] = Math.max(0, Math.min(n - 1, s - 1 + k));
                    wgt[d * 4 + k] = w[k];
                }
            }
        }
    }
}
