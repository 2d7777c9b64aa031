package dev.flowsmith.farm;

import dev.flowsmith.restoration.job.SegmentedWork;

/**
 * Turns a job's command and options into its segmented work on this worker (the command line's own parser and checks,
 * so a farm segment is made exactly as {@code flowsmith restore} would make it). Throws {@link IllegalArgumentException}
 * with one sentence for options this worker cannot run.
 */
@FunctionalInterface
public interface SegmentWorkFactory {
    SegmentedWork create(FarmJob job);
}
