package dev.flowsmith.media.color;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-pixel conversion at its edges: out-of-range codes, monotonic grey ramps, raw vs mapped. */
class DisplayTransformTest {
    private static final int[][] CODES = {{1, 1, 2}, {1, 2, 2}, {9, 2, 2}, {9, 1, 16}, {9, 1, 18}, {0, 2, 13}};

    private static ColorSignal signal(int matrix, int range, int primaries, int transfer, int depth) {
        return ColorSignal.resolve(matrix, range, primaries, transfer, 1920, 1080, depth, false, HdrLevels.NONE);
    }

    @Test
    void extremeCodesNeverWrapAndGreyRampsRiseMonotonically() {
        for (int[] c : CODES) {
            for (int range = 1; range <= 2; range++) {
                for (DisplayOptions o : new DisplayOptions[]{DisplayOptions.DEFAULT, DisplayOptions.RAW,
                        new DisplayOptions(ToneMap.HABLE, 100, false)}) {
                    DisplayTransform t = new DisplayTransform(signal(c[0], range, c[1], c[2], 10), o);
                    int n = 65536 / 64;
                    short[] y = new short[n], cb = new short[n], cr = new short[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = (short) (i * 64);
                        cb[i] = (short) 32768;
                        cr[i] = (short) 32768;
                    }
                    byte[] out = new byte[4 * n];
                    t.toBgra(y, cb, cr, 0, n, out, 0);
                    String what = java.util.Arrays.toString(c) + " range " + range + " " + o;
                    assertEquals(0, out[0 + 1] & 255, "code 0 is black: " + what);
                    assertEquals(255, out[4 * (n - 1) + 1] & 255, "the top code is white (not wrapped): " + what);
                    for (int i = 1; i < n; i++) {
                        assertTrue((out[4 * i + 1] & 255) >= (out[4 * (i - 1) + 1] & 255), "monotonic at " + i + ": " + what);
                    }
                    // extreme chroma: every channel stays 0..255 (bytes cannot say otherwise) and alpha is opaque
                    short[] hi = {(short) 65535}, lo = {0};
                    byte[] px = new byte[4];
                    t.toBgra(hi, lo, hi, 0, 1, px, 0);
                    assertEquals(255, px[3] & 255);
                }
            }
        }
    }

    @Test
    void rawShowsTheSignalWhileTheDefaultToneMapsIt() {
        ColorSignal pq = signal(9, 1, 9, 16, 10);
        DisplayTransform mapped = new DisplayTransform(pq, DisplayOptions.DEFAULT);
        DisplayTransform raw = new DisplayTransform(pq, DisplayOptions.RAW);
        // PQ code for 203 cd/m2 (HDR reference white) on grey: the default shows it as SDR white
        double e = Transfer.nitsToPq(203);
        short[] y = {(short) Math.round((16 + 219 * e) * 256)}, c = {(short) 32768};
        byte[] a = new byte[4], b = new byte[4];
        mapped.toBgra(y, c, c, 0, 1, a, 0);
        raw.toBgra(y, c, c, 0, 1, b, 0);
        // BT.2390 starts its roll-off below the target, so reference white lands a little under SDR white
        assertTrue((a[1] & 255) >= 220, "203 cd/m2 shows bright when tone-mapped: " + (a[1] & 255));
        short[] peak = {(short) Math.round((16 + 219 * Transfer.nitsToPq(1000)) * 256)};
        byte[] p = new byte[4];
        mapped.toBgra(peak, c, c, 0, 1, p, 0);
        assertEquals(255, p[1] & 255, "the (assumed) 1000 cd/m2 peak is SDR white");
        assertEquals(Math.round(e * 255), b[1] & 255, 1, "raw shows the PQ code value itself");
        assertTrue(raw.matrixOnly());
        assertTrue(mapped.describe().contains("BT.2390"));
    }

    @Test
    void untaggedBt2020MatrixIsShownWithBt2020PrimariesAndGamutMapped() {
        ColorSignal s = ColorSignal.resolve(9, 1, 2, 2, 426, 240, 10, false, HdrLevels.NONE);
        assertEquals(Primaries.BT2020, s.primaries());
        DisplayTransform t = new DisplayTransform(s, DisplayOptions.DEFAULT);
        assertEquals("gamut-mapped to BT.709", t.describe());
        // pure BT.2020 green is outside BT.709: it is desaturated towards its luminance, not clipped to a
        // different hue: red and blue rise together from 0 and green stays the largest
        double kr = 0.2627, kb = 0.0593, kg = 1 - kr - kb;
        double yv = kg, cbv = -kg / (2 * (1 - kb)), crv = -kg / (2 * (1 - kr));
        short[] y = {(short) Math.round((16 + 219 * yv) * 256)};
        short[] cb = {(short) Math.round((128 + 224 * cbv) * 256)}, cr = {(short) Math.round((128 + 224 * crv) * 256)};
        byte[] px = new byte[4];
        t.toBgra(y, cb, cr, 0, 1, px, 0);
        int b = px[0] & 255, g = px[1] & 255, r = px[2] & 255;
        assertTrue(g > r && g > b && g > 150, "green stays green: " + r + "," + g + "," + b);
    }

    @Test
    void lightLevelsChangeThePeakAndAbsurdOnesAreIgnored() {
        assertEquals(4000, new HdrLevels(4000, 400, 4000, 0.005).sourcePeak(Transfer.PQ));
        assertEquals(1000, new HdrLevels(0, 0, 1000, 0.0001).sourcePeak(Transfer.PQ));
        assertEquals(HdrLevels.DEFAULT_PEAK, new HdrLevels(65535, 0, 0, 0).sourcePeak(Transfer.PQ), "65535 is a tagging error");
        assertEquals(HdrLevels.DEFAULT_PEAK, HdrLevels.NONE.sourcePeak(Transfer.PQ));
        ColorSignal dim = ColorSignal.resolve(9, 1, 9, 16, 1920, 1080, 10, false, new HdrLevels(600, 0, 600, 0));
        ColorSignal bright = ColorSignal.resolve(9, 1, 9, 16, 1920, 1080, 10, false, new HdrLevels(4000, 0, 4000, 0));
        short[] y = {(short) Math.round((16 + 219 * Transfer.nitsToPq(500)) * 256)}, c = {(short) 32768};
        byte[] a = new byte[4], b = new byte[4];
        new DisplayTransform(dim, DisplayOptions.DEFAULT).toBgra(y, c, c, 0, 1, a, 0);
        new DisplayTransform(bright, DisplayOptions.DEFAULT).toBgra(y, c, c, 0, 1, b, 0);
        assertTrue((a[1] & 255) > (b[1] & 255), "500 cd/m2 is nearer white when the peak is 600 than when it is 4000");
    }
}
