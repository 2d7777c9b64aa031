package dev.flowsmith.media.color;

/**
 * How the viewer turns a signal into the SDR BT.709 picture on screen.
 *
 * @param toneMap   the curve for PQ and HLG sources
 * @param sdrWhite  the HDR light level (cd/m²) shown as SDR white: 203, the BT.2408 HDR reference
 *                  white, by default; 100 reproduces FFmpeg's {@code zscale npl=100} chains
 * @param raw       show the signal's code values as they are: matrix and range applied, no transfer,
 *                  gamut or tone mapping (for grading: what the file holds, not how it should look)
 */
public record DisplayOptions(ToneMap toneMap, double sdrWhite, boolean raw) {
    public static final DisplayOptions DEFAULT = new DisplayOptions(ToneMap.BT2390, 203, false);
    public static final DisplayOptions RAW = new DisplayOptions(ToneMap.BT2390, 203, true);

    public DisplayOptions {
        if (toneMap == null || !(sdrWhite >= 48 && sdrWhite <= 1000)) {
            throw new IllegalArgumentException("SDR white must be 48-1000 cd/m², was " + sdrWhite);
        }
    }

    public DisplayOptions withRaw(boolean raw) {
        return new DisplayOptions(toneMap, sdrWhite, raw);
    }
}
