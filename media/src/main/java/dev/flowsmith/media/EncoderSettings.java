package dev.flowsmith.media;

import java.util.List;

/**
 * How to encode video: codec, constant-rate-factor quality, speed preset (x264 names; mapped to
 * cpu-used for VP9) and bit depth (8 or 10). Validated on construction.
 */
public record EncoderSettings(VideoCodec codec, int crf, String preset, int bitDepth) {
    public static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    public EncoderSettings {
        if (codec == null) {
            throw new IllegalArgumentException("codec is required");
        }
        if (codec.usesCrf() && (crf < codec.minCrf() || crf > codec.maxCrf())) {
            throw new IllegalArgumentException("CRF " + crf + " is outside " + codec.minCrf() + ".." + codec.maxCrf()
                    + " for " + codec);
        }
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "' (choose one of " + PRESETS + ")");
        }
        if (bitDepth != 8 && bitDepth != 10) {
            throw new IllegalArgumentException("bit depth must be 8 or 10, not " + bitDepth);
        }
        if (codec == VideoCodec.PRORES && bitDepth != 10) {
            throw new IllegalArgumentException("ProRes is always 10-bit");
        }
    }

    public static EncoderSettings defaults(VideoCodec codec) {
        return new EncoderSettings(codec, codec.defaultCrf(), "medium", codec == VideoCodec.PRORES ? 10 : 8);
    }

    public EncoderSettings withCrf(int crf) {
        return new EncoderSettings(codec, crf, preset, bitDepth);
    }

    public EncoderSettings withPreset(String preset) {
        return new EncoderSettings(codec, crf, preset, bitDepth);
    }

    public EncoderSettings withBitDepth(int bitDepth) {
        return new EncoderSettings(codec, crf, preset, bitDepth);
    }

    /** VP9's cpu-used (0 slowest .. 8 fastest) for the preset name. */
    int vp9CpuUsed() {
        return 8 - PRESETS.indexOf(preset);
    }
}
