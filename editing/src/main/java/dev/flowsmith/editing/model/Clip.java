package dev.flowsmith.editing.model;

/**
 * A piece of a source placed on a track: frames {@code [start, start + length)} of the timeline
 * show the source from {@code sourceIn} microseconds on, played as {@code style} says (speed,
 * direction, levels, transform). Clips of one source added together (its picture on a video track,
 * its sound on an audio track) share a non-zero {@code link} and are edited together. A title clip has
 * no media ({@code mediaId} null) and its text in {@code style.title()}.
 */
public record Clip(long id, String mediaId, long sourceIn, long start, long length, long link, ClipStyle style) {
    public Clip {
        if (length <= 0) {
            throw new IllegalArgumentException("clip " + id + " would have no frames");
        }
        if (start < 0 || sourceIn < 0) {
            throw new IllegalArgumentException("clip " + id + " would start before zero");
        }
        if (style == null) {
            style = ClipStyle.DEFAULT;
        }
        if ((mediaId == null) != (style.title() != null)) {
            throw new IllegalArgumentException("clip " + id + (mediaId == null ? " has neither media nor a title" : " has both media and a title"));
        }
        if (style.fadeIn() + style.fadeOut() > length) {
            throw new IllegalArgumentException("clip " + id + "'s fades (" + style.fadeIn() + " + " + style.fadeOut()
                    + " frames) are longer than the clip (" + length + ")");
        }
        if (!style.volume().isEmpty() && style.volume().get(style.volume().size() - 1).frame() > length) {
            throw new IllegalArgumentException("clip " + id + " has a volume keyframe after its end");
        }
        if (style.transitionIn() > length) {
            throw new IllegalArgumentException("clip " + id + "'s transition (" + style.transitionIn()
                    + " frames) is longer than the clip (" + length + ")");
        }
    }

    public Clip(long id, String mediaId, long sourceIn, long start, long length, long link) {
        this(id, mediaId, sourceIn, start, length, link, ClipStyle.DEFAULT);
    }

    public static Clip title(long id, long start, long length, TitleSpec title) {
        return new Clip(id, null, 0, start, length, 0, ClipStyle.DEFAULT.withTitle(title));
    }

    public boolean isTitle() {
        return mediaId == null;
    }

    /** First frame after the clip. */
    public long end() {
        return start + length;
    }

    public boolean covers(long frame) {
        return frame >= start && frame < end();
    }

    public boolean overlaps(long from, long to) {
        return start < to && from < end();
    }

    /**
     * Source time (microseconds) shown at clip frame {@code k} (0 = the clip's first frame; may be past
     * its end, for the tail a transition plays on into): {@code sourceIn + k x speed} frame times, or the
     * same range backwards when reversed.
     */
    public long sourceAt(long k, FrameRate rate) {
        long j = style.reverse() ? length - 1 - k : k;
        return Math.max(0, sourceIn + Math.round(j * style.speed() * 1_000_000.0 * rate.den() / rate.num()));
    }

    /** Microseconds of source the clip plays. */
    public long sourceSpan(FrameRate rate) {
        return Math.round(length * style.speed() * 1_000_000.0 * rate.den() / rate.num());
    }

    /** Opacity/gain factor of the fades at clip frame {@code k}: k/N in a fade in, (length-k)/N in a fade out. */
    public double fadeAt(long k) {
        double f = 1;
        if (k < style.fadeIn()) {
            f = (double) k / style.fadeIn();
        }
        long fromEnd = length - k;
        if (fromEnd <= style.fadeOut()) {
            f = Math.min(f, (double) fromEnd / style.fadeOut());
        }
        return f;
    }

    /** Source microseconds that {@code frames} timeline frames of this clip play. */
    public long spanOf(long frames, FrameRate rate) {
        return Math.round(frames * style.speed() * 1_000_000.0 * rate.den() / rate.num());
    }

    /**
     * The clip without its first {@code d} frames (negative: with {@code -d} more), starting at {@code newStart}.
     * Forwards that moves the source in point; reversed, the first frames are the source range's end.
     */
    public Clip trimStart(long d, long newStart, FrameRate rate) {
        long si = isTitle() || style.reverse() ? sourceIn : sourceIn + spanOf(d, rate);
        // volume keyframes stay at their place in the sound: re-based to the new first frame
        var volume = d >= 0 ? VolumePoint.slice(style.volume(), d, length)
                : style.volume().stream().map(p -> new VolumePoint(p.frame() - d, p.db())).toList();
        return new Clip(id, mediaId, Math.max(0, si), newStart, length - d, link, fitted(style.withVolume(volume), length - d));
    }

    /** The clip with {@code d} more frames at its end (negative: fewer). */
    public Clip trimEnd(long d, FrameRate rate) {
        long si = !isTitle() && style.reverse() ? sourceIn - spanOf(d, rate) : sourceIn;
        return new Clip(id, mediaId, Math.max(0, si), start, length + d, link, fitted(style, length + d));
    }

    public Clip movedTo(long newStart) {
        return new Clip(id, mediaId, sourceIn, newStart, length, link, style);
    }

    /** The same clip over other frames; fades and the transition are shortened to fit. */
    public Clip with(long newSourceIn, long newStart, long newLength) {
        return new Clip(id, mediaId, newSourceIn, newStart, newLength, link, fitted(style, newLength));
    }

    public Clip withIdAndLink(long newId, long newLink) {
        return new Clip(newId, mediaId, sourceIn, start, length, newLink, style);
    }

    public Clip withStyle(ClipStyle s) {
        return new Clip(id, mediaId, sourceIn, start, length, link, s);
    }

    /** {@code s} with fades and transition no longer than {@code len} frames together. */
    public static ClipStyle fitted(ClipStyle s, long len) {
        long in = Math.min(s.fadeIn(), len), out = Math.min(s.fadeOut(), len - in);
        boolean volumeFits = s.volume().isEmpty() || s.volume().get(s.volume().size() - 1).frame() <= len;
        return s.withFades(in, out).withTransitionIn(Math.min(s.transitionIn(), len))
                .withVolume(volumeFits ? s.volume() : VolumePoint.slice(s.volume(), 0, len));
    }
}
