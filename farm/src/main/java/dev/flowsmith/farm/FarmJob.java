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
    /** Where the jobs' workflows and their plan and join run: workers that coordinate (the default) and the dev server. */
    public static final String COORDINATOR_QUEUE = "flowsmith-coordinator";

    public FarmJob {
        arguments = List.copyOf(arguments);
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("tries per segment must be 1 to 100, not " + maxAttempts);
        }
        if (heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
            throw new IllegalArgumentException("the heartbeat timeout must be 1 to 3600 seconds, not " + heartbeatSeconds);
        }
    }

    /** {@code restore-clip-1a2b3c4d}: readable, and one per output path (the id a job gets unless the user names one). */
    public static String defaultId(String command, java.nio.file.Path output) {
        java.nio.file.Path out = output.toAbsolutePath().normalize();
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(out.toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return command + "-" + stem.substring(0, Math.min(stem.length(), 60)) + "-" + java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same job, set to reuse what an interrupted run finished. */
    public FarmJob resumed() {
        return new FarmJob(id, command, arguments, input, output, inputSize, inputFingerprint, overwrite, queue, maxAttempts,
                heartbeatSeconds, true);
    }
}
