package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.MediaRef;

/**
 * A stretch of the rendered picture: timeline frames {@code [start, start + length)} show
 * {@code media} from {@code sourceIn} microseconds on unchanged; or, when {@code composite}, are drawn
 * frame by frame by the {@link Compositor} (several layers, titles, fades, speed, transforms); or are
 * black (a gap: no media and not composite).
 */
public record VideoPiece(long start, long length, MediaRef media, long sourceIn, boolean composite) {
    public VideoPiece(long start, long length, MediaRef media, long sourceIn) {
        this(start, length, media, sourceIn, false);
    }

    public static VideoPiece composite(long start, long length) {
        return new VideoPiece(start, length, null, 0, true);
    }

    public boolean isGap() {
        return media == null && !composite;
    }

    public long end() {
        return start + length;
    }
}
