package dev.flowsmith.editing.model;

/**
 * Where a video clip's picture sits in the project's frame: first cropped (source pixels off each
 * edge), then fitted to the frame as every clip is (aspect kept, centred), then scaled about the
 * frame's centre, rotated (degrees, clockwise) and moved by {@code x, y} project pixels.
 */
public record Transform(double x, double y, double scale, double rotation, int cropLeft, int cropTop, int cropRight,
                        int cropBottom) {
    public static final Transform IDENTITY = new Transform(0, 0, 1, 0, 0, 0, 0, 0);

    public Transform {
        if (!(scale >= 0.01 && scale <= 100)) {
            throw new IllegalArgumentException("scale must be between 1% and 10000%, not " + scale);
        }
        if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > 100_000 || Math.abs(y) > 100_000) {
            throw new IllegalArgumentException("position " + x + ", " + y + " is out of range");
        }
        if (!Double.isFinite(rotation) || Math.abs(rotation) > 3600) {
            throw new IllegalArgumentException("rotation " + rotation + " is out of range");
        }
        if (cropLeft < 0 || cropTop < 0 || cropRight < 0 || cropBottom < 0) {
            throw new IllegalArgumentException("crop cannot be negative");
        }
    }

    public boolean isIdentity() {
        return equals(IDENTITY);
    }

    public boolean crops() {
        return cropLeft + cropTop + cropRight + cropBottom > 0;
    }
}
