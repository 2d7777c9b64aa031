package dev.flowsmith.media.color;

/**
 * The HDR light-level metadata of a stream or frame, in cd/m²; 0 where absent: content light level
 * (MaxCLL, MaxFALL, CTA-861.3) and the mastering display's luminance range (SMPTE ST 2086).
 */
public record HdrLevels(double maxCll, double maxFall, double masteringMax, double masteringMin) {
    public static final HdrLevels NONE = new HdrLevels(0, 0, 0, 0);

    /** 1000 cd/m²: the usual HDR10 grade and the BT.2100 HLG reference display, assumed when nothing is said. */
    public static final double DEFAULT_PEAK = 1000;

    public HdrLevels {
        maxCll = sane(maxCll);
        maxFall = sane(maxFall);
        masteringMax = sane(masteringMax);
        masteringMin = masteringMin > 0 && masteringMin < 50 ? masteringMin : 0;
    }

    private static double sane(double v) {
        return Double.isFinite(v) && v >= 10 && v <= 10000 ? v : 0; // values outside this are tagging errors
    }

    /**
     * The brightest light the picture holds: MaxCLL when given, else the mastering display's peak,
     * else {@link #DEFAULT_PEAK} (PQ) or the HLG reference display's 1000 cd/m². Never above 10000.
     */
    public double sourcePeak(Transfer transfer) {
        if (transfer == Transfer.HLG) {
            return DEFAULT_PEAK;
        }
        if (maxCll > 0) {
            return masteringMax > 0 ? Math.min(maxCll, masteringMax) : maxCll;
        }
        return masteringMax > 0 ? masteringMax : DEFAULT_PEAK;
    }

    public boolean present() {
        return maxCll > 0 || masteringMax > 0;
    }
}
