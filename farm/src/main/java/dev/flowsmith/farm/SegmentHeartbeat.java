package dev.flowsmith.farm;

/** What a worker reports while it makes a segment: which one, frames written so far, and who it is. */
public record SegmentHeartbeat(int index, long frames, String worker) {
}
