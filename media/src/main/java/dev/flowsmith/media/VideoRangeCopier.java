package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.List;

/**
 * Copies frames {@code [first, first + count)} of a file's video stream into a new file without
 * re-encoding, moved in time so that the first lands at {@code atMicros}. The range must start on a
 * keyframe (and, for streams with B-frames, end on one or at the end) so every copied frame decodes;
 * {@link KeyframeIndex} tells whether it does. Colour tags and rotation go with the stream.
 */
public final class VideoRangeCopier {
    private VideoRangeCopier() {
    }

    public static Path copy(Path source, KeyframeIndex index, int first, int count, long atMicros, Path target) {
        if (!index.isKeyframe(first)) {
            throw new IllegalArgumentException("frame " + first + " is not a keyframe");
        }
        long fromPts = index.pts(first);
        long toPts = first + count < index.frameCount() ? index.pts(first + count) : Long.MAX_VALUE;
        try (AtomicOutput atomic = AtomicOutput.create(target, true, List.of(source));
             MediaInput in = MediaInput.open(source);
             MediaOutput out = new MediaOutput(atomic)) {
            int v = in.requireVideoStream();
            AVStream ist = in.stream(v);
            AVStream ost = out.addCopiedStream(ist);
            StreamSideData.copy(ist.codecpar(), ost.codecpar(), true);
            out.writeHeader();
            AVRational tb = ist.time_base();
            long shift = avutil.av_rescale_q(atMicros, avutil.av_make_q(1, 1_000_000), tb) - fromPts;
            in.seekBackward(v, fromPts);
            AVPacket pkt = MediaInput.newPacket();
            int copied = 0;
            try {
                while (in.readPacket(pkt)) {
                    long p = pkt.pts();
                    if (pkt.stream_index() == v && p != avutil.AV_NOPTS_VALUE && p >= fromPts && p < toPts) {
                        pkt.pts(p + shift);
                        if (pkt.dts() != avutil.AV_NOPTS_VALUE) {
                            pkt.dts(pkt.dts() + shift);
                        }
                        out.write(pkt, tb, 0);
                        copied++;
                    }
                    avcodec.av_packet_unref(pkt);
                    if (copied == count && !index.reorders()) {
                        break;
                    }
                }
            } finally {
                avcodec.av_packet_free(pkt);
            }
            if (copied != count) {
                throw new CorruptMediaException("'" + source.getFileName() + "' gave " + copied + " of the " + count
                        + " frames of a copied range.", "range copy");
            }
            out.finish();
            atomic.commit();
            return atomic.target();
        }
    }
}
