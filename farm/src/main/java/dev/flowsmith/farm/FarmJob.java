package dev.flowsmith.farm;

import java.util.List;

/**
 * One video's job as the farm runs it: which Flowsmith command ({@code restore}) with which options, on which files
 * (absolute paths every worker sees), and how it is run. {@code inputSize} and {@code inputFingerprint} are what the
 * submitting machine saw, so a worker that mounts other storage refuses instead of making another film's frames.
 *
 * @param id               the workflow id: one running job per id
 * @param command          the Flowsmith command each segment runs ({@code restore})
 * @param arguments        its options as the command line takes them, without IN and OUT
 * @param queue            the task queue of the workers that take it ({@code flowsmith-cpu}, {@code flowsmith-gpu})
 * @param maxAttempts      tries per segment before it is reported as failed
 * @param heartbeatSeconds a worker silent this long is taken for dead and its segment handed to another
 * @param resume           reuse the finished segments of an interrupted run of the same job
 */
public record FarmJob(String id, String command, List<String> arguments, String input, String output, long inputSize,
                      String inputFingerprint, boolean overwrite, String queue, int maxAttempts, int heartbeatSeconds,
                      boolean resume) {
    public static final String CPU_QUEUE = "flowsmith-cpu", GPU_QUEUE = "flowsmith-gpu";

    public FarmJob {
        arguments = List.copyOf(arguments);
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("tries per segment must be 1 to 100, not " + maxAttempts);
        }
        if (heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
            throw new IllegalArgumentException("the heartbeat timeout must be 1 to 3600 seconds, not " + heartbeatSeconds);
        }
    }

    /** The same job, set to reuse what an interrupted run finished. */
    public FarmJob resumed() {
        return new FarmJob(id, command, arguments, input, output, inputSize, inputFingerprint, overwrite, queue, maxAttempts,
                heartbeatSeconds, true);
    }
}
