package dev.flowsmith.media;

import java.util.List;

/**
 * How to encode video: codec, constant-rate-factor quality or (when {@code bitRateKbps > 0}) an average
 * bit rate, speed preset (x264 names; mapped to cpu-used for VP9) and bit depth (8 or 10). Validated on
 * construction.
 */
public record EncoderSettings(VideoCodec codec, int crf, String preset, int bitDepth, int bitRateKbps) {
    public static final int MIN_KBPS = 100, MAX_KBPS = 500_000;

    /** Constant quality (CRF). */
    public EncoderSettings(VideoCodec codec, int crf, String preset, int bitDepth) {
        this(codec, crf, preset, bitDepth, 0);
    }

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
        if (bitRateKbps != 0 && (!codec.usesCrf() || bitRateKbps < MIN_KBPS || bitRateKbps > MAX_KBPS)) {
            throw new IllegalArgumentException(codec.usesCrf() ? "bit rate must be " + MIN_KBPS + "-" + MAX_KBPS + " kbit/s, not "
                    + bitRateKbps : codec + " has a fixed quality; it takes no bit rate");
        }
        if (codec == VideoCodec.PRORES && bitDepth != 10) {
            throw new IllegalArgumentException("ProRes is always 10-bit");
        }
    }

    public static EncoderSettings defaults(VideoCodec codec) {
        return new EncoderSettings(codec, codec.defaultCrf(), "medium", codec == VideoCodec.PRORES ? 10 : 8);
    }

    public EncoderSettings withCrf(int crf) {
        return new EncoderSettings(codec, crf, preset, bitDepth, bitRateKbps);
    }

    public EncoderSettings withPreset(String preset) {
        return new EncoderSettings(codec, crf, preset, bitDepth, bitRateKbps);
    }

    public EncoderSettings withBitDepth(int bitDepth) {
        return new EncoderSettings(codec, crf, preset, bitDepth, bitRateKbps);
    }

    /** An average bit rate (kbit/s) instead of constant quality; 0 goes back to CRF. */
    public EncoderSettings withBitRate(int kbps) {
        return new EncoderSettings(codec, crf, preset, bitDepth, kbps);
    }

    /** VP9's cpu-used (0 slowest .. 8 fastest) for the preset name. */
    int vp9CpuUsed() {
        return 8 - PRESETS.indexOf(preset);
    }
}
