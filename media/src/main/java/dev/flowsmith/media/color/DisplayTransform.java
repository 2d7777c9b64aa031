package dev.flowsmith.media.color;

/**
 * The per-pixel conversion from a decoded picture (three 16-bit planes) to the 8-bit BT.709 BGRA the
 * screen shows. One instance per (signal, options); building it precomputes every table, so a frame
 * costs a few multiplies and table reads per pixel.
 * <p>
 * Input planes hold Y', Cb, Cr (or G', B', R' for {@link YCbCrMatrix#RGB}) as FFmpeg's 16-bit
 * formats store an N-bit source: the code shifted left by 16 - N. Steps:
 * <ol>
 * <li>range and matrix: codes to R'G'B' 0..1 (limited range: 16-235 / 16-240 scaled to the depth);</li>
 * <li>SDR in a BT.709-like gamut, or {@link DisplayOptions#raw()}: R'G'B' is sent to the screen as it is
 * (the BT.709 / BT.1886 display is what it was graded on);</li>
 * <li>otherwise to linear light by the transfer (PQ in cd/m²; HLG through the BT.2100 OOTF for a
 * 1000 cd/m² display, system gamma 1.2; SDR through BT.1886), to BT.709 primaries through XYZ, tone
 * mapped (HDR) with {@link ToneMap} on the brightest channel, out-of-gamut colours desaturated towards
 * their own luminance until they fit (not clipped per channel, which shifts hue), then encoded for a
 * BT.1886 display.</li>
 * </ol>
 */
public final class DisplayTransform {
    private final ColorSignal signal;
    private final DisplayOptions options;
    private final float[] k = new float[12]; // r = k0*a + k1*b + k2*c + k3, g = k4.., b = k8..
    private final boolean fast;
    /** Entries of the signal-to-linear table (interpolated): 16 KB, so it stays in the L1 cache. */
    private static final int LINEAR_STEPS = 4096;
    private final float[] toLinear;
    private final float[] gamut; // null: already BT.709
    private final FloatBitsTable hlgGain;
    private final FloatBitsTable toneRatio;
    private final FloatBitsTable encode;

    public DisplayTransform(ColorSignal signal, DisplayOptions options) {
        this.signal = signal;
        this.options = options;
        coefficients(signal);
        Transfer t = signal.transfer();
        boolean wide = signal.primaries().wide();
        fast = options.raw() || (!t.hdr() && !wide && t != Transfer.LINEAR && t != Transfer.GAMMA28);
        if (fast) {
            toLinear = null;
            gamut = null;
            hlgGain = null;
            toneRatio = null;
            encode = null;
            return;
        }
        toLinear = new float[LINEAR_STEPS + 2];
        for (int i = 0; i < toLinear.length; i++) {
            toLinear[i] = (float) t.toLinear(Math.min(1.0, i / (double) LINEAR_STEPS));
        }
        if (wide) {
            double[] m = signal.primaries().toBt709();
            gamut = new float[9];
            for (int i = 0; i < 9; i++) {
                gamut[i] = (float) m[i];
            }
        } else {
            gamut = null;
        }
        hlgGain = t == Transfer.HLG ? new FloatBitsTable(ys -> HdrLevels.DEFAULT_PEAK * Math.pow(ys, 0.2), 1e-7f, 1f) : null;
        if (t.hdr()) {
            double peak = signal.levels().sourcePeak(t);
            double white = options.sdrWhite();
            ToneMap op = options.toneMap();
            toneRatio = new FloatBitsTable(n -> op.apply(n, peak, white) / n, 1e-4f, 10000f);
        } else {
            toneRatio = null;
        }
        encode = new FloatBitsTable(Transfer::displayEncode, 0x1p-24f, 1f);
    }

    public ColorSignal signal() {
        return signal;
    }

    public DisplayOptions options() {
        return options;
    }

    /** True when the conversion is matrix and range only (SDR BT.709-like, or raw). */
    public boolean matrixOnly() {
        return fast;
    }

    /** What the viewer does with this signal, in words ("PQ tone-mapped to SDR (BT.2390)"). */
    public String describe() {
        Transfer t = signal.transfer();
        if (options.raw()) {
            return "raw signal (no tone or gamut mapping)";
        }
        if (t.hdr()) {
            return (t == Transfer.PQ ? "PQ" : "HLG") + " tone-mapped to SDR (" + switch (options.toneMap()) {
                case BT2390 -> "BT.2390";
                case HABLE -> "Hable";
                case CLIP -> "clip";
            } + ")";
        }
        return signal.primaries().wide() ? "gamut-mapped to BT.709" : "BT.709 display";
    }

    private void coefficients(ColorSignal s) {
        int n = s.bitDepth();
        double unit = 1 << (16 - n);
        double ys, yo, cs, co;
        if (s.fullRange()) {
            ys = 1 / (((1 << n) - 1) * unit);
            yo = 0;
            cs = ys;
            co = (1 << (n - 1)) * unit;
        } else {
            ys = 1 / (219.0 * 256);
            yo = 16.0 * 256;
            cs = 1 / (224.0 * 256);
            co = 128.0 * 256;
        }
        YCbCrMatrix m = s.matrix();
        if (m == YCbCrMatrix.RGB) {
            // planes are G, B, R; all three scaled like luma
            set(0, 0, 0, ys, -yo * ys);
            set(4, ys, 0, 0, -yo * ys);
            set(8, 0, ys, 0, -yo * ys);
            return;
        }
        double kr = m.kr, kb = m.kb, kg = m.kg();
        double rCr = 2 * (1 - kr), bCb = 2 * (1 - kb);
        double gCr = -rCr * kr / kg, gCb = -bCb * kb / kg;
        // value = ys*(Y - yo) + a*cs*(Cb - co) + b*cs*(Cr - co)
        set(0, ys, 0, rCr * cs, -yo * ys - rCr * cs * co);
        set(4, ys, gCb * cs, gCr * cs, -yo * ys - (gCb + gCr) * cs * co);
        set(8, ys, bCb * cs, 0, -yo * ys - bCb * cs * co);
    }

    private void set(int at, double a, double b, double c, double d) {
        k[at] = (float) a;
        k[at + 1] = (float) b;
        k[at + 2] = (float) c;
        k[at + 3] = (float) d;
    }

    /**
     * Converts {@code count} pixels from the planes (unsigned 16-bit codes, Y'/Cb/Cr or G'/B'/R')
     * starting at {@code from} into opaque BGRA at {@code out[4*outFrom]}.
     */
    public void toBgra(short[] p0, short[] p1, short[] p2, int from, int count, byte[] out, int outFrom) {
        final float k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5], k6 = k[6], k7 = k[7];
        final float k8 = k[8], k9 = k[9], k10 = k[10], k11 = k[11];
        int o = 4 * outFrom;
        final int end = from + count;
        if (fast) {
            for (int i = from; i < end; i++, o += 4) {
                float a = p0[i] & 0xFFFF, b = p1[i] & 0xFFFF, c = p2[i] & 0xFFFF;
                out[o] = code(k8 * a + k9 * b + k10 * c + k11);
                out[o + 1] = code(k4 * a + k5 * b + k6 * c + k7);
                out[o + 2] = code(k0 * a + k1 * b + k2 * c + k3);
                out[o + 3] = (byte) 255;
            }
            return;
        }
        for (int i = from; i < end; i++, o += 4) {
            float a = p0[i] & 0xFFFF, b = p1[i] & 0xFFFF, c = p2[i] & 0xFFFF;
            linearPixel(k0 * a + k1 * b + k2 * c + k3, k4 * a + k5 * b + k6 * c + k7, k8 * a + k9 * b + k10 * c + k11, out, o);
            out[o + 3] = (byte) 255;
        }
    }

    private static byte code(float v) {
        int c = (int) (v * 255 + 0.5f);
        return (byte) (c < 0 ? 0 : Math.min(c, 255));
    }

    private void linearPixel(float rs, float gs, float bs, byte[] out, int o) {
        float r = linear(rs), g = linear(gs), b = linear(bs);
        if (hlgGain != null) {
            float gain = hlgGain.get(0.2627f * r + 0.6780f * g + 0.0593f * b);
            r *= gain;
            g *= gain;
            b *= gain;
        }
        if (gamut != null) {
            float[] m = gamut;
            float r2 = m[0] * r + m[1] * g + m[2] * b;
            float g2 = m[3] * r + m[4] * g + m[5] * b;
            float b2 = m[6] * r + m[7] * g + m[8] * b;
            r = r2;
            g = g2;
            b = b2;
        }
        if (toneRatio != null) {
            float max = Math.max(r, Math.max(g, b));
            float s = max > 0 ? toneRatio.get(max) : 0;
            r *= s;
            g *= s;
            b *= s;
        }
        float min = Math.min(r, Math.min(g, b));
        if (min < 0) {
            float y = 0.2126f * r + 0.7152f * g + 0.0722f * b;
            if (y <= 0) {
                r = g = b = 0;
            } else {
                float t = y / (y - min); // pulls the most negative channel exactly to 0
                r = y + t * (r - y);
                g = y + t * (g - y);
                b = y + t * (b - y);
            }
        }
        out[o] = encoded(b);
        out[o + 1] = encoded(g);
        out[o + 2] = encoded(r);
    }

    private byte encoded(float linear) {
        int c = (int) (encode.get(linear) * 255 + 0.5f);
        return (byte) Math.min(255, Math.max(0, c));
    }

    private float linear(float v) {
        float x = v <= 0 ? 0 : v >= 1 ? LINEAR_STEPS : v * LINEAR_STEPS;
        int i = (int) x;
        float lo = toLinear[i];
        return lo + (x - i) * (toLinear[i + 1] - lo);
    }
}
