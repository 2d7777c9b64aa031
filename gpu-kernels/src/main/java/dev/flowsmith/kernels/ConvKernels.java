package dev.flowsmith.kernels;

/** 2-D convolution, NCHW. */
public final class ConvKernels {
    private ConvKernels() {
    }

    /** Output size of a convolution along one axis. */
    public static int outSize(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /**
     * {@code out[b][o][y][x] = bias[o] + sum_{i,ky,kx} w[o][i][ky][kx] * in[b][i][y*s-p+ky][x*s-p+kx]}
     * (zero padding). Layouts: in[n][cin][h][w], w[cout][cin][kh][kw], bias[cout] (may be all zero),
     * out[n][cout][oh][ow]. Parallel index: one output row, {@code (b * cout + o) * oh + y}.
     */
    public static void conv2d(float[] in, float[] w, float[] bias, float[] out, int cin, int h, int wd, int cout,
                              int kh, int kw, int stride, int pad, int oh, int ow, int from, int to) {
        for (int r = from; r < to; r++) {
            int y = r % oh, o = (r / oh) % cout, b = r / (oh * cout);
            int orow = r * ow;
            for (int x = 0; x < ow; x++) {
                out[orow + x] = bias[o];
            }
            for (int i = 0; i < cin; i++) {
                int inPlane = (b * cin + i) * h * wd;
                int wBase = (o * cin + i) * kh * kw;
                for (int ky = 0; ky < kh; ky++) {
                    int sy = y * stride - pad + ky;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    int inRow = inPlane + sy * wd;
                    for (int kx = 0; kx < kw; kx++) {
                        float wv = w[wBase + ky * kw + kx];
                        for (int x = 0; x < ow; x++) {
                            int sx = x * stride - pad + kx;
                            if (sx >= 0 && sx < wd) {
                                out[orow + x] += wv * in[inRow + sx];
                            }
                        }
                    }
                }
            }
        }
    }
}
