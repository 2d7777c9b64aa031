package dev.flowsmith.media;

/**
 * The colour description of a video stream, as FFmpeg names it ("bt709", "smpte2084", "tv", ...;
 * "unknown" where the file says nothing). The {@code code*} fields are FFmpeg's enum values, kept
 * so an encoder can be told exactly what the source said.
 */
public record ColorInfo(String primaries, String transfer, String matrix, String range,
                        int codePrimaries, int codeTransfer, int codeMatrix, int codeRange) {

    /** BT.709, limited range: what Flowsmith tags video it generates when no source says otherwise. */
    public static ColorInfo bt709() {
        return new ColorInfo("bt709", "bt709", "bt709", "tv", 1, 1, 1, 1);
    }

    /** True for PQ (SMPTE 2084) or HLG transfer: high dynamic range. */
    public boolean isHdr() {
        return "smpte2084".equals(transfer) || "arib-std-b67".equals(transfer);
    }
}
