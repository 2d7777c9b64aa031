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

    static final java.util.List<String> PRESETS = java.util.List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    EncoderSettings settings() {
        return settings(codec, crf, preset, 8);
    }

    /** Checked settings: a known codec, a CRF in the codec's range, a known preset. */
    static EncoderSettings settings(String codec, Integer crf, String preset, int bitDepth) {
        VideoCodec c = OptionCheck.parsed(() -> VideoCodec.parse(codec));
        String p = OptionCheck.choice("--preset", preset, PRESETS);
        if (crf != null) {
            OptionCheck.range("--crf", crf, 0, c == VideoCodec.VP9 ? 63 : 51);
        }
        OptionCheck.range("--bit-depth", bitDepth, 8, 10);
        if (bitDepth != 8 && bitDepth != 10) {
            throw new UsageException("--bit-depth must be 8 or 10 (got " + bitDepth + ").");
        }
        if (c == VideoCodec.VP9 && bitDepth == 10) {
            throw new UsageException("This build's VP9 encoder writes 8-bit only: use --codec h265 or prores for 10-bit.");
        }
        return new EncoderSettings(c, crf != null ? crf : c.defaultCrf(), p, c == VideoCodec.PRORES ? 10 : bitDepth);
    }
}
