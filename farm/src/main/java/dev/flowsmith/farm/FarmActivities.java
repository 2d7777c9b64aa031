package dev.flowsmith.farm;

import io.temporal.activity.ActivityInterface;

import java.util.List;

/**
 * The work the farm hands to workers. {@code plan} and {@code join} are the coordinator's (one call each per job);
 * {@code render} makes one segment, heartbeating its progress.
 */
@ActivityInterface
public interface FarmActivities {
    FarmPlan plan(FarmJob job);

    SegmentDone render(FarmJob job, SegmentTask task);

    FarmResult join(FarmJob job, List<SegmentDone> segments);
}
