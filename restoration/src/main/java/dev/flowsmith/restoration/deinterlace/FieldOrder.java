package dev.flowsmith.restoration.deinterlace;

/**
 * How a frame's two fields were taken: the top field (even rows, counting from 0) first, the bottom field first, or
 * both at once (progressive: nothing to deinterlace).
 */
public enum FieldOrder {
    TOP_FIRST, BOTTOM_FIRST, PROGRESSIVE;

    /** The rows (0: even, the top field; 1: odd) of field {@code sub} of a frame: 0 the earlier, 1 the later. */
    public int parity(int sub) {
        return this == BOTTOM_FIRST ? 1 - sub : sub;
    }

    /** "tff", "bff", "progressive": as the command line and FFmpeg's idet name them. */
    public String shortName() {
        return switch (this) {
            case TOP_FIRST -> "tff";
            case BOTTOM_FIRST -> "bff";
            case PROGRESSIVE -> "progressive";
        };
    }
}
