package dev.flowsmith.media.color;

/**
 * The Y'CbCr to R'G'B' matrix of a stream, by its luma weights Kr and Kb (ITU-R BT.601, BT.709,
 * BT.2020 non-constant luminance, SMPTE 240M, FCC), or {@link #RGB} for sources stored as R'G'B'.
 */
public enum YCbCrMatrix {
    BT601(0.299, 0.114),
    BT709(0.2126, 0.0722),
    BT2020_NCL(0.2627, 0.0593),
    SMPTE240M(0.212, 0.087),
    FCC(0.30, 0.11),
    /** The planes already hold G', B', R' (FFmpeg's GBR planar order). */
    RGB(0, 0);

    public final double kr;
    public final double kb;

    YCbCrMatrix(double kr, double kb) {
        this.kr = kr;
        this.kb = kb;
    }

    public double kg() {
        return 1 - kr - kb;
    }

    /**
     * The matrix for FFmpeg's {@code AVColorSpace} code, or null when the stream does not say (or
     * says something Flowsmith does not display, such as YCgCo or ICtCp; the caller then falls back
     * to {@link #guess}).
     */
    public static YCbCrMatrix ofCode(int code) {
        return switch (code) {
            case 0 -> RGB;
            case 1 -> BT709;
            case 4 -> FCC;
            case 5, 6 -> BT601;
            case 7 -> SMPTE240M;
            case 9, 10 -> BT2020_NCL; // constant luminance (10) is shown with the NCL matrix: rare, close
            default -> null;
        };
    }

    /**
     * The usual default for an untagged stream, as players do: BT.2020 with BT.2020 primaries,
     * BT.601 for standard definition (up to 1024x576), BT.709 above.
     */
    public static YCbCrMatrix guess(int width, int height, Primaries primaries) {
        if (primaries == Primaries.BT2020) {
            return BT2020_NCL;
        }
        return width <= 1024 && height <= 576 ? BT601 : BT709;
    }
}
