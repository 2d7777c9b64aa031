package dev.flowsmith.app;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;
import picocli.CommandLine.Option;

/** {@code --codec --crf --preset}: how a job encodes its video (a picocli mixin shared by the commands). */
final class EncoderOptions {
    @Option(names = "--codec", defaultValue = "h264", description = "h264, h265, vp9, prores, ffv1 (default ${DEFAULT-VALUE})")
    String codec;

    @Option(names = "--crf", description = "quality: lower is better (default per codec)")
    Integer crf;

    @Option(names = "--preset", defaultValue = "medium", description = "ultrafast .. veryslow (default ${DEFAULT-VALUE})")
    String preset;

    EncoderSettings settings() {
        VideoCodec c = VideoCodec.parse(codec);
        return new EncoderSettings(c, crf != null ? crf : c.defaultCrf(), preset, c == VideoCodec.PRORES ? 10 : 8);
    }
}
