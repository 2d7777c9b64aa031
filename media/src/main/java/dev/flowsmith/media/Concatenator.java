package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.nio.file.Path;
import java.util.List;

/**
 * Joins video segments encoded with the same settings into one file without re-encoding (packet
 * copy), the way a segmented job assembles its result. Segments keep their source timestamps, so
 * packets go out as they are; a decode timestamp that would step back (a different encoder delay at
 * a seam) is nudged forward by one tick.
 */
public final class Concatenator {
    private Concatenator() {
    }

    public static Path concat(List<Path> parts, Path output, boolean overwrite) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        try (AtomicOutput atomic = AtomicOutput.create(output, overwrite, parts);
             MediaOutput out = new MediaOutput(atomic)) {
            try (MediaInput first = MediaInput.open(parts.get(0))) {
                out.addCopiedStream(first.stream(first.requireVideoStream()));
            }
            out.writeHeader();
            AVStream ost = out.context().streams(0);
            AVPacket pkt = MediaInput.newPacket();
            long lastDts = Long.MIN_VALUE;
            try {
                for (Path part : parts) {
                    try (MediaInput in = MediaInput.open(part)) {
                        int v = in.requireVideoStream();
                        AVRational tb = in.stream(v).time_base();
                        while (in.readPacket(pkt)) {
                            if (pkt.stream_index() == v) {
                                avcodec.av_packet_rescale_ts(pkt, tb, ost.time_base());
                                if (pkt.dts() != avutil.AV_NOPTS_VALUE && lastDts != Long.MIN_VALUE && pkt.dts() <= lastDts) {
                                    pkt.dts(lastDts + 1);
                                    if (pkt.pts() != avutil.AV_NOPTS_VALUE && pkt.pts() < pkt.dts()) {
                                        pkt.pts(pkt.dts());
                                    }
                                }
                                if (pkt.dts() != avutil.AV_NOPTS_VALUE) {
                                    lastDts = pkt.dts();
                                }
                                out.write(pkt, ost.time_base(), 0);
                            }
                            avcodec.av_packet_unref(pkt);
                        }
                    }
                }
            } finally {
                avcodec.av_packet_free(pkt);
            }
            out.finish();
            atomic.commit();
            return atomic.target();
        }
    }
}
