package dev.flowsmith.restoration.ncnn;

/**
 * ncnn Deconvolution (transposed convolution, groups 1): weights {@code [out][in][geom.kh()][geom.kw()]}; every input
 * pixel adds {@code w[o][c][ky][kx] * in[c]} at output {@code (y*stride + ky*dilation, x*stride + kx*dilation)},
 * then the padding is cropped off (left/top first) and output padding added on the right/bottom. Done as one
 * OpenBLAS product {@code cols[(o,ky,kx)][pixel] = W^T . in} per chunk of input rows, then a scatter-add.
 */
final class DeconvolutionLayer implements Layer {
    private final KernelGeometry geom;
    private final int outPadR, outPadB, inC;
    private final float[] wt; // [(o,ky,kx)][c]
    private final float[] bias;
    private final Activation act;
    private final String name;

    DeconvolutionLayer(String name, ParamDict p, WeightReader wr) {
        this.name = name;
        geom = KernelGeometry.of(p);
        outPadR = p.i(18, 0);
        outPadB = p.i(19, outPadR);
        boolean hasBias = p.i(5, 0) != 0;
        int size = p.i(6, 0);
        if (p.i(20, 0) != 0 || p.i(21, 0) != 0 || geom.padL() < 0) {
            throw new IllegalArgumentException("layer " + name + " sets its output size or SAME padding, which Flowsmith's Deconvolution cannot run");
        }
        if (!geom.valid() || size <= 0 || size % (geom.outC() * geom.kw() * geom.kh()) != 0) {
            throw new IllegalArgumentException("layer " + name + " has inconsistent sizes (num_output " + geom.outC() + ", kernel " + geom.kw() + "x"
                    + geom.kh() + ", weight_data_size " + size + ")");
        }
        inC = size / (geom.outC() * geom.kw() * geom.kh());
        act = Activation.of(p, "layer " + name);
        float[] w = wr.load(size, true, name);
        bias = hasBias ? wr.load(geom.outC(), false, name) : new float[geom.outC()];
        int kk = geom.kh() * geom.kw();
        wt = new float[geom.outC() * kk * inC];
        for (int o = 0; o < geom.outC(); o++) {
            for (int c = 0; c < inC; c++) {
                for (int k = 0; k < kk; k++) {
                    wt[(o * kk + k) * inC + c] = w[(o * inC + c) * kk + k];
                }
            }
        }
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat x = in[0];
        if (x.c() != inC) {
            throw new IllegalArgumentException("layer " + name + " expects " + inC + " channels, got " + x.c());
        }
        int ekw = geom.extentW(), ekh = geom.extentH();
        int fullW = (x.w() - 1) * geom.sw() + ekw + outPadR, fullH = (x.h() - 1) * geom.sh() + ekh + outPadB;
        int ow = fullW - geom.padL() - geom.padR(), oh = fullH - geom.padT() - geom.padB();
        if (ow < 1 || oh < 1) {
            throw new IllegalArgumentException("layer " + name + " would make an empty output from " + x.shape());
        }
        Mat out = Mat.zeros(geom.outC(), oh, ow);
        float[] o = out.data();
        for (int ch = 0; ch < geom.outC(); ch++) {
            java.util.Arrays.fill(o, ch * oh * ow, (ch + 1) * oh * ow, bias[ch]);
        }
        int kk = geom.kh() * geom.kw(), rowsKept = kk * geom.outC();
        int rowsPerChunk = Math.max(1, Math.min(x.h(), ConvolutionLayer.COLUMN_BUDGET / (rowsKept * x.w())));
        for (int y0 = 0; y0 < x.h(); y0 += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, x.h() - y0), n = rows * x.w();
            float[] slab = new float[inC * n];
            for (int c = 0; c < inC; c++) {
                System.arraycopy(x.data(), (c * x.h() + y0) * x.w(), slab, c * n, n);
            }
            float[] cols = new float[rowsKept * n];
            compute.gemm(wt, slab, cols, rowsKept, n, inC);
            final int firstRow = y0;
            // each output channel is written by one task: no two tasks add to the same pixel
            compute.range().run(geom.outC(), 1, (from, to) -> {
                for (int oc = from; oc < to; oc++) {
                    int obase = oc * oh * ow;
                    for (int k = 0; k < kk; k++) {
                        int ky = k / geom.kw(), kx = k % geom.kw(), crow = (oc * kk + k) * n;
                        for (int yy = 0; yy < rows; yy++) {
                            int oy = (firstRow + yy) * geom.sh() + ky * geom.dh() - geom.padT();
                            if (oy < 0 || oy >= oh) {
                                continue;
                            }
                            int orow = obase + oy * ow, cr = crow + yy * x.w();
                            for (int xx = 0; xx < x.w(); xx++) {
                                int ox = xx * geom.sw() + kx * geom.dw() - geom.padL();
                                if (ox >= 0 && ox < ow) {
                                    o[orow + ox] += cols[cr + xx];
                                }
                            }
                        }
                    }
                }
            });
        }
        if (!act.none()) {
            compute.range().run(geom.outC(), 1, (from, to) -> act.applyAll(o, from * oh * ow, to * oh * ow));
        }
        return Layer.one(out);
    }
}
