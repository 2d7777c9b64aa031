package dev.flowsmith.editing.keyframes;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;

/** Resizing of planar float images ({@code [planes][h][w]}): box average down, bilinear up. */
final class Planes {
    private Planes() {
    }

    static float[] resize(float[] in, int planes, int w, int h, int ow, int oh) {
        float[] out = new float[planes * ow * oh];
        if (ow <= w && oh <= h) {
            for (int p = 0; p < planes; p++) {
                for (int y = 0; y < oh; y++) {
                    int y0 = y * h / oh, y1 = Math.max(y0 + 1, (y + 1) * h / oh);
                    for (int x = 0; x < ow; x++) {
                        int x0 = x * w / ow, x1 = Math.max(x0 + 1, (x + 1) * w / ow);
                        double s = 0;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                s += in[(p * h + yy) * w + xx];
                            }
                        }
                        out[(p * oh + y) * ow + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
                    }
                }
            }
        } else {
            ResampleKernels.bilinear(in, out, h, w, oh, ow, 0, planes * oh);
        }
        return out;
    }

    /** A working-size copy of a frame. */
    static VideoFrame shrink(VideoFrame f, int ow, int oh) {
        VideoFrame out = new VideoFrame(ow, oh);
        System.arraycopy(resize(f.data(), 3, f.width(), f.height(), ow, oh), 0, out.data(), 0, 3 * ow * oh);
        return out;
    }

    /** Working size: the longer side at most {@code max}, aspect kept. */
    static int[] workingSize(int w, int h, int max) {
        double s = Math.min(1.0, (double) max / Math.max(w, h));
        return new int[]{Math.max(8, (int) Math.round(w * s)), Math.max(8, (int) Math.round(h * s))};
    }
}
