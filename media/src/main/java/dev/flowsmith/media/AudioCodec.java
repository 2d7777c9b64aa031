package dev.flowsmith.media;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

import java.util.Locale;

/**
 * The audio encoders an export offers: AAC (lossy, with a bit rate), FLAC (lossless, compressed) and
 * 16- or 24-bit PCM (uncompressed), with the FFmpeg codec and the sample format each takes.
 */
public enum AudioCodec {
    AAC(avcodec.AV_CODEC_ID_AAC, avutil.AV_SAMPLE_FMT_FLTP, true, "m4a"),
    FLAC(avcodec.AV_CODEC_ID_FLAC, avutil.AV_SAMPLE_FMT_S16, false, "mka"),
    PCM_S16(avcodec.AV_CODEC_ID_PCM_S16LE, avutil.AV_SAMPLE_FMT_S16, false, "mka"),
    PCM_S24(avcodec.AV_CODEC_ID_PCM_S24LE, avutil.AV_SAMPLE_FMT_S32, false, "mka");

    public static final int MIN_KBPS = 32, MAX_KBPS = 512;
    private final int id, sampleFormat;
    private final boolean usesBitRate;
    private final String fileExtension;

    AudioCodec(int id, int sampleFormat, boolean usesBitRate, String fileExtension) {
        this.id = id;
        this.sampleFormat = sampleFormat;
        this.usesBitRate = usesBitRate;
        this.fileExtension = fileExtension;
    }

    int codecId() {
        return id;
    }

    int sampleFormat() {
        return sampleFormat;
    }

    public boolean usesBitRate() {
        return usesBitRate;
    }

    /** Extension of a file holding only this sound (a render's mixdown). */
    public String fileExtension() {
        return fileExtension;
    }

    public String label() {
        return switch (this) {
            case AAC -> "AAC";
            case FLAC -> "FLAC (lossless)";
            case PCM_S16 -> "PCM 16-bit";
            case PCM_S24 -> "PCM 24-bit";
        };
    }

    /** Parses "aac", "flac", "pcm16", "pcm24" (case-insensitive). */
    public static AudioCodec parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "aac" -> AAC;
            case "flac" -> FLAC;
            case "pcm", "pcm16", "pcms16", "pcms16le" -> PCM_S16;
            case "pcm24", "pcms24", "pcms24le" -> PCM_S24;
            default -> throw new IllegalArgumentException("unknown audio codec '" + name + "' (choose aac, flac, pcm16, pcm24)");
        };
    }
}
