package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.util.function.Consumer;

/**
 * Decodes one stream (video or audio) of a {@link MediaInput} into native frames (FFmpeg send/receive
 * loop, frame threads on all cores). Packets of other streams can be handed to a consumer on the way, which
 * is how a transcode copies audio without reading the file twice.
 */
final class StreamDecoder implements AutoCloseable {
    private final MediaInput in;
    private final int stream;
    private final AVCodecContext ctx;
    private final AVPacket pkt = MediaInput.newPacket();
    private Consumer<AVPacket> otherPackets = p -> { };
    private boolean flushed;
    private long decodeErrors;
    private long damagedReads;
    private long lastPts = avutil.AV_NOPTS_VALUE;

    StreamDecoder(MediaInput in, int stream, int threads) {
        this(in, stream, threads, "video");
    }

    /** {@code kind} ("video", "audio") names the stream in messages. */
    StreamDecoder(MediaInput in, int stream, int threads, String kind) {
        this.in = in;
        this.stream = stream;
        AVStream st = in.stream(stream);
        AVCodec codec = avcodec.avcodec_find_decoder(st.codecpar().codec_id());
        if (codec == null) {
            throw new UnsupportedMediaException("'" + in.path().getFileName() + "' uses the " + kind + " codec '"
                    + MediaProbe.codecName(st.codecpar().codec_id()) + "', which this build cannot decode.", "no decoder");
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        int ret = avcodec.avcodec_parameters_to_context(ctx, st.codecpar());
        if (ret < 0) {
            close();
            throw FFmpegErrors.reading(in.path(), ret, "configuring the decoder");
        }
        ctx.pkt_timebase(st.time_base());
        ctx.thread_count(threads);
        ret = avcodec.avcodec_open2(ctx, codec, (AVDictionary) null);
        if (ret < 0) {
            close();
            throw FFmpegErrors.reading(in.path(), ret, "opening the " + MediaProbe.codecName(st.codecpar().codec_id()) + " decoder");
        }
    }

    AVCodecContext context() {
        return ctx;
    }

    int streamIndex() {
        return stream;
    }

    /** Where packets of the other streams go while video is read (default: dropped). */
    void onOtherPacket(Consumer<AVPacket> consumer) {
        this.otherPackets = consumer;
    }

    /** Pictures the decoder rejected (isolated errors happen in valid streams, e.g. a TS cut mid-GOP). */
    long decodeErrors() {
        return decodeErrors;
    }

    /** Reads that failed or returned packets the demuxer marked incomplete: the file is damaged or cut short. */
    long damagedReads() {
        return damagedReads;
    }

    /**
     * Decodes the next frame into {@code out} (which is unreferenced first). Returns false at the end.
     */
    boolean next(AVFrame out) {
        avutil.av_frame_unref(out);
        while (true) {
            int ret = avcodec.avcodec_receive_frame(ctx, out);
            if (ret >= 0) {
                long pts = out.best_effort_timestamp();
                if (pts != avutil.AV_NOPTS_VALUE && (lastPts == avutil.AV_NOPTS_VALUE || pts > lastPts)) {
                    lastPts = pts;
                }
                return true;
            }
            if (ret == avutil.AVERROR_EOF) {
                return false;
            }
            if (!FFmpegErrors.isAgain(ret)) {
                decodeErrors++;
                continue; // a broken picture: the decoder reports it once and goes on, as ffmpeg does
            }
            if (flushed) {
                return false;
            }
            feedOnePacket();
        }
    }

    private void feedOnePacket() {
        while (true) {
            boolean got;
            try {
                got = in.readPacket(pkt);
            } catch (CorruptMediaException e) {
                damagedReads++;
                got = false; // a read error mid-file ends the stream like EOF; callers compare frame counts
            }
            if (!got) {
                avcodec.avcodec_send_packet(ctx, null);
                flushed = true;
                return;
            }
            if (pkt.stream_index() != stream) {
                otherPackets.accept(pkt);
                avcodec.av_packet_unref(pkt);
                continue;
            }
            if ((pkt.flags() & avcodec.AV_PKT_FLAG_CORRUPT) != 0) {
                damagedReads++;
            }
            int ret = avcodec.avcodec_send_packet(ctx, pkt);
            avcodec.av_packet_unref(pkt);
            if (ret < 0 && !FFmpegErrors.isAgain(ret)) {
                decodeErrors++;
            }
            return;
        }
    }

    /** Time of the latest picture decoded so far, from the stream's start, in seconds (NaN before any). */
    double lastPtsSeconds() {
        if (lastPts == avutil.AV_NOPTS_VALUE) {
            return Double.NaN;
        }
        AVStream st = in.stream(stream);
        long start = st.start_time() == avutil.AV_NOPTS_VALUE ? 0 : st.start_time();
        return (lastPts - start) * avutil.av_q2d(st.time_base());
    }

    /** Forgets buffered frames after a seek. */
    void flush() {
        avcodec.avcodec_flush_buffers(ctx);
        flushed = false;
    }

    @Override
    public void close() {
        avcodec.av_packet_free(pkt);
        if (ctx != null) {
            avcodec.avcodec_free_context(ctx);
        }
    }
}
