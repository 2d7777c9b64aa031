package dev.flowsmith.restoration.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of a segmented job, kept as JSON beside its output: what is being made (input
 * identity, processor and encoder description, segment length) and which segments are finished,
 * each with its checksum. A resume continues after the last finished segment whose file still
 * matches its checksum.
 */
public final class JobManifest {
    public static final int VERSION = 1;

    /** One finished segment: frames [firstFrame, firstFrame + frames). */
    public record Segment(int index, long firstFrame, long frames, String file, String sha256) {
    }

    public int version = VERSION;
    public String input;
    public long inputSize;
    public long inputModified;
    /** SHA-256 of the input's size and its first and last MiB: a file replaced with the same size and time is caught. */
    public String inputFingerprint;
    public String processor;
    public String encoder;
    public int segmentFrames;
    public long totalFrames;
    public List<Segment> segments = new ArrayList<>();

    /** A manifest for work on {@code input}, with its identity (path, size, time, fingerprint) filled in. */
    public static JobManifest forInput(java.nio.file.Path input) {
        JobManifest m = new JobManifest();
        try {
            m.input = input.toAbsolutePath().normalize().toString();
            m.inputSize = java.nio.file.Files.size(input);
            m.inputModified = java.nio.file.Files.getLastModifiedTime(input).toMillis();
            m.inputFingerprint = dev.flowsmith.media.FileFingerprint.of(input);
        } catch (java.io.IOException e) {
            throw new dev.flowsmith.media.MediaException("'" + input.getFileName() + "' cannot be read.", e.toString(), e);
        }
        return m;
    }

    /** True when this manifest describes the same work (so its segments can be reused). */
    boolean sameJob(JobManifest other) {
        return version == other.version && input.equals(other.input) && inputSize == other.inputSize
                && inputModified == other.inputModified && java.util.Objects.equals(inputFingerprint, other.inputFingerprint)
                && processor.equals(other.processor)
                && encoder.equals(other.encoder) && segmentFrames == other.segmentFrames;
    }

    String difference(JobManifest other) {
        if (!input.equals(other.input) || inputSize != other.inputSize || inputModified != other.inputModified
                || !java.util.Objects.equals(inputFingerprint, other.inputFingerprint)) {
            return "the input file changed";
        }
        if (!processor.equals(other.processor)) {
            return "the restore settings differ (" + other.processor + " vs " + processor + ")";
        }
        if (!encoder.equals(other.encoder)) {
            return "the encoder settings differ";
        }
        return "the segment length differs";
    }
}
