package dev.flowsmith.media;

import java.nio.file.Path;

/**
 * Decides, after a whole stream was decoded, whether the file was damaged or cut short, so a job
 * fails instead of writing a silently shortened result. Three signs: the demuxer reported a read
 * error or an incomplete packet (a cut MP4); fewer pictures decoded than the packets the prober
 * counted; or the last picture comes well before the duration the container announces (a cut
 * Matroska/WebM reads to a clean end of file).
 */
final class DamageCheck {
    private DamageCheck() {
    }

    static void afterDecoding(Path file, double containerSeconds, VideoStreamInfo v, long frames, StreamDecoder decoder) {
        String name = file.getFileName().toString();
        if (decoder.damagedReads() > 0) {
            throw new CorruptMediaException("'" + name + "' is damaged or truncated: " + frames
                    + " frames could be read before the data ran out.", decoder.damagedReads() + " damaged read(s)");
        }
        if (frames == 0) {
            throw new CorruptMediaException("No picture could be decoded from '" + name + "'.",
                    decoder.decodeErrors() + " decode error(s)");
        }
        if (v.frameCountExact() && v.frameCount() > frames) {
            throw new CorruptMediaException("'" + name + "' ends early: " + frames + " of " + v.frameCount()
                    + " frames could be decoded; the file looks truncated or damaged.", decoder.decodeErrors() + " decode error(s)");
        }
        double announced = !Double.isNaN(v.durationSeconds()) ? v.durationSeconds() : containerSeconds;
        double reached = decoder.lastPtsSeconds();
        if (!Double.isNaN(announced) && !Double.isNaN(reached)
                && announced - reached > Math.max(1.0, 0.05 * announced)) {
            throw new CorruptMediaException(String.format(java.util.Locale.ROOT,
                    "'%s' ends early: its pictures stop at %.1f s although it says it lasts %.1f s; the file looks truncated.",
                    name, reached, announced), frames + " frames decoded");
        }
    }
}
