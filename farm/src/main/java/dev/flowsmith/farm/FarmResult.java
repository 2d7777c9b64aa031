package dev.flowsmith.farm;

import java.util.List;

/**
 * A finished job: the output file, frames made, and every segment with the worker and try that made it (so "each
 * segment exactly once" can be checked); {@code leftOut} names source streams the output's container could not take.
 */
public record FarmResult(String output, long frames, List<SegmentDone> segments, List<String> leftOut) {
    public FarmResult {
        segments = List.copyOf(segments);
        leftOut = List.copyOf(leftOut);
    }

    public long reusedSegments() {
        return segments.stream().filter(s -> s.attempt() == 0).count();
    }
}
