package dev.flowsmith.farm;

/** Segment {@code index}: frames {@code [firstFrame, firstFrame + maxFrames)}, fewer where the input ends. */
public record SegmentTask(int index, long firstFrame, long maxFrames) {
    /** "segment 3 (frames 240-359)", for messages; an open-ended last segment says "from frame 240". */
    public String label() {
        return maxFrames >= Long.MAX_VALUE / 2 ? "segment " + index + " (from frame " + firstFrame + ")"
                : "segment " + index + " (frames " + firstFrame + "-" + (firstFrame + maxFrames - 1) + ")";
    }
}
