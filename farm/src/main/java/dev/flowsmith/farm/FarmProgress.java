package dev.flowsmith.farm;

import java.util.List;

/**
 * Where a job stands, as its workflow knows it: planning, running, joining, done, failed or cancelled; segments
 * finished, running and failed, with frames finished of the total. Running segments' frames come from their workers'
 * heartbeats ({@link FarmClient#status}).
 */
public record FarmProgress(String stage, int segments, List<Integer> finished, List<Integer> running, List<String> failed,
                           long framesFinished, long totalFrames) {
    public FarmProgress {
        finished = List.copyOf(finished);
        running = List.copyOf(running);
        failed = List.copyOf(failed);
    }
}
