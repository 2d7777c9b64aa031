package dev.flowsmith.media;

import org.bytedeco.ffmpeg.avutil.AVRational;

/** An exact fraction, as FFmpeg keeps frame rates and time bases. A zero denominator means unknown. */
public record Rational(int num, int den) {
    public static final Rational UNKNOWN = new Rational(0, 0);

    static Rational of(AVRational r) {
        return r == null ? UNKNOWN : new Rational(r.num(), r.den());
    }

    AVRational toAv() {
        return new AVRational().num(num).den(den);
    }

    /** {@code value} counted in this time base, as a count of {@code to}'s units (FFmpeg's av_rescale_q: exact, rounded). */
    public long rescale(long value, Rational to) {
        return equals(to) ? value : org.bytedeco.ffmpeg.global.avutil.av_rescale_q(value, toAv(), to.toAv());
    }

    public boolean isKnown() {
        return num != 0 && den != 0;
    }

    public double toDouble() {
        return isKnown() ? (double) num / den : Double.NaN;
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
