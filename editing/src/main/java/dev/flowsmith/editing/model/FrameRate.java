package dev.flowsmith.editing.model;

/**
 * The timeline's clock: positions and lengths are whole frames at this rate, source times are
 * microseconds. Conversions round to the nearest frame so an edit made at a frame boundary stays on it.
 */
public record FrameRate(int num, int den) {
    public static final FrameRate FPS_30 = new FrameRate(30, 1);

    public FrameRate {
        if (num <= 0 || den <= 0) {
            throw new IllegalArgumentException("frame rate must be positive, got " + num + "/" + den);
        }
    }

    public double fps() {
        return (double) num / den;
    }

    /** Start time of frame {@code frames}, in microseconds (rounded). */
    public long micros(long frames) {
        return Math.round(frames * 1_000_000.0 * den / num);
    }

    /** The frame whose start is nearest to {@code micros}. */
    public long frames(long micros) {
        return Math.round(micros * (double) num / (den * 1_000_000.0));
    }

    /** Whole frames that fit in {@code micros} (a source's length in timeline frames). */
    public long framesIn(long micros) {
        return (long) Math.floor(micros * (double) num / (den * 1_000_000.0) + 1e-3); // a thousandth of a frame absorbs microsecond rounding
    }

    /** hh:mm:ss:ff time code of a frame. */
    public String timecode(long frame) {
        int base = (int) Math.round(fps());
        long f = Math.max(0, frame);
        long secs = f / base;
        return String.format("%02d:%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60, f % base);
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
