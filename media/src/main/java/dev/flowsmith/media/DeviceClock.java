package dev.flowsmith.media;

/**
 * A sound device's play position turned into a smooth clock. Devices report their position in steps (the
 * PulseAudio ALSA plugin moves it a period, about 20 ms, at a time), so the raw position lags what is heard
 * by half a step on average and pictures timed against it come late by as much. Here the position is
 * carried forward by the system timer from the moment it last moved, never further than the largest step
 * seen (a device that stops must not let the clock run away) and never backwards (a step that comes in
 * behind the carried-forward value holds the clock until the device catches up).
 */
final class DeviceClock {
    private final int rate;
    private long stepPosition = -1;
    private long stepNanos;
    private long largestStep;
    private long lastGiven;

    DeviceClock(int rate) {
        this.rate = rate;
    }

    /** Tells the clock the device's position {@code frames} read at {@code nanos} (System.nanoTime). */
    synchronized void observe(long frames, long nanos) {
        if (frames != stepPosition) {
            if (stepPosition >= 0 && frames > stepPosition) {
                largestStep = Math.max(largestStep, Math.min(frames - stepPosition, rate / 10));
            }
            stepPosition = frames;
            stepNanos = nanos;
        }
    }

    /** The position now: the last step carried forward by the time since it was taken. */
    synchronized long frames(long nanos) {
        if (stepPosition < 0) {
            return 0;
        }
        long carried = Math.min((nanos - stepNanos) * rate / 1_000_000_000L, largestStep);
        lastGiven = Math.max(lastGiven, stepPosition + Math.max(0, carried));
        return lastGiven;
    }
}
