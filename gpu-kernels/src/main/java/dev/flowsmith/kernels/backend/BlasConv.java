package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.ConvKernels;

/**
 * 2-D convolution (NCHW, the semantics of {@code ConvKernels.conv2d}) as im2col + one OpenBLAS product
 * per image, {@code out[cout][pixels] = w[cout][cin*kh*kw] . col[cin*kh*kw][pixels] + bias}; small
 * convolutions go to the Java kernel on the pool. Shared by the CPU backend and the host VAE / DiT.
 */
public final class BlasConv {
    /** Below this many multiply-adds the Java kernel is faster than packing for OpenBLAS. */
    static final long MIN_WORK = 32L * 32 * 32 * 8;

    private BlasConv() {
    }

    /** {@code OpenBlas.init} must have been called. */
    public static void conv2d(ParallelRange range, float[] in, float[] w, float[] bias, float[] out, int n, int cin, int h,
                              int wd, int cout, int kh, int kw, int stride, int pad) {
        int oh = ConvKernels.outSize(h, kh, stride, pad), ow = ConvKernels.outSize(wd, kw, stride, pad);
        int kdim = cin * kh * kw, pixels = oh * ow;
        if ((long) cout * kdim * pixels < MIN_WORK || w.length != cout * kdim) {
            range.run(n * cout * oh, 4, (from, to) -> ConvKernels.conv2d(in, w, bias, out, cin, h, wd, cout, kh, kw, stride,
                    pad, oh, ow, from, to));
            return;
        }
        float[] col = new float[kdim * pixels], prod = new float[cout * pixels];
        for (int b = 0; b < n; b++) {
            int inOff = b * cin * h * wd;
            range.run(kdim, 4, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int c = r / (kh * kw), ky = (r / kw) % kh, kx = r % kw;
                    for (int y = 0; y < oh; y++) {
                        int sy = y * stride - pad + ky;
                        for (int x = 0; x < ow; x++) {
                            int sx = x * stride - pad + kx;
                            col[r * pixels + y * ow + x] = sy < 0 || sy >= h || sx < 0 || sx >= wd ? 0f
                                    : in[inOff + (c * h + sy) * wd + sx];
                        }
                    }
                }
            });
            OpenBlas.sgemm(w, col, prod, cout, pixels, kdim, 1f, 0f, false, false);
            int outOff = b * cout * pixels;
            range.run(cout, (from, to) -> {
                for (int o = from; o < to; o++) {
                    for (int p = 0; p < pixels; p++) {
                        out[outOff + o * pixels + p] = prod[o * pixels + p] + bias[o];
                    }
                }
            });
        }
    }
}
