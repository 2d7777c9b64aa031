package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.Map;

/**
 * A container being written (FFmpeg muxer) into the temp file of an {@link AtomicOutput}. The
 * container format is chosen from the target's extension. Streams are added from an encoder or
 * copied from an input stream (no re-encoding); packets are interleaved by FFmpeg.
 */
final class MediaOutput implements AutoCloseable {
    private final Path target;
    private AVFormatContext ctx;
    private boolean headerWritten;
    private boolean trailerWritten;

    MediaOutput(AtomicOutput out) {
        FFmpegLibrary.ensureLoaded();
        this.target = out.target();
        String name = target.getFileName().toString();
        AVOutputFormat fmt = avformat.av_guess_format(null, name, null);
        if (fmt == null) {
            throw new UnsupportedMediaException("Flowsmith cannot tell which container to write from the name '" + name
                    + "'; use .mp4, .mkv, .mov or .webm.", "no muxer for the extension");
        }
        ctx = new AVFormatContext(null);
        int ret = avformat.avformat_alloc_output_context2(ctx, fmt, (String) null, out.temp().toString());
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "creating the container");
        }
    }

    AVFormatContext context() {
        return ctx;
    }

    /** True when the container can hold streams of this codec. */
    boolean accepts(int codecId) {
        return avformat.avformat_query_codec(ctx.oformat(), codecId, avcodec.FF_COMPLIANCE_NORMAL) == 1;
    }

    boolean wantsGlobalHeader() {
        return (ctx.oformat().flags() & avformat.AVFMT_GLOBALHEADER) != 0;
    }

    /** Adds a stream carrying what {@code enc} produces. */
    AVStream addEncodedStream(AVCodecContext enc) {
        AVStream st = avformat.avformat_new_stream(ctx, null);
        int ret = avcodec.avcodec_parameters_from_context(st.codecpar(), enc);
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "adding the video stream");
        }
        st.time_base(enc.time_base());
        st.avg_frame_rate(enc.framerate());
        return st;
    }

    /** Adds a stream that takes the packets of {@code source} as they are. */
    AVStream addCopiedStream(AVStream source) {
        AVStream st = avformat.avformat_new_stream(ctx, null);
        AVCodecParameters par = st.codecpar();
        int ret = avcodec.avcodec_parameters_copy(par, source.codecpar());
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "copying a stream");
        }
        par.codec_tag(0); // let the new container pick its own tag
        st.time_base(source.time_base());
        st.avg_frame_rate(source.avg_frame_rate());
        st.r_frame_rate(source.r_frame_rate());
        st.disposition(source.disposition());
        st.metadata(withTags(st.metadata(), MediaProbe.metadata(source.metadata())));
        return st;
    }

    /** Copies tags onto a stream (language, handler name, ...). */
    static void tagStream(AVStream st, Map<String, String> tags) {
        st.metadata(withTags(st.metadata(), tags));
    }

    /** Sets container-level tags (title, creation time, ...). */
    void setMetadata(Map<String, String> tags) {
        ctx.metadata(withTags(ctx.metadata(), tags));
    }

    /** FFmpeg may reallocate a dictionary on every set, so the caller stores the returned one. */
    private static AVDictionary withTags(AVDictionary dict, Map<String, String> tags) {
        AVDictionary d = dict == null || dict.isNull() ? new AVDictionary(null) : dict;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            avutil.av_dict_set(d, e.getKey(), e.getValue(), 0);
        }
        return d;
    }

    void writeHeader() {
        if ((ctx.oformat().flags() & avformat.AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            int ret = avformat.avio_open(pb, ctx.url().getString(), avformat.AVIO_FLAG_WRITE);
            if (ret < 0) {
                throw FFmpegErrors.writing(target, ret, "creating the file");
            }
            ctx.pb(pb);
        }
        int ret = avformat.avformat_write_header(ctx, (AVDictionary) null);
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "writing the container header");
        }
        headerWritten = true;
    }

    /** Writes a packet whose timestamps are in {@code from}, rescaled to stream {@code stream}'s time base. */
    void write(AVPacket pkt, AVRational from, int stream) {
        AVStream st = ctx.streams(stream);
        pkt.stream_index(stream);
        if (pkt.duration() <= 0 && st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                && st.avg_frame_rate().num() > 0 && st.avg_frame_rate().den() > 0) {
            // Matroska often leaves durations out; MP4 needs the last frame's to keep it in its edit list
            pkt.duration(avutil.av_rescale_q(1, avutil.av_inv_q(st.avg_frame_rate()), from));
        }
        avcodec.av_packet_rescale_ts(pkt, from, st.time_base());
        pkt.pos(-1);
        int ret = avformat.av_interleaved_write_frame(ctx, pkt);
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "writing packets");
        }
    }

    /** Finishes the file (trailer, index) and closes it; the caller then commits the atomic output. */
    void finish() {
        int ret = avformat.av_write_trailer(ctx);
        trailerWritten = true;
        if (ret < 0) {
            throw FFmpegErrors.writing(target, ret, "finishing the file");
        }
        closeFile();
    }

    private void closeFile() {
        if (ctx != null && ctx.pb() != null && !ctx.pb().isNull() && (ctx.oformat().flags() & avformat.AVFMT_NOFILE) == 0) {
            int ret = avformat.avio_closep(ctx.pb());
            ctx.pb(null);
            if (ret < 0 && trailerWritten) {
                throw FFmpegErrors.writing(target, ret, "closing the file");
            }
        }
    }

    @Override
    public void close() {
        if (ctx != null) {
            try {
                closeFile();
            } catch (MediaException ignored) {
                // closing after a failure: the temp file is removed by AtomicOutput anyway
            }
            avformat.avformat_free_context(ctx);
            ctx = null;
        }
    }
}
