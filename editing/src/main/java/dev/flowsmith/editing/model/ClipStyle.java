package dev.flowsmith.editing.model;

import java.util.List;

/**
 * How a clip plays, beyond which frames of which source: sound level and fades, picture opacity and
 * transform, speed and direction, a transition from the clip before it, or a title's text.
 * <ul>
 * <li>{@code gainDb}: sound level change in dB (audio clips), -60..+24.</li>
 * <li>{@code fadeIn}, {@code fadeOut}: frames at the clip's start and end over which it fades from and to
 * nothing, linearly (audio: gain i/N over the samples; video: opacity k/N, so a fade on the lowest track
 * is a fade from black).</li>
 * <li>{@code opacity}: 0..1, video clips over the tracks below.</li>
 * <li>{@code speed}: 0.25..4 (2 plays twice as fast); {@code reverse} plays the same source range
 * backwards. Sound of clips not at 1x forwards is muted (no time-stretch), as the studio says.</li>
 * <li>{@code volume}: volume keyframes (audio clips), dB moving linearly between them, on top of the gain.</li>
 * <li>{@code transitionIn}: the first frames over which this clip dissolves (video) or crossfades (audio)
 * from the clip ending where it starts on the same track, which plays on into them from its source.</li>
 * </ul>
 */
public record ClipStyle(double gainDb, long fadeIn, long fadeOut, double opacity, Transform transform, double speed,
                        boolean reverse, long transitionIn, TitleSpec title, List<VolumePoint> volume) {
    public static final ClipStyle DEFAULT = new ClipStyle(0, 0, 0, 1, Transform.IDENTITY, 1, false, 0, null, List.of());

    /** Without volume keyframes. */
    public ClipStyle(double gainDb, long fadeIn, long fadeOut, double opacity, Transform transform, double speed,
                     boolean reverse, long transitionIn, TitleSpec title) {
        this(gainDb, fadeIn, fadeOut, opacity, transform, speed, reverse, transitionIn, title, List.of());
    }
    public static final double MIN_SPEED = 0.25, MAX_SPEED = 4, MIN_GAIN_DB = -60, MAX_GAIN_DB = 24;

    public ClipStyle {
        if (!(gainDb >= MIN_GAIN_DB && gainDb <= MAX_GAIN_DB)) {
            throw new IllegalArgumentException("gain must be between -60 and +24 dB, not " + gainDb);
        }
        if (fadeIn < 0 || fadeOut < 0 || transitionIn < 0) {
            throw new IllegalArgumentException("fades and transitions cannot be negative");
        }
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity must be between 0 and 100%, not " + opacity);
        }
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be between 0.25x and 4x, not " + speed);
        }
        if (transform == null) {
            throw new IllegalArgumentException("transform is required");
        }
        volume = VolumePoint.checked(volume);
    }

    /** Linear gain of {@code gainDb}. */
    public double gain() {
        return Math.pow(10, gainDb / 20);
    }

    /** True when the clip's sound is played (1x forwards). */
    public boolean soundPlays() {
        return speed == 1 && !reverse;
    }

    public ClipStyle withGainDb(double v) {
        return new ClipStyle(v, fadeIn, fadeOut, opacity, transform, speed, reverse, transitionIn, title, volume);
    }

    public ClipStyle withFades(long in, long out) {
        return new ClipStyle(gainDb, in, out, opacity, transform, speed, reverse, transitionIn, title, volume);
    }

    public ClipStyle withOpacity(double v) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, v, transform, speed, reverse, transitionIn, title, volume);
    }

    public ClipStyle withTransform(Transform t) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, opacity, t, speed, reverse, transitionIn, title, volume);
    }

    public ClipStyle withSpeed(double s, boolean rev) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, opacity, transform, s, rev, transitionIn, title, volume);
    }

    public ClipStyle withTransitionIn(long frames) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, opacity, transform, speed, reverse, frames, title, volume);
    }

    public ClipStyle withVolume(List<VolumePoint> v) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, opacity, transform, speed, reverse, transitionIn, title, v);
    }

    public ClipStyle withTitle(TitleSpec t) {
        return new ClipStyle(gainDb, fadeIn, fadeOut, opacity, transform, speed, reverse, transitionIn, t, volume);
    }
}
