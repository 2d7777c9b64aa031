package dev.flowsmith.editing.keyframes;

/** sRGB (0..1, D65) to CIE Lab, for perceptual colour comparisons. */
final class ColorSpaces {
    private ColorSpaces() {
    }

    static void rgbToLab(float r, float g, float b, float[] out, int o) {
        double lr = linear(r), lg = linear(g), lb = linear(b);
        double x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
        double y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
        double z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        out[o] = (float) (116 * fy - 16);
        out[o + 1] = (float) (500 * (fx - fy));
        out[o + 2] = (float) (200 * (fy - fz));
    }

    private static double linear(float c) {
        double v = Math.max(0, Math.min(1, c));
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
