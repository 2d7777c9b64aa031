package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.Rational;

/**
 * Where the output frames fall on the source's time line: output frame {@code j} shows the source at
 * {@code j / rate} seconds after its first frame (exact integer arithmetic in microseconds, so a resumed job
 * places every frame where an uninterrupted one did). With slow motion the frames are made at {@code rate} but
 * labelled at {@code playback} (the source's rate), so the picture plays {@code rate / playback} times longer.
 */
public record OutputClock(Rational rate, Rational playback) {
    public OutputClock {
        if (!rate.isKnown() || !playback.isKnown() || rate.num() <= 0 || rate.den() <= 0 || playback.num() <= 0) {
            throw new IllegalArgumentException("rates " + rate + " / " + playback);
        }
    }

    /** Source time (microseconds after the first frame) of output frame {@code j}. */
    public long sourceMicros(long j) {
        return Math.floorDiv(j * 1_000_000L * rate.den(), rate.num());
    }

    /** The first output frame at or after source time {@code micros}. */
    public long firstAtOrAfter(long micros) {
        return -Math.floorDiv(-micros * rate.num(), 1_000_000L * rate.den());
    }

    public boolean slowMotion() {
        return !rate.equals(playback);
    }

    /** How many times longer the output plays than the source. */
    public double stretch() {
        return rate.toDouble() / playback.toDouble();
    }
}
