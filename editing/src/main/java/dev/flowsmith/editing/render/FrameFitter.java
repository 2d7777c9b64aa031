package dev.flowsmith.editing.render;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;

import java.util.Arrays;

/**
 * Puts a source picture into the project's frame: scaled to fit (aspect ratio kept, bilinear) and
 * centred on black, as editors do with a clip of another size. Same-size frames are copied as they are.
 */
final class FrameFitter {
    private float[] scaled = new float[0];

    void fit(VideoFrame src, VideoFrame dst, int width, int height) {
        dst.resize(width, height);
        float[] out = dst.data();
        if (src.width() == width && src.height() == height) {
            System.arraycopy(src.data(), 0, out, 0, out.length);
            return;
        }
        double scale = Math.min((double) width / src.width(), (double) height / src.height());
        int w = Math.max(1, (int) Math.round(src.width() * scale)), h = Math.max(1, (int) Math.round(src.height() * scale));
        w = Math.min(w, width);
        h = Math.min(h, height);
        if (scaled.length < 3 * w * h) {
            scaled = new float[3 * w * h];
        }
        ResampleKernels.bilinear(src.data(), scaled, src.height(), src.width(), h, w, 0, 3 * h);
        Arrays.fill(out, 0f);
        int x0 = (width - w) / 2, y0 = (height - h) / 2;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(scaled, (c * h + y) * w, out, (c * height + y0 + y) * width + x0, w);
            }
        }
    }
}
