package dev.flowsmith.media.color;

/**
 * A lookup table for a smooth function over several decades, indexed by the top bits of the
 * argument's IEEE float representation (exponent and the leading 6 mantissa bits: 64 entries per
 * octave) and interpolated linearly with the rest: equal relative precision everywhere, a table small
 * enough for the L1 cache (a few KB), no logarithm. Arguments below the range give {@code f(low)}
 * scaled linearly to 0; above it, {@code f(high)}.
 */
final class FloatBitsTable {
    private static final int MANTISSA_BITS = 6;
    private static final int SHIFT = 23 - MANTISSA_BITS;
    private final float low;
    private final float high;
    private final int base;
    private final float[] table;
    private final float atLow;
    private final float atHigh;

    FloatBitsTable(java.util.function.DoubleUnaryOperator f, float low, float high) {
        this.low = low;
        this.high = high;
        base = Float.floatToRawIntBits(low) >>> SHIFT;
        int top = Float.floatToRawIntBits(high) >>> SHIFT;
        table = new float[top - base + 2];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) f.applyAsDouble(Float.intBitsToFloat((base + i) << SHIFT)); // at the bucket's start
        }
        atLow = (float) f.applyAsDouble(low);
        atHigh = (float) f.applyAsDouble(high);
    }

    float get(float x) {
        if (x <= low) {
            return x <= 0 ? 0 : atLow * (x / low);
        }
        if (x >= high) {
            return atHigh;
        }
        int bits = Float.floatToRawIntBits(x);
        int i = (bits >>> SHIFT) - base;
        float frac = (bits & ((1 << SHIFT) - 1)) * (1f / (1 << SHIFT)); // position inside the bucket (linear in x)
        return table[i] + frac * (table[i + 1] - table[i]);
    }
}
