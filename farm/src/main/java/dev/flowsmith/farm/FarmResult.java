package dev.flowsmith.farm;

import java.util.List;

/**
 * A finished job: the output file, source frames made, the frames the output holds ({@code outputFrames}: more
 * than {@code frames} for an interpolation; 0 when it could not be counted), and every segment with the worker and try that made it (so "each
 * segment exactly once" can be checked); {@code leftOut} names source streams the output's container could not take.
 */
public record FarmResult(String output, long frames, long outputFrames, List<SegmentDone> segments, List<String> leftOut) {
    public FarmResult {
        segments = List.copyOf(segments);
        leftOut = List.copyOf(leftOut);
    }

    /** What the user's file holds: the output's count when known, else the frames made. */
    public long framesWritten() {
        return outputFrames > 0 ? outputFrames : frames;
    }

    public long reusedSegments() {
        return segments.stream().filter(s -> s.attempt() == 0).count();
    }
}
