package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One configured FFmpeg video encoder. Its time base is the source stream's, so every frame keeps
 * its own timestamp (variable frame rate survives); the frame rate is only a hint for rate control.
 */
final class VideoEncoder implements AutoCloseable {
    private final AVCodecContext ctx;
    private final AVPacket pkt = MediaInput.newPacket();
    private final Path target;
    private long lastPts = Long.MIN_VALUE;

    VideoEncoder(EncoderSettings s, int width, int height, Rational timeBase, Rational frameRate, ColorInfo color,
                 boolean globalHeader, Path target) {
        FFmpegLibrary.ensureLoaded();
        this.target = target;
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(s.codec().encoderName());
        if (codec == null) {
            throw new UnsupportedMediaException("This build of FFmpeg has no " + s.codec() + " encoder.", s.codec().encoderName());
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        ctx.width(width).height(height).pix_fmt(s.codec().pixelFormat(s.bitDepth()));
        // every frame Flowsmith encodes is one whole picture (a deinterlaced field among them): say so, so that
        // players and later filters do not deinterlace it again
        ctx.field_order(avcodec.AV_FIELD_PROGRESSIVE);
        ctx.time_base(timeBase.toAv());
        if (frameRate.isKnown()) {
            ctx.framerate(frameRate.toAv());
        }
        ctx.sample_aspect_ratio(avutil.av_make_q(1, 1));
        ctx.thread_count(0);
        if (color != null) {
            ctx.color_primaries(color.codePrimaries()).color_trc(color.codeTransfer())
                    .colorspace(color.codeMatrix()).color_range(color.codeRange());
        }
        if (globalHeader) {
            ctx.flags(ctx.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary opts = new AVDictionary(null);
        if (s.bitRateKbps() > 0) {
            // average bit rate: the encoders' own rate control, with a buffer of two seconds
            ctx.bit_rate(s.bitRateKbps() * 1000L);
            ctx.rc_buffer_size(s.bitRateKbps() * 2000);
            ctx.rc_max_rate(s.bitRateKbps() * 1500L);
        }
        String crfOrNull = s.bitRateKbps() > 0 ? null : Integer.toString(s.crf());
        switch (s.codec()) {
            case H264:
                avutil.av_dict_set(opts, "crf", crfOrNull, 0);
                avutil.av_dict_set(opts, "preset", s.preset(), 0);
                break;
            case H265:
                avutil.av_dict_set(opts, "crf", crfOrNull, 0);
                avutil.av_dict_set(opts, "preset", s.preset(), 0);
                avutil.av_dict_set(opts, "x265-params", "log-level=error", 0);
                break;
            case VP9:
                if (crfOrNull != null) {
                    ctx.bit_rate(0); // constant quality
                }
                avutil.av_dict_set(opts, "crf", crfOrNull, 0);
                avutil.av_dict_set(opts, "cpu-used", Integer.toString(s.vp9CpuUsed()), 0);
                avutil.av_dict_set(opts, "deadline", "good", 0);
                avutil.av_dict_set(opts, "row-mt", "1", 0);
                break;
            case PRORES:
                avutil.av_dict_set(opts, "profile", "3", 0); // 422 HQ
                break;
            case FFV1:
                avutil.av_dict_set(opts, "level", "3", 0);
                avutil.av_dict_set(opts, "slicecrc", "1", 0);
                break;
            default:
                break;
        }
        int ret = avcodec.avcodec_open2(ctx, codec, opts);
        avutil.av_dict_free(opts);
        if (ret < 0) {
            close();
            if (s.bitDepth() > 8 && s.codec() == VideoCodec.VP9) {
                // the bundled libvpx is built without high bit depth: say so instead of "Invalid argument"
                throw new UnsupportedMediaException("This build's VP9 encoder writes 8-bit video only; choose H.265, "
                        + "H.264, ProRes or FFV1 for 10-bit.", FFmpegErrors.describe(ret));
            }
            throw FFmpegErrors.writing(target, ret, "opening the " + s.codec() + " encoder (" + width + "x" + height
                    + ", " + s.bitDepth() + "-bit)");
        }
    }

    AVCodecContext context() {
        return ctx;
    }

    /** A frame in the encoder's format, size and colour tags, with its buffers allocated. */
    AVFrame newFrame() {
        AVFrame f = avutil.av_frame_alloc();
        f.format(ctx.pix_fmt()).width(ctx.width()).height(ctx.height());
        f.color_primaries(ctx.color_primaries()).color_trc(ctx.color_trc()).colorspace(ctx.colorspace())
                .color_range(ctx.color_range());
        int ret = avutil.av_frame_get_buffer(f, 0);
        if (ret < 0) {
            throw new OutOfMemoryError("encoder frame: " + FFmpegErrors.describe(ret));
        }
        FrameBuffers.zero(f); // an earlier encoder's leftovers in recycled memory would change this one's output
        return f;
    }

    boolean accepts(AVFrame f) {
        return f.format() == ctx.pix_fmt() && f.width() == ctx.width() && f.height() == ctx.height();
    }

    /**
     * Encodes {@code frame} at timestamp {@code pts} (encoder time base) and hands every packet that
     * comes out to {@code sink}. A timestamp that does not increase is moved one tick past the last.
     * {@code frame == null} drains the encoder.
     */
    void encode(AVFrame frame, long pts, Consumer<AVPacket> sink) {
        if (frame != null) {
            long p = pts <= lastPts ? lastPts + 1 : pts;
            frame.pts(p);
            frame.pict_type(avutil.AV_PICTURE_TYPE_NONE);
            lastPts = p;
        }
        int ret = avcodec.avcodec_send_frame(ctx, frame);
        if (ret < 0 && ret != avutil.AVERROR_EOF) {
            throw FFmpegErrors.writing(target, ret, "encoding");
        }
        while (true) {
            ret = avcodec.avcodec_receive_packet(ctx, pkt);
            if (ret == avutil.AVERROR_EOF || FFmpegErrors.isAgain(ret)) {
                return;
            }
            if (ret < 0) {
                throw FFmpegErrors.writing(target, ret, "encoding");
            }
            sink.accept(pkt);
            avcodec.av_packet_unref(pkt);
        }
    }

    @Override
    public void close() {
        avcodec.av_packet_free(pkt);
        if (ctx != null) {
            avcodec.avcodec_free_context(ctx);
        }
    }
}
