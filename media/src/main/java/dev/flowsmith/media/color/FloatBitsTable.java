package dev.flowsmith.media.color;

/**
 * A lookup table for a smooth function over several decades, indexed by the top bits of the
 * argument's IEEE float representation (exponent and the leading mantissa bits): equal relative
 * precision everywhere, one array read per call, no logarithm. Arguments below the range give
 * {@code f(low)} scaled linearly to 0; above it, {@code f(high)}.
 */
final class FloatBitsTable {
    private static final int MANTISSA_BITS = 10;
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
            // the value at the middle of the bucket, so rounding errors are centred
            float lo = Float.intBitsToFloat((base + i) << SHIFT);
            float hi = Float.intBitsToFloat((base + i + 1) << SHIFT);
            table[i] = (float) f.applyAsDouble(0.5 * (lo + hi));
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
        return table[(Float.floatToRawIntBits(x) >>> SHIFT) - base];
    }
}
