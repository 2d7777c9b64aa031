package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Converts between FFmpeg frames (any pixel format) and the engine's planar float RGB, through
 * swscale's 32-bit float planar format: 10- and 12-bit sources keep their precision, the colour
 * matrix and range come from the frame's own tags, and no Java-side per-pixel work is needed.
 * One instance per thread; buffers are allocated once per size and reused.
 */
final class PlanarFloatConverter implements AutoCloseable {
    private static final int FLAGS = swscale.SWS_BICUBIC | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INT;
    private final SwsContext sws;
    private AVFrame floatFrame;
    private FloatPointer[] planes = new FloatPointer[3];

    /** libavutil's frame.h AV_FRAME_FLAG_INTERLACED (1 << 3): a macro the bindings leave out. */
    private static final int AV_FRAME_FLAG_INTERLACED = 1 << 3;

    PlanarFloatConverter(int threads) {
        FFmpegLibrary.ensureLoaded();
        sws = swscale.sws_alloc_context();
        sws.flags(FLAGS);
        sws.threads(threads);
    }

    /**
     * {@code sws_scale_frame}, retried for an interlaced picture as one woven picture: FFmpeg 8's swscale refuses some
     * interlaced pictures field by field (4:2:0 tape captures and interlaced-coded H.264 among them); the woven frame
     * converts, and the deinterlacer separates its fields afterwards. The preview's converter uses it too.
     */
    static int scaleWoven(SwsContext sws, AVFrame dst, AVFrame src) {
        int ret = swscale.sws_scale_frame(sws, dst, src);
        if (ret < 0 && (src.flags() & AV_FRAME_FLAG_INTERLACED) != 0) {
            src.flags(src.flags() & ~AV_FRAME_FLAG_INTERLACED);
            ret = swscale.sws_scale_frame(sws, dst, src);
        }
        return ret;
    }

    /** Converts {@code src} to planar RGB floats in {@code dst} (length {@code 3*w*h}, R, G, B planes). */
    void toFloat(AVFrame src, float[] dst) {
        int w = src.width(), h = src.height();
        ensureFloatFrame(w, h);
        int ret = scaleWoven(sws, floatFrame, src);
        if (ret < 0) {
            throw new UnsupportedMediaException("Flowsmith cannot convert the pixel format '"
                    + avutil.av_get_pix_fmt_name(src.format()).getString() + "' to RGB.", FFmpegErrors.describe(ret));
        }
        int plane = w * h;
        // GBRP order in FFmpeg: data[0]=G, data[1]=B, data[2]=R
        copyOut(planes[2], floatFrame.linesize(2) / 4, dst, 0, w, h);
        copyOut(planes[0], floatFrame.linesize(0) / 4, dst, plane, w, h);
        copyOut(planes[1], floatFrame.linesize(1) / 4, dst, 2 * plane, w, h);
    }

    /**
     * Converts planar RGB floats into {@code dst}, whose format, size and colour tags are already set
     * and whose buffers are allocated (made writable here, since an encoder may still hold them).
     */
    void fromFloat(float[] src, int w, int h, AVFrame dst) {
        ensureFloatFrame(w, h);
        int plane = w * h;
        copyIn(src, 0, planes[2], floatFrame.linesize(2) / 4, w, h);
        copyIn(src, plane, planes[0], floatFrame.linesize(0) / 4, w, h);
        copyIn(src, 2 * plane, planes[1], floatFrame.linesize(1) / 4, w, h);
        int ret = avutil.av_frame_make_writable(dst);
        if (ret >= 0) {
            ret = swscale.sws_scale_frame(sws, dst, floatFrame);
        }
        if (ret < 0) {
            throw new UnsupportedMediaException("Flowsmith cannot convert RGB to the pixel format '"
                    + avutil.av_get_pix_fmt_name(dst.format()).getString() + "'.", FFmpegErrors.describe(ret));
        }
    }

    private void ensureFloatFrame(int w, int h) {
        if (floatFrame != null && floatFrame.width() == w && floatFrame.height() == h) {
            return;
        }
        freeFloatFrame();
        floatFrame = avutil.av_frame_alloc();
        floatFrame.format(avutil.AV_PIX_FMT_GBRPF32LE).width(w).height(h);
        floatFrame.color_range(avutil.AVCOL_RANGE_JPEG);
        int ret = avutil.av_frame_get_buffer(floatFrame, 0);
        if (ret < 0) {
            throw new OutOfMemoryError("float frame " + w + "x" + h + ": " + FFmpegErrors.describe(ret));
        }
        FrameBuffers.zero(floatFrame); // padding included: swscale's results must not depend on recycled memory
        long capacity = (long) floatFrame.linesize(0) / 4 * h;
        for (int i = 0; i < 3; i++) {
            planes[i] = new FloatPointer(floatFrame.data(i)).capacity(capacity);
        }
    }

    private static void copyOut(FloatPointer p, int stride, float[] dst, int offset, int w, int h) {
        if (stride == w) {
            p.position(0).get(dst, offset, w * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            p.position((long) y * stride).get(dst, offset + y * w, w);
        }
    }

    private static void copyIn(float[] src, int offset, FloatPointer p, int stride, int w, int h) {
        if (stride == w) {
            p.position(0).put(src, offset, w * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            p.position((long) y * stride).put(src, offset + y * w, w);
        }
    }

    private void freeFloatFrame() {
        if (floatFrame != null) {
            avutil.av_frame_free(floatFrame);
            floatFrame = null;
        }
    }

    @Override
    public void close() {
        freeFloatFrame();
        swscale.sws_free_context(sws);
    }
}
