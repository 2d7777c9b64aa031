package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An opened container (FFmpeg demuxer) with the file checks done first, so that every failure
 * becomes a {@link MediaException} that names the file. Not thread-safe; close it.
 */
final class MediaInput implements AutoCloseable {
    private final Path path;
    private AVFormatContext ctx;

    private MediaInput(Path path, AVFormatContext ctx) {
        this.path = path;
        this.ctx = ctx;
    }

    static MediaInput open(Path path) {
        FFmpegLibrary.ensureLoaded();
        checkReadable(path);
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat.avformat_open_input(ctx, path.toString(), null, null);
        if (ret < 0) {
            throw FFmpegErrors.reading(path, ret, "opening the container");
        }
        ret = avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null);
        if (ret < 0) {
            avformat.avformat_close_input(ctx);
            throw FFmpegErrors.reading(path, ret, "reading stream information");
        }
        return new MediaInput(path, ctx);
    }

    static void checkReadable(Path path) {
        String name = String.valueOf(path.getFileName());
        if (!Files.exists(path)) {
            throw new MediaException("'" + name + "' does not exist.", path.toString());
        }
        if (Files.isDirectory(path)) {
            throw new UnsupportedMediaException("'" + name + "' is a folder, not a media file.", path.toString());
        }
        if (!Files.isRegularFile(path)) {
            throw new UnsupportedMediaException("'" + name + "' is not a regular file but a pipe or device: Flowsmith reads "
                    + "media files, so save the stream to a file first.", path.toString());
        }
        if (!Files.isReadable(path)) {
            throw new PermissionDeniedException("Flowsmith is not allowed to read '" + name + "'.", path.toString());
        }
        try {
            if (Files.size(path) == 0) {
                throw new CorruptMediaException("'" + name + "' is empty (0 bytes).", path.toString());
            }
        } catch (IOException e) {
            throw new MediaException("'" + name + "' cannot be read.", e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    AVFormatContext context() {
        return ctx;
    }

    int streamCount() {
        return ctx.nb_streams();
    }

    AVStream stream(int i) {
        return ctx.streams(i);
    }

    /** The stream FFmpeg ranks best among the video streams (not cover art), or -1. */
    int bestVideoStream() {
        int best = avformat.av_find_best_stream(ctx, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (best >= 0 && (stream(best).disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
            return best;
        }
        for (int i = 0; i < streamCount(); i++) {
            AVStream st = stream(i);
            if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (st.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        return -1;
    }

    int requireVideoStream() {
        int v = bestVideoStream();
        if (v < 0) {
            throw new NoVideoStreamException("'" + path.getFileName() + "' has no video stream.",
                    streamCount() + " stream(s), none of them video");
        }
        return v;
    }

    AVCodecParameters codecpar(int stream) {
        return stream(stream).codecpar();
    }

    /**
     * Reads the next packet into {@code pkt}. Returns false at the end of the file; throws
     * {@link CorruptMediaException} when the container cannot be read further.
     */
    boolean readPacket(AVPacket pkt) {
        int ret = avformat.av_read_frame(ctx, pkt);
        if (ret == avutil.AVERROR_EOF) {
            return false;
        }
        if (ret < 0) {
            throw FFmpegErrors.reading(path, ret, "reading packets");
        }
        return true;
    }

    /** Seeks so that the next packets start at the last keyframe at or before {@code pts} (stream time base). */
    void seekBackward(int stream, long pts) {
        int ret = avformat.av_seek_frame(ctx, stream, pts, avformat.AVSEEK_FLAG_BACKWARD);
        if (ret < 0) {
            // some demuxers cannot seek by timestamp: fall back to the start
            ret = avformat.avformat_seek_file(ctx, stream, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0);
            if (ret < 0) {
                throw FFmpegErrors.reading(path, ret, "seeking");
            }
        }
    }

    static AVPacket newPacket() {
        AVPacket pkt = avcodec.av_packet_alloc();
        if (pkt == null) {
            throw new OutOfMemoryError("av_packet_alloc");
        }
        return pkt;
    }

    @Override
    public void close() {
        if (ctx != null) {
            avformat.avformat_close_input(ctx);
            ctx = null;
        }
    }
}
