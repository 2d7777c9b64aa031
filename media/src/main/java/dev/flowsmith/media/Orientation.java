package dev.flowsmith.media;

/**
 * How a decoded picture is turned for display, decided from the container's display matrix with
 * exactly the rules of the {@code ffmpeg} command line's autorotation (so our frames equal what
 * {@code ffmpeg -i in out.png} shows). Names follow FFmpeg's {@code transpose} filter.
 */
public enum Orientation {
    NONE(0, false),
    /** transpose=clock: 90 degrees clockwise. */
    CLOCKWISE(90, true),
    ROTATE_180(180, false),
    /** transpose=cclock: 90 degrees counter-clockwise. */
    COUNTER_CLOCKWISE(270, true),
    /** transpose=cclock_flip: a plain transpose, rows become columns. */
    TRANSPOSE(90, true),
    /** transpose=clock_flip: the anti-transpose. */
    ANTI_TRANSPOSE(270, true),
    HFLIP(0, false),
    VFLIP(0, false);

    private final int degrees;
    private final boolean swapsSize;

    Orientation(int degrees, boolean swapsSize) {
        this.degrees = degrees;
        this.swapsSize = swapsSize;
    }

    /** Clockwise rotation in degrees that a player applies (0, 90, 180, 270). */
    public int degrees() {
        return degrees;
    }

    public boolean swapsSize() {
        return swapsSize;
    }

    /**
     * The orientation for a display matrix (9 ints, 16.16 / 2.30 fixed point, FFmpeg layout),
     * following fftools' {@code get_rotation} and its transpose/flip choice.
     */
    static Orientation fromDisplayMatrix(int[] m, double rotationCcw) {
        if (m == null || Double.isNaN(rotationCcw)) {
            return NONE;
        }
        double theta = -Math.round(rotationCcw);
        theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
        if (Math.abs(theta - 90) < 1.0) {
            return m[3] > 0 ? TRANSPOSE : CLOCKWISE;
        } else if (Math.abs(theta - 180) < 1.0) {
            boolean h = m[0] < 0, v = m[4] < 0;
            return h && v ? ROTATE_180 : h ? HFLIP : v ? VFLIP : NONE;
        } else if (Math.abs(theta - 270) < 1.0) {
            return m[3] < 0 ? ANTI_TRANSPOSE : COUNTER_CLOCKWISE;
        } else if (Math.abs(theta) < 1.0) {
            return m[4] < 0 ? VFLIP : NONE;
        }
        return NONE; // arbitrary angles are not applied (FFmpeg would rotate with black corners)
    }

    /**
     * Applies this orientation to {@code planes} planes of {@code w x h} floats, writing into
     * {@code dst} (size {@code planes*w*h}; {@code dst} must not be {@code src}). The output is
     * {@code h x w} when {@link #swapsSize()}.
     */
    public void apply(float[] src, int w, int h, int planes, float[] dst) {
        int plane = w * h;
        int ow = swapsSize ? h : w, oh = swapsSize ? w : h;
        for (int p = 0; p < planes; p++) {
            int base = p * plane;
            for (int y = 0; y < oh; y++) {
                int row = base + y * ow;
                for (int x = 0; x < ow; x++) {
                    dst[row + x] = src[base + sourceIndex(x, y, w, h)];
                }
            }
        }
    }

    /** The same for one plane of packed 32-bit pixels (e.g. BGRA), {@code src} w x h into {@code dst}. */
    public void apply(int[] src, int w, int h, int[] dst) {
        int ow = swapsSize ? h : w, oh = swapsSize ? w : h;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                dst[y * ow + x] = src[sourceIndex(x, y, w, h)];
            }
        }
    }

    /** Index into a {@code w x h} source plane of the pixel shown at output (x, y). */
    private int sourceIndex(int x, int y, int w, int h) {
        switch (this) {
            case CLOCKWISE: return (h - 1 - x) * w + y;
            case COUNTER_CLOCKWISE: return x * w + (w - 1 - y);
            case TRANSPOSE: return x * w + y;
            case ANTI_TRANSPOSE: return (h - 1 - x) * w + (w - 1 - y);
            case ROTATE_180: return (h - 1 - y) * w + (w - 1 - x);
            case HFLIP: return y * w + (w - 1 - x);
            case VFLIP: return (h - 1 - y) * w + x;
            default: return y * w + x;
        }
    }
}
