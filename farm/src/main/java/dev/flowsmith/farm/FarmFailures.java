package dev.flowsmith.farm;

import java.util.List;

/**
 * The failure types the farm tells apart. A {@link #POISON} segment fails the same way wherever it runs (its input
 * cannot be decoded or restored, an option does not fit the file): it is not retried, it is reported, and the other
 * segments still finish. Anything else (a dead worker, a full disk, storage that a worker does not see) is retried
 * with backoff, on whichever worker takes it next.
 */
public final class FarmFailures {
    /** Bad input or settings: the same on every worker, never retried. */
    public static final String POISON = "PoisonSegment";
    /** A worker sees another file, or none, at the job's path: retried (another worker may see it right). */
    public static final String STORAGE = "StorageMismatch";
    /** The job cannot start (output exists, an interrupted run must be resumed or removed): not retried. */
    public static final String REFUSED = "JobRefused";
    /** Segments that failed for good: the workflow's own failure type. */
    public static final String SEGMENTS_FAILED = "SegmentsFailed";

    /** The types a segment is never retried for. */
    public static final List<String> DO_NOT_RETRY = List.of(POISON, REFUSED);

    private FarmFailures() {
    }
}
