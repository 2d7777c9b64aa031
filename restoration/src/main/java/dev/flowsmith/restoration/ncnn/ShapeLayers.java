package dev.flowsmith.restoration.ncnn;

import java.util.Arrays;

/**
 * The layers that move values without arithmetic: Split, Concat, Crop, Slice, PixelShuffle, Padding.
 * Axes follow ncnn's 3-D blobs: 0 channels, 1 rows, 2 columns (negative: counted from the end).
 */
final class ShapeLayers {
    private ShapeLayers() {
    }

    static Layer split() {
        return (in, compute) -> null; // the net hands the one input to every output (blobs are never changed)
    }

    static int axis(int a, String name) {
        int ax = a < 0 ? a + 3 : a;
        if (ax < 0 || ax > 2) {
            throw new IllegalArgumentException("layer " + name + " uses axis " + a + " (blobs here have 3 axes)");
        }
        return ax;
    }

    /** A sub-block {@code [c0, c0+c) x [y0, y0+h) x [x0, x0+w)} of {@code m}. */
    static Mat block(Mat m, int c0, int c, int y0, int h, int x0, int w) {
        Mat out = Mat.zeros(c, h, w);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(m.data(), ((c0 + ch) * m.h() + y0 + y) * m.w() + x0, out.data(), (ch * h + y) * w, w);
            }
        }
        return out;
    }

    static Layer concat(String name, ParamDict p) {
        int ax = axis(p.i(0, 0), name);
        return (in, compute) -> {
            Mat f = in[0];
            int total = 0;
            for (Mat m : in) {
                int[] s = {m.c(), m.h(), m.w()}, t = {f.c(), f.h(), f.w()};
                for (int d = 0; d < 3; d++) {
                    if (d != ax && s[d] != t[d]) {
                        throw new IllegalArgumentException("layer " + name + " cannot join " + f.shape() + " and " + m.shape() + " on axis " + ax);
                    }
                }
                total += s[ax];
            }
            Mat out = ax == 0 ? Mat.zeros(total, f.h(), f.w()) : ax == 1 ? Mat.zeros(f.c(), total, f.w()) : Mat.zeros(f.c(), f.h(), total);
            int at = 0;
            for (Mat m : in) {
                for (int c = 0; c < m.c(); c++) {
                    for (int y = 0; y < m.h(); y++) {
                        int oc = ax == 0 ? at + c : c, oy = ax == 1 ? at + y : y, ox = ax == 2 ? at : 0;
                        System.arraycopy(m.data(), (c * m.h() + y) * m.w(), out.data(), (oc * out.h() + oy) * out.w() + ox, m.w());
                    }
                }
                at += ax == 0 ? m.c() : ax == 1 ? m.h() : m.w();
            }
            return Layer.one(out);
        };
    }

    static Layer crop(String name, ParamDict p) {
        int[] starts = p.ints(9), ends = p.ints(10), axes = p.ints(11);
        int woff = p.i(0, 0), hoff = p.i(1, 0), coff = p.i(2, 0), outw = p.i(3, 0), outh = p.i(4, 0), outc = p.i(5, 0);
        int woff2 = p.i(6, 0), hoff2 = p.i(7, 0), coff2 = p.i(8, 0);
        if (starts.length != ends.length || (axes.length != 0 && axes.length != starts.length)) {
            throw new IllegalArgumentException("layer " + name + " has " + starts.length + " starts, " + ends.length + " ends and "
                    + axes.length + " axes");
        }
        return (in, compute) -> {
            Mat m = in[0];
            int[] dims = {m.c(), m.h(), m.w()};
            int[] lo = new int[3], hi = dims.clone();
            if (starts.length > 0) {
                for (int k = 0; k < starts.length; k++) {
                    int ax = axis(axes.length == 0 ? k : axes[k], name);
                    int s = starts[k] < 0 ? starts[k] + dims[ax] : starts[k];
                    int e = ends[k] < 0 ? ends[k] + dims[ax] : Math.min(ends[k], dims[ax]);
                    lo[ax] = Math.max(0, Math.min(s, dims[ax]));
                    hi[ax] = Math.max(lo[ax], e);
                }
            } else {
                lo = new int[]{coff, hoff, woff};
                hi = new int[]{outc > 0 ? coff + outc : m.c() - coff2, outh > 0 ? hoff + outh : m.h() - hoff2,
                        outw > 0 ? woff + outw : m.w() - woff2};
            }
            for (int d = 0; d < 3; d++) {
                if (lo[d] < 0 || hi[d] > dims[d] || hi[d] <= lo[d]) {
                    throw new IllegalArgumentException("layer " + name + " crops " + m.shape() + " to nothing on axis " + d);
                }
            }
            return Layer.one(block(m, lo[0], hi[0] - lo[0], lo[1], hi[1] - lo[1], lo[2], hi[2] - lo[2]));
        };
    }

    static Layer slice(String name, ParamDict p) {
        int[] slices = p.ints(0);
        int ax = axis(p.i(1, 0), name);
        if (slices.length == 0) {
            throw new IllegalArgumentException("layer " + name + " has no slices");
        }
        return (in, compute) -> {
            Mat m = in[0];
            int[] dims = {m.c(), m.h(), m.w()};
            Mat[] out = new Mat[slices.length];
            int at = 0;
            for (int k = 0; k < slices.length; k++) {
                int left = dims[ax] - at, size = slices[k] == -233 ? (left + (slices.length - k) - 1) / (slices.length - k) : slices[k];
                if (size < 1 || size > left) {
                    throw new IllegalArgumentException("layer " + name + " cannot slice " + m.shape() + " into " + Arrays.toString(slices));
                }
                out[k] = ax == 0 ? block(m, at, size, 0, m.h(), 0, m.w()) : ax == 1 ? block(m, 0, m.c(), at, size, 0, m.w())
                        : block(m, 0, m.c(), 0, m.h(), at, size);
                at += size;
            }
            return out;
        };
    }

    /** PyTorch's PixelShuffle (mode 0): channel {@code c*r*r + i*r + j} goes to {@code (y*r + i, x*r + j)} of channel c. */
    static Layer pixelShuffle(String name, ParamDict p) {
        int r = p.i(0, 1), mode = p.i(1, 0);
        if (r < 1 || r > 16) {
            throw new IllegalArgumentException("layer " + name + " has upscale factor " + r);
        }
        return (in, compute) -> {
            Mat m = in[0];
            if (m.c() % (r * r) != 0) {
                throw new IllegalArgumentException("layer " + name + " cannot shuffle " + m.c() + " channels by " + r);
            }
            int oc = m.c() / (r * r), h = m.h(), w = m.w();
            Mat out = Mat.zeros(oc, h * r, w * r);
            compute.range().run(oc, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            int src = mode == 0 ? c * r * r + i * r + j : (i * r + j) * oc + c;
                            for (int y = 0; y < h; y++) {
                                int srow = (src * h + y) * w, orow = (c * h * r + y * r + i) * w * r + j;
                                for (int x = 0; x < w; x++) {
                                    out.data()[orow + x * r] = m.data()[srow + x];
                                }
                            }
                        }
                    }
                }
            });
            return Layer.one(out);
        };
    }

    /** ncnn Padding: top, bottom, left, right; constant (value), replicate or reflect. */
    static Layer padding(String name, ParamDict p) {
        int top = p.i(0, 0), bottom = p.i(1, 0), left = p.i(2, 0), right = p.i(3, 0), type = p.i(4, 0);
        float value = p.f(5, 0f);
        if (p.i(6, 0) != 0 || p.i(7, 0) != 0 || p.i(8, 0) != 0 || type < 0 || type > 2 || top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("layer " + name + " uses a Padding form Flowsmith cannot run (type " + type
                    + ", per-channel values or channel padding)");
        }
        return (in, compute) -> {
            Mat m = in[0];
            int h = m.h() + top + bottom, w = m.w() + left + right;
            Mat out = Mat.zeros(m.c(), h, w);
            for (int c = 0; c < m.c(); c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy = y - top, sx = x - left;
                        float v;
                        if (sy >= 0 && sy < m.h() && sx >= 0 && sx < m.w()) {
                            v = m.at(c, sy, sx);
                        } else if (type == 0) {
                            v = value;
                        } else {
                            v = m.at(c, edge(sy, m.h(), type), edge(sx, m.w(), type));
                        }
                        out.data()[(c * h + y) * w + x] = v;
                    }
                }
            }
            return Layer.one(out);
        };
    }

    private static int edge(int i, int n, int type) {
        if (type == 1) {
            return Math.max(0, Math.min(n - 1, i));
        }
        int period = 2 * (n - 1);
        if (period == 0) {
            return 0;
        }
        int k = Math.floorMod(i, period);
        return k < n ? k : period - k;
    }
}
