package dev.flowsmith.media.color;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transfer functions and tone curves against published values and the properties the standards ask for. */
class ToneCurvesTest {

    @Test
    void pqMatchesSt2084ReferenceValues() {
        // ST 2084 / BT.2100 table values: 100 cd/m2 -> 0.5081, 1000 -> 0.7518, 10000 -> 1.0
        assertEquals(0.5081, Transfer.nitsToPq(100), 5e-4);
        assertEquals(0.7518, Transfer.nitsToPq(1000), 5e-4);
        assertEquals(1.0, Transfer.nitsToPq(10000), 1e-9);
        for (double n : new double[]{0.01, 1, 48, 203, 600, 4000}) {
            assertEquals(n, Transfer.pqToNits(Transfer.nitsToPq(n)), n * 1e-9);
        }
    }

    @Test
    void hlgInverseOetfMeetsAtTheBreakpoint() {
        // BT.2100: E' = 0.5 is scene light 1/12 from both branches; E' = 1 is scene light 1
        assertEquals(1.0 / 12, Transfer.HLG.toLinear(0.5), 1e-9);
        assertEquals(1.0 / 12, Transfer.HLG.toLinear(0.5 + 1e-9), 1e-6);
        assertEquals(1.0, Transfer.HLG.toLinear(1.0), 1e-6);
    }

    @Test
    void bt2390KeepsTheDarkPartAndLandsThePeakOnTheTarget() {
        double peak = 1000, target = 203;
        assertEquals(target, ToneMap.bt2390(peak, peak, target), 1e-6);
        assertEquals(50, ToneMap.bt2390(50, peak, target), 1e-9, "below the knee the picture is untouched");
        double previous = 0;
        for (double n = 1; n <= peak; n *= 1.05) {
            double out = ToneMap.bt2390(n, peak, target);
            assertTrue(out >= previous - 1e-9, "monotonic at " + n);
            assertTrue(out <= target + 1e-9, "never above the target at " + n);
            previous = out;
        }
        assertEquals(100, ToneMap.bt2390(100, 150, 203), 1e-9, "a source dimmer than the target is not mapped");
    }

    @Test
    void everyCurveIsMonotonicAndBoundedInDisplayLight() {
        for (ToneMap op : ToneMap.values()) {
            double previous = 0;
            for (double n = 0.1; n <= 4000; n *= 1.1) {
                double v = op.apply(n, 4000, 203);
                assertTrue(v >= previous - 1e-12 && v <= 1, op + " at " + n + ": " + v);
                previous = v;
            }
            assertEquals(1, op.apply(4000, 4000, 203), 1e-6, op + " maps the peak to white");
        }
    }

    @Test
    void primariesMatricesKeepWhiteAndMatchBt2087() {
        double[] m = Primaries.BT2020.toBt709();
        // ITU-R BT.2087 Annex: BT.2020 -> BT.709 linear matrix
        double[] expected = {1.6605, -0.5876, -0.0728, -0.1246, 1.1329, -0.0083, -0.0182, -0.1006, 1.1187};
        for (int i = 0; i < 9; i++) {
            assertEquals(expected[i], m[i], 2e-3, "element " + i);
        }
        for (Primaries p : Primaries.values()) {
            if (p == Primaries.DCI_P3 || p == Primaries.BT470M || p == Primaries.FILM) {
                continue; // other white point: white is not (1,1,1) in BT.709 without adaptation
            }
            double[] w = Primaries.multiply(p.toBt709(), new double[]{1, 1, 1});
            assertEquals(1, w[0], 1e-3, p + " white R");
            assertEquals(1, w[1], 1e-3, p + " white G");
            assertEquals(1, w[2], 1e-3, p + " white B");
        }
    }

    @Test
    void floatBitsTableIsAccurateAcrossDecades() {
        FloatBitsTable t = new FloatBitsTable(Transfer::displayEncode, 0x1p-24f, 1f);
        for (double x = 1e-6; x <= 1; x *= 1.37) {
            assertEquals(Transfer.displayEncode(x), t.get((float) x), Transfer.displayEncode(x) * 1e-3 + 1e-7, "at " + x);
        }
        assertEquals(0, t.get(0f));
        assertEquals(1, t.get(2f), 1e-6);
    }
}
