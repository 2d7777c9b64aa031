package dev.flowsmith.media.color;

/**
 * Transfer functions, signal (0..1) to linear light. SDR transfers are taken as display-referred
 * (ITU-R BT.1886: a 2.4 gamma display, black at 0), which is how a BT.709 monitor shows them; PQ is
 * absolute (cd/m²); HLG returns scene light (0..1) and its system gamma (the OOTF) is applied by
 * {@link DisplayTransform}, since it depends on all three channels.
 */
public enum Transfer {
    /** BT.709, BT.601, BT.2020 and SMPTE 240M cameras, shown on a BT.1886 display. */
    BT1886,
    SRGB,
    GAMMA22,
    GAMMA28,
    LINEAR,
    /** SMPTE ST 2084 perceptual quantiser (HDR10). */
    PQ,
    /** ARIB STD-B67 hybrid log-gamma (ITU-R BT.2100 HLG). */
    HLG;

    static final double PQ_M1 = 2610.0 / 16384, PQ_M2 = 2523.0 / 4096 * 128;
    static final double PQ_C1 = 3424.0 / 4096, PQ_C2 = 2413.0 / 4096 * 32, PQ_C3 = 2392.0 / 4096 * 32;
    static final double HLG_A = 0.17883277, HLG_B = 1 - 4 * HLG_A, HLG_C = 0.5 - HLG_A * Math.log(4 * HLG_A);

    /** FFmpeg's {@code AVColorTransferCharacteristic} code, or null when unspecified or not displayable. */
    public static Transfer ofCode(int code) {
        return switch (code) {
            case 1, 6, 7, 14, 15 -> BT1886;
            case 4 -> GAMMA22;
            case 5 -> GAMMA28;
            case 8 -> LINEAR;
            case 11, 13 -> SRGB; // xvYCC (11) uses the BT.709 curve extended; shown as sRGB-like
            case 16 -> PQ;
            case 18 -> HLG;
            default -> null;
        };
    }

    public boolean hdr() {
        return this == PQ || this == HLG;
    }

    /** Signal to linear: cd/m² for PQ, scene light 0..1 for HLG, display light 0..1 for the others. */
    public double toLinear(double e) {
        e = Math.max(0, e);
        return switch (this) {
            case BT1886 -> Math.pow(e, 2.4);
            case SRGB -> e <= 0.04045 ? e / 12.92 : Math.pow((e + 0.055) / 1.055, 2.4);
            case GAMMA22 -> Math.pow(e, 2.2);
            case GAMMA28 -> Math.pow(e, 2.8);
            case LINEAR -> e;
            case PQ -> pqToNits(e);
            case HLG -> e <= 0.5 ? e * e / 3 : (Math.exp((e - HLG_C) / HLG_A) + HLG_B) / 12;
        };
    }

    /** SMPTE ST 2084 EOTF: signal 0..1 to cd/m² (0..10000). */
    public static double pqToNits(double e) {
        double p = Math.pow(Math.max(0, e), 1 / PQ_M2);
        return 10000 * Math.pow(Math.max(p - PQ_C1, 0) / (PQ_C2 - PQ_C3 * p), 1 / PQ_M1);
    }

    /** Inverse of {@link #pqToNits}. */
    public static double nitsToPq(double nits) {
        double y = Math.pow(Math.max(0, nits) / 10000, PQ_M1);
        return Math.pow((PQ_C1 + PQ_C2 * y) / (1 + PQ_C3 * y), PQ_M2);
    }

    /** The BT.1886 display's inverse EOTF (gamma 1/2.4): linear 0..1 to the signal sent to the screen. */
    public static double displayEncode(double linear) {
        return Math.pow(Math.min(1, Math.max(0, linear)), 1 / 2.4);
    }
}
