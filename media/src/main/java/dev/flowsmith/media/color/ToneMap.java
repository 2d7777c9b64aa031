package dev.flowsmith.media.color;

/**
 * HDR to SDR tone curves, applied by {@link DisplayTransform} to the brightest of R, G, B in linear
 * BT.709 light (the other two scaled by the same factor, so hue and saturation are kept, as FFmpeg's
 * {@code tonemap} filter does). Input is cd/m²; output is display light 0..1, where 1 is the SDR
 * display's white, which stands for {@code white} cd/m² of the HDR signal.
 */
public enum ToneMap {
    /**
     * ITU-R BT.2390 EETF (section 5.4.1): identity in the PQ domain up to a knee at 1.5 x target - 0.5
     * (normalised PQ), then a Hermite spline that lands the source peak exactly on the target peak.
     * Below the knee the picture is untouched, so mid-tones and faces keep their brightness.
     */
    BT2390,
    /** John Hable's filmic curve, normalised to the source peak: FFmpeg's {@code tonemap=hable}. */
    HABLE,
    /** Hard clip at the SDR white: what a player without tone mapping shows. */
    CLIP;

    /** Display light 0..1 for {@code nits} of a source whose brightest light is {@code peak} cd/m². */
    public double apply(double nits, double peak, double white) {
        if (nits <= 0) {
            return 0;
        }
        return switch (this) {
            case CLIP -> Math.min(1, nits / white);
            case HABLE -> Math.min(1, hable(nits / white) / hable(peak / white));
            case BT2390 -> Math.min(1, bt2390(nits, peak, white) / white);
        };
    }

    private static double hable(double x) {
        double a = 0.15, b = 0.50, c = 0.10, d = 0.20, e = 0.02, f = 0.30;
        return (x * (x * a + b * c) + d * e) / (x * (x * a + b) + d * f) - e / f;
    }

    /** BT.2390 EETF from a source peak to a target peak (both cd/m², black 0): returns cd/m². */
    static double bt2390(double nits, double sourcePeak, double targetPeak) {
        if (sourcePeak <= targetPeak) {
            return Math.min(nits, targetPeak);
        }
        double srcPq = Transfer.nitsToPq(sourcePeak);
        double e1 = Transfer.nitsToPq(nits) / srcPq;
        double maxLum = Transfer.nitsToPq(targetPeak) / srcPq;
        double ks = 1.5 * maxLum - 0.5;
        double e2;
        if (e1 < ks) {
            e2 = e1;
        } else if (e1 >= 1) {
            e2 = maxLum;
        } else {
            double t = (e1 - ks) / (1 - ks), t2 = t * t, t3 = t2 * t;
            e2 = (2 * t3 - 3 * t2 + 1) * ks + (t3 - 2 * t2 + t) * (1 - ks) + (-2 * t3 + 3 * t2) * maxLum;
        }
        return Transfer.pqToNits(e2 * srcPq);
    }
}
