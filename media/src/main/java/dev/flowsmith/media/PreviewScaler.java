package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/** Scales a decoded frame to BGRA of a given size with swscale, then turns it upright. */
final class PreviewScaler implements AutoCloseable {
    private final SwsContext sws = swscale.sws_alloc_context();
    private final AVFrame bgra = avutil.av_frame_alloc();
    private int[] packed = new int[0];
    private int[] turned = new int[0];

    PreviewScaler() {
        sws.flags(swscale.SWS_BILINEAR);
        sws.threads(0);
    }

    /** Scales {@code src} to {@code w x h} (stored orientation) and writes the upright BGRA into {@code out}. */
    void scale(AVFrame src, int w, int h, Orientation o, byte[] out) {
        if (bgra.width() != w || bgra.height() != h) {
            avutil.av_frame_unref(bgra);
            bgra.format(avutil.AV_PIX_FMT_BGRA).width(w).height(h);
            int ret = avutil.av_frame_get_buffer(bgra, 0);
            if (ret < 0) {
                throw new OutOfMemoryError("preview frame: " + FFmpegErrors.describe(ret));
            }
        }
        int ret = swscale.sws_scale_frame(sws, bgra, src);
        if (ret < 0) {
            throw new UnsupportedMediaException("A preview could not be made from this pixel format.", FFmpegErrors.describe(ret));
        }
        int stride = bgra.linesize(0);
        if (o == Orientation.NONE) {
            for (int y = 0; y < h; y++) {
                bgra.data(0).position((long) y * stride).get(out, y * w * 4, w * 4);
            }
            bgra.data(0).position(0);
            return;
        }
        if (packed.length != w * h) {
            packed = new int[w * h];
            turned = new int[w * h];
        }
        org.bytedeco.javacpp.IntPointer ip = new org.bytedeco.javacpp.IntPointer(bgra.data(0));
        for (int y = 0; y < h; y++) {
            ip.position((long) y * stride / 4).get(packed, y * w, w);
        }
        o.apply(packed, w, h, turned);
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().put(turned, 0, w * h);
    }

    @Override
    public void close() {
        avutil.av_frame_free(bgra);
        swscale.sws_free_context(sws);
    }
}
