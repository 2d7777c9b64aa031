package dev.flowsmith.farm;

import dev.flowsmith.media.FileFingerprint;
import io.temporal.failure.ApplicationFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The farm's storage contract in this version: inputs and outputs lie on a path every worker mounts (NFS, SMB). Before
 * any work a worker checks that it sees the file the job was submitted with (size, and SHA-256 over the size and the
 * first and last MiB) and the output's folder; otherwise it refuses with one sentence, and the segment is retried,
 * perhaps on a worker that sees it right.
 */
public final class SharedStorage {
    private SharedStorage() {
    }

    /** Throws a retryable {@link FarmFailures#STORAGE} failure unless this machine sees the job's input and output folder. */
    public static void verify(FarmJob job, String worker) {
        Path in = Path.of(job.input());
        Path outDir = Path.of(job.output()).getParent();
        if (!Files.isRegularFile(in)) {
            throw storage("Worker " + worker + " does not see the input '" + in + "': mount the farm's shared storage at the same "
                    + "path on every worker.");
        }
        if (outDir == null || !Files.isDirectory(outDir)) {
            throw storage("Worker " + worker + " does not see the output folder '" + outDir + "': mount the farm's shared storage "
                    + "at the same path on every worker.");
        }
        long size;
        try {
            size = Files.size(in);
        } catch (IOException e) {
            throw storage("Worker " + worker + " cannot read the input '" + in + "' (" + e.getMessage() + ").");
        }
        if (size != job.inputSize() || !FileFingerprint.of(in).equals(job.inputFingerprint())) {
            throw storage("Worker " + worker + " sees another file at '" + in + "' (" + size + " bytes, the job was submitted with "
                    + job.inputSize() + "): mount the same storage on every worker, or resubmit if the file was replaced.");
        }
    }

    private static ApplicationFailure storage(String sentence) {
        return ApplicationFailure.newFailure(sentence, FarmFailures.STORAGE);
    }
}
