package dev.flowsmith.restoration.ncnn;

/**
 * ncnn Convolution and ConvolutionDepthWise: groups, dilation, stride, asymmetric padding (and SAME
 * padding, -233/-234), bias, fused activation. Each group is im2col (in chunks of output pixels, so the
 * column buffer stays bounded for any frame size) and one OpenBLAS product with the weights laid out
 * {@code [out][in/groups][geom.kh()][geom.kw()]} as ncnn stores them.
 */
final class ConvolutionLayer implements Layer {
    /** Floats in one im2col chunk (16 MB), whatever the frame size. */
    static final int COLUMN_BUDGET = 1 << 22;
    /**
     * Output pixels per product: OpenBLAS keeps about 115 GFLOPS on 2 cores at 64 x 4096 x 576 but drops to 45 at
     * 64 x 30000 x 576, where the column block no longer stays in cache (measured with OpenBlas.sgemm here).
     */
    static final int CHUNK_PIXELS = 4096;
    private final KernelGeometry geom;
    private final int groups;
    private final float padValue;
    private final float[][] weights; // per group [geom.outC()/groups][inPerGroup*geom.kh()*geom.kw()]
    private final float[] bias;
    private final Activation act;
    private final int inPerGroup;
    private final String name;

    ConvolutionLayer(String name, ParamDict p, WeightReader wr, boolean depthwise) {
        this.name = name;
        geom = KernelGeometry.of(p);
        padValue = p.f(18, 0f);
        boolean hasBias = p.i(5, 0) != 0;
        int size = p.i(6, 0);
        groups = depthwise ? p.i(7, 1) : 1;
        if (p.i(8, 0) != 0) {
            throw new IllegalArgumentException("layer " + name + " is int8-quantised (int8_scale_term), which Flowsmith cannot run");
        }
        if (p.i(19, 0) != 0) {
            throw new IllegalArgumentException("layer " + name + " takes its weights as an input (dynamic weight), which Flowsmith cannot run");
        }
        if (!geom.valid() || groups < 1 || geom.outC() % groups != 0
                || size <= 0 || size % (geom.kw() * geom.kh()) != 0 || (size / (geom.kw() * geom.kh())) % geom.outC() != 0) {
            throw new IllegalArgumentException("layer " + name + " has inconsistent sizes (num_output " + geom.outC() + ", kernel " + geom.kw() + "x"
                    + geom.kh() + ", groups " + groups + ", weight_data_size " + size + ")");
        }
        inPerGroup = size / (geom.kw() * geom.kh()) / geom.outC();
        act = Activation.of(p, "layer " + name);
        float[] w = wr.load(size, true, name);
        bias = hasBias ? wr.load(geom.outC(), false, name) : new float[geom.outC()];
        int perGroup = geom.outC() / groups * inPerGroup * geom.kh() * geom.kw();
        weights = new float[groups][];
        for (int g = 0; g < groups; g++) {
            weights[g] = java.util.Arrays.copyOfRange(w, g * perGroup, (g + 1) * perGroup);
        }
    }

    /** Fused from the graph: {@code y = leaky(conv(x) + skip)} (a residual add and leaky ReLU folded in), or not. */
    private boolean residual;
    private float residualSlope = Float.NaN;

    /** Folds a following {@code BinaryOp add} with a second input and an optional {@code ReLU} (NaN: none) into this layer. */
    void fuseResidual(float slope) {
        residual = true;
        residualSlope = slope;
    }

    boolean plainOutput() {
        return act.none() && !residual;
    }

    private dev.flowsmith.kernels.backend.Plan uploadedTo;
    private dev.flowsmith.kernels.backend.Buf deviceWeights, deviceBias;

    /** The same convolution on a compute device (its conv2d kernel), the activation applied as the result comes back. */
    private Mat onDevice(Mat x, dev.flowsmith.kernels.backend.Plan plan, int oh, int ow, int pad) {
        if (uploadedTo != plan) {
            deviceWeights = plan.floats(weights[0]);
            deviceBias = plan.floats(bias);
            uploadedTo = plan;
        }
        dev.flowsmith.kernels.backend.Buf in = plan.floats(x.data()), out = plan.floats(geom.outC() * oh * ow);
        plan.conv2d(in, deviceWeights, deviceBias, out, 1, x.c(), x.h(), x.w(), geom.outC(), geom.kh(), geom.kw(), geom.sw(), pad);
        Mat r = Mat.zeros(geom.outC(), oh, ow);
        plan.read(out, r.data());
        plan.free(in);
        plan.free(out);
        act.applyAll(r.data(), 0, r.data().length);
        return r;
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat x = in[0];
        if (x.c() != inPerGroup * groups) {
            throw new IllegalArgumentException("layer " + name + " expects " + inPerGroup * groups + " channels, got " + x.c());
        }
        int ekw = geom.extentW(), ekh = geom.extentH();
        int pl = geom.padL(), pr = geom.padR(), pt = geom.padT(), pb = geom.padB();
        if (geom.padL() == -233 || geom.padL() == -234) {
            // SAME: total padding so that out = ceil(in / stride), the odd pixel after (-233) or before (-234)
            int wpad = Math.max(0, ((x.w() + geom.sw() - 1) / geom.sw() - 1) * geom.sw() + ekw - x.w());
            int hpad = Math.max(0, ((x.h() + geom.sh() - 1) / geom.sh() - 1) * geom.sh() + ekh - x.h());
            pl = geom.padL() == -233 ? wpad / 2 : wpad - wpad / 2;
            pr = wpad - pl;
            pt = geom.padL() == -233 ? hpad / 2 : hpad - hpad / 2;
            pb = hpad - pt;
        }
        int ow = (x.w() + pl + pr - ekw) / geom.sw() + 1, oh = (x.h() + pt + pb - ekh) / geom.sh() + 1;
        if (ow < 1 || oh < 1) {
            throw new IllegalArgumentException("layer " + name + " gets a " + x.w() + "x" + x.h() + " input, smaller than its kernel");
        }
        Mat skip = residual ? in[1] : null;
        if (skip != null && (skip.c() != geom.outC() || skip.h() != oh || skip.w() != ow)) {
            throw new IllegalArgumentException("layer " + name + " adds a " + skip.shape() + " blob to its " + geom.outC() + "x" + oh + "x" + ow
                    + " result");
        }
        if (skip == null && compute.device() != null && groups == 1 && geom.dw() == 1 && geom.dh() == 1 && geom.kw() == geom.kh() && geom.sw() == geom.sh() && pl == pr && pt == pb && pl == pt
                && padValue == 0) {
            return Layer.one(onDevice(x, compute.device(), oh, ow, pl));
        }
        Mat out = Mat.zeros(geom.outC(), oh, ow);
        int kdim = inPerGroup * geom.kh() * geom.kw(), pixels = oh * ow, outPerGroup = geom.outC() / groups;
        int rowsPerChunk = Math.max(1, Math.min(oh, Math.min(CHUNK_PIXELS, COLUMN_BUDGET / kdim) / ow));
        int chunk = rowsPerChunk * ow;
        float[] col = new float[kdim * chunk];
        float[] prod = new float[outPerGroup * chunk];
        final int fpl = pl, fpt = pt;
        float[] src = x.data();
        int xw = x.w(), xh = x.h();
        for (int g = 0; g < groups; g++) {
            final int gc = g * inPerGroup;
            for (int y0 = 0; y0 < oh; y0 += rowsPerChunk) {
                final int firstRow = y0, rows = Math.min(rowsPerChunk, oh - y0), n = rows * ow;
                compute.range().run(kdim, 4, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        int c = gc + r / (geom.kh() * geom.kw()), ky = (r / geom.kw()) % geom.kh(), kx = r % geom.kw();
                        int base = c * xh * xw;
                        for (int yy = 0; yy < rows; yy++) {
                            int sy = (firstRow + yy) * geom.sh() - fpt + ky * geom.dh(), dst = r * n + yy * ow;
                            if (sy < 0 || sy >= xh) {
                                java.util.Arrays.fill(col, dst, dst + ow, padValue);
                                continue;
                            }
                            int row = base + sy * xw, sx0 = kx * geom.dw() - fpl;
                            if (geom.sw() == 1) {
                                // stride 1: one copy of the row's valid span, padding only at its ends
                                int lo = Math.max(0, -sx0), hi = Math.min(ow, xw - sx0);
                                if (hi <= lo) {
                                    java.util.Arrays.fill(col, dst, dst + ow, padValue);
                                    continue;
                                }
                                java.util.Arrays.fill(col, dst, dst + lo, padValue);
                                System.arraycopy(src, row + sx0 + lo, col, dst + lo, hi - lo);
                                java.util.Arrays.fill(col, dst + hi, dst + ow, padValue);
                                continue;
                            }
                            for (int xx = 0, sx = sx0; xx < ow; xx++, sx += geom.sw()) {
                                col[dst + xx] = sx < 0 || sx >= xw ? padValue : src[row + sx];
                            }
                        }
                    }
                });
                float[] c = n == chunk ? col : java.util.Arrays.copyOf(col, kdim * n);
                float[] pr2 = n == chunk ? prod : new float[outPerGroup * n];
                compute.gemm(weights[g], c, pr2, outPerGroup, n, kdim);
                final int og = g * outPerGroup, start = firstRow * ow;
                float[] od = out.data();
                compute.range().run(outPerGroup, 1, (from, to) -> {
                    for (int o = from; o < to; o++) {
                        int dst = (og + o) * pixels + start, srcOff = o * n;
                        float b = bias[og + o];
                        // the common cases as plain loops the JIT vectorises; the rest through the activation
                        if (skip != null) {
                            float[] sd = skip.data();
                            if (Float.isNaN(residualSlope)) {
                                for (int i = 0; i < n; i++) {
                                    od[dst + i] = pr2[srcOff + i] + b + sd[dst + i];
                                }
                            } else {
                                float slope = residualSlope;
                                for (int i = 0; i < n; i++) {
                                    float v = pr2[srcOff + i] + b + sd[dst + i];
                                    od[dst + i] = Math.max(v, v * slope); // leaky ReLU for slopes in [0, 1]
                                }
                            }
                        } else if (act.none()) {
                            for (int i = 0; i < n; i++) {
                                od[dst + i] = pr2[srcOff + i] + b;
                            }
                        } else if (act.leakySlope() >= 0) {
                            float slope = act.leakySlope();
                            for (int i = 0; i < n; i++) {
                                float v = pr2[srcOff + i] + b;
                                od[dst + i] = v > 0 ? v : v * slope;
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                od[dst + i] = act.apply(pr2[srcOff + i] + b);
                            }
                        }
                    }
                });
            }
        }
        return Layer.one(out);
    }
}
