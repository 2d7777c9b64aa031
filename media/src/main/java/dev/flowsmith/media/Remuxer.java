package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.List;

/**
 * Puts a processed video stream together with everything else of its source, without re-encoding
 * anything: the source's audio and subtitle streams, its container and stream tags, its colour tags
 * and (when the processed frames were not turned upright) its rotation. Packets of the two files are
 * merged in timestamp order, so memory stays flat however long the files are.
 */
public final class Remuxer {
    /** What was copied from the source and what could not go into the output container. */
    public record Result(Path output, List<String> copiedStreams, List<String> droppedStreams) {
    }

    private Remuxer() {
    }

    /**
     * @param processedVideo     file whose first video stream is taken
     * @param source             the original: audio, subtitles, tags, colour and rotation come from it
     * @param keepSourceRotation true when the processed frames are still in the source's stored
     *                           orientation (e.g. a plain re-encode); false when they were turned upright
     */
    public static Result remux(Path processedVideo, Path source, Path output, boolean keepSourceRotation, boolean overwrite) {
        return remux(processedVideo, source, output, keepSourceRotation, overwrite, false);
    }

    /**
     * As above; with {@code trimToVideo} the source's audio and subtitles stop where the processed
     * video ends (a partial result of a cancelled job).
     */
    public static Result remux(Path processedVideo, Path source, Path output, boolean keepSourceRotation, boolean overwrite,
                               boolean trimToVideo) {
        return remux(processedVideo, source, output, keepSourceRotation, overwrite, trimToVideo, false);
    }

    /** As above; with {@code withoutSound} the source's audio is left out (slow motion without its sound). */
    public static Result remux(Path processedVideo, Path source, Path output, boolean keepSourceRotation, boolean overwrite,
                               boolean trimToVideo, boolean withoutSound) {
        try (AtomicOutput atomic = AtomicOutput.create(output, overwrite, List.of(processedVideo, source));
             MediaInput video = MediaInput.open(processedVideo);
             MediaInput src = MediaInput.open(source);
             MediaOutput out = new MediaOutput(atomic)) {
            int v = video.requireVideoStream();
            int srcVideo = src.bestVideoStream();
            AVStream vst = out.addCopiedStream(video.stream(v));
            if (srcVideo >= 0) {
                AVCodecParameters from = src.codecpar(srcVideo), to = vst.codecpar();
                to.color_primaries(from.color_primaries()).color_trc(from.color_trc()).color_space(from.color_space())
                        .color_range(from.color_range());
                StreamSideData.copy(from, to, keepSourceRotation);
                MediaOutput.tagStream(vst, Transcoder.withoutEncoderTags(MediaProbe.metadata(src.stream(srcVideo).metadata())));
            }
            out.setMetadata(Transcoder.withoutEncoderTags(MediaProbe.metadata(src.context().metadata())));
            CopiedStreams copies = CopiedStreams.add(src, out, srcVideo, withoutSound);
            int[] srcMap = copies.outIndex;
            out.writeHeader();
            long endMicros = Long.MAX_VALUE;
            if (trimToVideo) {
                MediaInfo pi = MediaProbe.probe(processedVideo);
                VideoStreamInfo vi = pi.requireVideo();
                // Matroska stores no per-stream duration: then the container's, else frames / rate (never 0, which
                // kept one audio packet of a partial FFV1 result)
                double secs = vi.durationSeconds();
                if (!(secs > 0)) {
                    secs = pi.durationSeconds();
                }
                if (!(secs > 0) && vi.avgFrameRate().isKnown()) {
                    secs = vi.frameCount() / vi.avgFrameRate().toDouble();
                }
                endMicros = secs > 0 ? Math.round(secs * 1e6) : Long.MAX_VALUE;
            }
            merge(video, v, src, srcMap, out, endMicros);
            out.finish();
            atomic.commit();
            return new Result(atomic.target(), copies.copied, copies.dropped);
        }
    }

    /** Writes the packets of both inputs, always the one that comes first in time. */
    private static void merge(MediaInput video, int v, MediaInput src, int[] srcMap, MediaOutput out, long endMicros) {
        AVPacket a = MediaInput.newPacket(), b = MediaInput.newPacket();
        AVRational micro = avutil.av_make_q(1, 1_000_000);
        try {
            boolean hasA = nextOf(video, a, s -> s == v);
            boolean hasB = nextOf(src, b, s -> srcMap[s] >= 0);
            while (hasA || hasB) {
                boolean takeA = hasA && (!hasB || time(a, video, micro) <= time(b, src, micro));
                if (takeA) {
                    out.write(a, video.stream(v).time_base(), 0);
                    avcodec.av_packet_unref(a);
                    hasA = nextOf(video, a, s -> s == v);
                } else {
                    int s = b.stream_index();
                    if (time(b, src, micro) - startMicros(src, s) >= endMicros) {
                        avcodec.av_packet_unref(b); // past the end of a partial video
                        hasB = nextOf(src, b, st -> srcMap[st] >= 0);
                        continue;
                    }
                    out.write(b, src.stream(s).time_base(), srcMap[s]);
                    avcodec.av_packet_unref(b);
                    hasB = nextOf(src, b, st -> srcMap[st] >= 0);
                }
            }
        } finally {
            avcodec.av_packet_free(a);
            avcodec.av_packet_free(b);
        }
    }

    private static boolean nextOf(MediaInput in, AVPacket pkt, java.util.function.IntPredicate wanted) {
        while (in.readPacket(pkt)) {
            if (wanted.test(pkt.stream_index())) {
                return true;
            }
            avcodec.av_packet_unref(pkt);
        }
        return false;
    }

    private static long startMicros(MediaInput in, int stream) {
        long st = in.stream(stream).start_time();
        return st == avutil.AV_NOPTS_VALUE ? 0 : avutil.av_rescale_q(st, in.stream(stream).time_base(), avutil.av_make_q(1, 1_000_000));
    }

    private static long time(AVPacket p, MediaInput in, AVRational micro) {
        long t = p.dts() != avutil.AV_NOPTS_VALUE ? p.dts() : p.pts();
        return t == avutil.AV_NOPTS_VALUE ? Long.MIN_VALUE : avutil.av_rescale_q(t, in.stream(p.stream_index()).time_base(), micro);
    }
}
