package dev.flowsmith.media;

/**
 * Frames per second and time left of a running job, measured from its first progress report rather than from the
 * start, so set-up (loading a model, the first optical flows, a resumed job's skipped frames) does not enter the
 * rate; no time left is claimed until a few frames and a second have been measured ("13:18" for a job that took 49 s
 * came from the first frame's set-up cost). The rate is the mean over the whole measured span: steady, and honest
 * about a job that slows down.
 */
public final class ThroughputEstimate {
    private static final long MIN_FRAMES = 3;
    private static final double MIN_SECONDS = 1.0;
    private long firstDone = -1, firstNanos;
    private double fps = Double.NaN;

    /** Takes a report: {@code done} frames finished at {@code nowNanos}. */
    public void update(long done, long nowNanos) {
        if (firstDone < 0) {
            firstDone = done;
            firstNanos = nowNanos;
            return;
        }
        double secs = (nowNanos - firstNanos) / 1e9;
        long frames = done - firstDone;
        if (frames > 0 && secs > 0) {
            fps = frames / secs;
        }
    }

    /** Measured frames per second, NaN before the second report. */
    public double fps() {
        return fps;
    }

    /** Seconds left for {@code total} frames at the measured rate; NaN until enough was measured or without a total. */
    public double secondsLeft(long done, long total, long nowNanos) {
        if (total <= 0 || Double.isNaN(fps) || done - firstDone < MIN_FRAMES || (nowNanos - firstNanos) / 1e9 < MIN_SECONDS) {
            return Double.NaN;
        }
        return Math.max(0, total - done) / fps;
    }
}
