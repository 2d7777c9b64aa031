package dev.flowsmith.restoration.ncnn;

/**
 * The shape parameters ncnn's Convolution and Deconvolution share: output channels (0), kernel (1, 11), dilation
 * (2, 12), stride (3, 13) and padding left/right/top/bottom (4, 15, 14, 16), each second value defaulting to the first.
 */
record KernelGeometry(int outC, int kw, int kh, int dw, int dh, int sw, int sh, int padL, int padR, int padT, int padB) {
    static KernelGeometry of(ParamDict p) {
        int kw = p.i(1, 0), dw = p.i(2, 1), sw = p.i(3, 1), padL = p.i(4, 0), padT = p.i(14, padL);
        return new KernelGeometry(p.i(0, 0), kw, p.i(11, kw), dw, p.i(12, dw), sw, p.i(13, sw), padL, p.i(15, padL), padT,
                p.i(16, padT));
    }

    /** Whether every size is one ncnn allows (at least 1). */
    boolean valid() {
        return outC >= 1 && kw >= 1 && kh >= 1 && dw >= 1 && dh >= 1 && sw >= 1 && sh >= 1;
    }

    int extentW() {
        return dw * (kw - 1) + 1;
    }

    int extentH() {
        return dh * (kh - 1) + 1;
    }
}
