package dev.flowsmith.media.color;

/**
 * The colour primaries and white point of a stream (CIE 1931 xy), and the linear-light matrix that
 * takes its RGB to BT.709 RGB through XYZ.
 */
public enum Primaries {
    BT709(0.64, 0.33, 0.30, 0.60, 0.15, 0.06, 0.3127, 0.3290),
    BT470M(0.67, 0.33, 0.21, 0.71, 0.14, 0.08, 0.310, 0.316),
    BT470BG(0.64, 0.33, 0.29, 0.60, 0.15, 0.06, 0.3127, 0.3290),
    SMPTE170M(0.630, 0.340, 0.310, 0.595, 0.155, 0.070, 0.3127, 0.3290),
    FILM(0.681, 0.319, 0.243, 0.692, 0.145, 0.049, 0.310, 0.316),
    BT2020(0.708, 0.292, 0.170, 0.797, 0.131, 0.046, 0.3127, 0.3290),
    DCI_P3(0.680, 0.320, 0.265, 0.690, 0.150, 0.060, 0.314, 0.351),
    DISPLAY_P3(0.680, 0.320, 0.265, 0.690, 0.150, 0.060, 0.3127, 0.3290),
    EBU3213(0.630, 0.340, 0.295, 0.605, 0.155, 0.077, 0.3127, 0.3290);

    private final double[] xy;

    Primaries(double... xy) {
        this.xy = xy;
    }

    /** FFmpeg's {@code AVColorPrimaries} code, or null when unspecified or not displayable. */
    public static Primaries ofCode(int code) {
        return switch (code) {
            case 1 -> BT709;
            case 4 -> BT470M;
            case 5 -> BT470BG;
            case 6, 7 -> SMPTE170M;
            case 8 -> FILM;
            case 9 -> BT2020;
            case 11 -> DCI_P3;
            case 12 -> DISPLAY_P3;
            case 22 -> EBU3213;
            default -> null;
        };
    }

    /**
     * True for gamuts markedly wider than BT.709 (BT.2020, P3, film, NTSC 1953), which the display
     * conversion maps into BT.709. The SD primaries (SMPTE C, EBU) are within a few percent of BT.709
     * and are shown as they are, as FFmpeg and most players do.
     */
    public boolean wide() {
        return this == BT2020 || this == DCI_P3 || this == DISPLAY_P3 || this == FILM || this == BT470M;
    }

    /** Row-major 3x3 matrix from this space's linear RGB to CIE XYZ (Y of white = 1). */
    public double[] toXyz() {
        double[][] p = {xyz(xy[0], xy[1]), xyz(xy[2], xy[3]), xyz(xy[4], xy[5])};
        double[] w = xyz(xy[6], xy[7]);
        double[] m = {p[0][0], p[1][0], p[2][0], p[0][1], p[1][1], p[2][1], p[0][2], p[1][2], p[2][2]};
        double[] s = multiply(invert(m), w);
        return new double[]{m[0] * s[0], m[1] * s[1], m[2] * s[2], m[3] * s[0], m[4] * s[1], m[5] * s[2],
                m[6] * s[0], m[7] * s[1], m[8] * s[2]};
    }

    /** Row-major matrix from this space's linear RGB to linear BT.709 RGB. */
    public double[] toBt709() {
        return product(invert(BT709.toXyz()), toXyz());
    }

    private static double[] xyz(double x, double y) {
        return new double[]{x / y, 1, (1 - x - y) / y};
    }

    static double[] multiply(double[] m, double[] v) {
        return new double[]{m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
                m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    static double[] product(double[] a, double[] b) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return r;
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[]{(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
                (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
                (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }
}
