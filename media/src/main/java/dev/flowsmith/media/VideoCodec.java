package dev.flowsmith.media;

import org.bytedeco.ffmpeg.global.avutil;

import java.util.Locale;

/** The video encoders Flowsmith offers, with the FFmpeg encoder behind each and its pixel formats. */
public enum VideoCodec {
    H264("libx264", 0, 51, 18),
    H265("libx265", 0, 51, 22),
    VP9("libvpx-vp9", 0, 63, 31),
    /** Apple ProRes 422 HQ (quality fixed by the profile; CRF is ignored). Always 10-bit 4:2:2. */
    PRORES("prores_ks", 0, 0, 0),
    /** Lossless FFV1 (CRF is ignored). */
    FFV1("ffv1", 0, 0, 0);

    private final String encoder;
    private final int minCrf;
    private final int maxCrf;
    private final int defaultCrf;

    VideoCodec(String encoder, int minCrf, int maxCrf, int defaultCrf) {
        this.encoder = encoder;
        this.minCrf = minCrf;
        this.maxCrf = maxCrf;
        this.defaultCrf = defaultCrf;
    }

    public String encoderName() {
        return encoder;
    }

    public boolean usesCrf() {
        return maxCrf > 0;
    }

    public int minCrf() {
        return minCrf;
    }

    public int maxCrf() {
        return maxCrf;
    }

    public int defaultCrf() {
        return defaultCrf;
    }

    /** The pixel format handed to the encoder for a bit depth (8 or 10). */
    int pixelFormat(int bitDepth) {
        if (this == PRORES) {
            return avutil.AV_PIX_FMT_YUV422P10LE;
        }
        return bitDepth > 8 ? avutil.AV_PIX_FMT_YUV420P10LE : avutil.AV_PIX_FMT_YUV420P;
    }

    /** Parses "h264", "hevc", "h265", "vp9", "prores", "ffv1" (case-insensitive). */
    public static VideoCodec parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "");
        switch (n) {
            case "h264": case "avc": case "x264": case "libx264": return H264;
            case "h265": case "hevc": case "x265": case "libx265": return H265;
            case "vp9": case "libvpxvp9": return VP9;
            case "prores": case "proresks": return PRORES;
            case "ffv1": return FFV1;
            default:
                throw new IllegalArgumentException("unknown codec '" + name + "' (choose h264, h265, vp9, prores, ffv1)");
        }
    }
}
