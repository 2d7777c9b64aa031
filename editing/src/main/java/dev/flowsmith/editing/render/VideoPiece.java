package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.MediaRef;

/**
 * A stretch of the rendered picture: timeline frames {@code [start, start + length)} show
 * {@code media} from {@code sourceIn} microseconds on, or black when {@code media} is null (a gap).
 */
public record VideoPiece(long start, long length, MediaRef media, long sourceIn) {
    public boolean isGap() {
        return media == null;
    }

    public long end() {
        return start + length;
    }
}
