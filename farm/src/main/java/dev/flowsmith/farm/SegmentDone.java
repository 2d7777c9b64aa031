package dev.flowsmith.farm;

/**
 * A finished segment as it lies on the shared storage: its file (in the job folder), checksum and frames, and who made
 * it on which try ({@code attempt} 0 = reused from an interrupted run). Also written beside the file as
 * {@code segment-NNNNN.json}, which is how a resumed job finds it.
 */
public record SegmentDone(int index, long firstFrame, long frames, String file, String sha256, String worker, int attempt) {
}
