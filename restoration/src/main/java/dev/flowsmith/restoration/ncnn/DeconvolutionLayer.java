package dev.flowsmith.restoration.ncnn;

/**
 * ncnn Deconvolution (transposed convolution, groups 1): weights {@code [out][in][kh][kw]}; every input
 * pixel adds {@code w[o][c][ky][kx] * in[c]} at output {@code (y*stride + ky*dilation, x*stride + kx*dilation)},
 * then the padding is cropped off (left/top first) and output padding added on the right/bottom. Done as one
 * OpenBLAS product {@code cols[(o,ky,kx)][pixel] = W^T . in} per chunk of input rows, then a scatter-add.
 */
final class DeconvolutionLayer implements Layer {
    private final int outC, kw, kh, dw, dh, sw, sh, padL, padR, padT, padB, outPadR, outPadB, inC;
    private final float[] wt; // [(o,ky,kx)][c]
    private final float[] bias;
    private final Activation act;
    private final String name;

    DeconvolutionLayer(String name, ParamDict p, WeightReader wr) {
        this.name = name;
        outC = p.i(0, 0);
        kw = p.i(1, 0);
        kh = p.i(11, kw);
        dw = p.i(2, 1);
        dh = p.i(12, dw);
        sw = p.i(3, 1);
        sh = p.i(13, sw);
        padL = p.i(4, 0);
        padR = p.i(15, padL);
        padT = p.i(14, padL);
        padB = p.i(16, padT);
        outPadR = p.i(18, 0);
        outPadB = p.i(19, outPadR);
        boolean hasBias = p.i(5, 0) != 0;
        int size = p.i(6, 0);
        if (p.i(20, 0) != 0 || p.i(21, 0) != 0 || padL < 0) {
            throw new IllegalArgumentException("layer " + name + " sets its output size or SAME padding, which Flowsmith's Deconvolution cannot run");
        }
        if (outC < 1 || kw < 1 || kh < 1 || dw < 1 || dh < 1 || sw < 1 || sh < 1 || size <= 0 || size % (outC * kw * kh) != 0) {
            throw new IllegalArgumentException("layer " + name + " has inconsistent sizes (num_output " + outC + ", kernel " + kw + "x"
                    + kh + ", weight_data_size " + size + ")");
        }
        inC = size / (outC * kw * kh);
        act = Activation.of(p, "layer " + name);
        float[] w = wr.load(size, true, name);
        bias = hasBias ? wr.load(outC, false, name) : new float[outC];
        int kk = kh * kw;
        wt = new float[outC * kk * inC];
        for (int o = 0; o < outC; o++) {
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
        int ekw = dw * (kw - 1) + 1, ekh = dh * (kh - 1) + 1;
        int fullW = (x.w() - 1) * sw + ekw + outPadR, fullH = (x.h() - 1) * sh + ekh + outPadB;
        int ow = fullW - padL - padR, oh = fullH - padT - padB;
        if (ow < 1 || oh < 1) {
            throw new IllegalArgumentException("layer " + name + " would make an empty output from " + x.shape());
        }
        Mat out = Mat.zeros(outC, oh, ow);
        float[] o = out.data();
        for (int ch = 0; ch < outC; ch++) {
            java.util.Arrays.fill(o, ch * oh * ow, (ch + 1) * oh * ow, bias[ch]);
        }
        int kk = kh * kw, rowsKept = kk * outC;
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
            compute.range().run(outC, 1, (from, to) -> {
                for (int oc = from; oc < to; oc++) {
                    int obase = oc * oh * ow;
                    for (int k = 0; k < kk; k++) {
                        int ky = k / kw, kx = k % kw, crow = (oc * kk + k) * n;
                        for (int yy = 0; yy < rows; yy++) {
                            int oy = (firstRow + yy) * sh + ky * dh - padT;
                            if (oy < 0 || oy >= oh) {
                                continue;
                            }
                            int orow = obase + oy * ow, cr = crow + yy * x.w();
                            for (int xx = 0; xx < x.w(); xx++) {
                                int ox = xx * sw + kx * dw - padL;
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
            compute.range().run(outC, 1, (from, to) -> act.applyAll(o, from * oh * ow, to * oh * ow));
        }
        return Layer.one(out);
    }
}
