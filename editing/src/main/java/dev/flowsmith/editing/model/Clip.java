package dev.flowsmith.editing.model;

/**
 * A piece of a source placed on a track: frames {@code [start, start + length)} of the timeline
 * show the source from {@code sourceIn} microseconds on. Clips of one source added together (its
 * picture on a video track, its sound on an audio track) share a non-zero {@code link} and are
 * edited together.
 */
public record Clip(long id, String mediaId, long sourceIn, long start, long length, long link) {
    public Clip {
        if (length <= 0) {
            throw new IllegalArgumentException("clip " + id + " would have no frames");
        }
        if (start < 0 || sourceIn < 0) {
            throw new IllegalArgumentException("clip " + id + " would start before zero");
        }
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

    public Clip movedTo(long newStart) {
        return new Clip(id, mediaId, sourceIn, newStart, length, link);
    }

    public Clip with(long newSourceIn, long newStart, long newLength) {
        return new Clip(id, mediaId, newSourceIn, newStart, newLength, link);
    }

    public Clip withIdAndLink(long newId, long newLink) {
        return new Clip(newId, mediaId, sourceIn, start, length, newLink);
    }
}
