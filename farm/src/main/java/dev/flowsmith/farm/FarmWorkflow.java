package dev.flowsmith.farm;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One video's job on the farm: plan the segments, make them on the workers, join them. */
@WorkflowInterface
public interface FarmWorkflow {
    @WorkflowMethod
    FarmResult run(FarmJob job);

    @QueryMethod
    FarmProgress progress();
}
