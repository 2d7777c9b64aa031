package dev.flowsmith.farm;

import java.util.List;

/** The job split into segments: those to make ({@code todo}) and those an interrupted run left finished ({@code reused}). */
public record FarmPlan(int segmentFrames, long totalFrames, List<SegmentTask> todo, List<SegmentDone> reused) {
    public FarmPlan {
        todo = List.copyOf(todo);
        reused = List.copyOf(reused);
    }

    public int segments() {
        return todo.size() + reused.size();
    }
}
