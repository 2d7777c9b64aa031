package dev.flowsmith.farm;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

import java.util.concurrent.TimeUnit;

/**
 * {@code flowsmith worker}: polls one task queue of the farm's server (outward connections only: no port opened here,
 * no code received) and runs up to {@code slots} segments at once, plus the workflows' own decisions. Stopping it
 * stops its segments at their next frame; the server hands them to other workers.
 */
public final class FarmWorker implements AutoCloseable {
    private final WorkerFactory factory;
    private final FarmActivitiesImpl activities;

    private FarmWorker(WorkerFactory factory, FarmActivitiesImpl activities) {
        this.factory = factory;
        this.activities = activities;
    }

    /**
     * Starts polling {@code queue} for segments and, with {@code coordinate}, the coordinator queue for the jobs'
     * decisions, plans and joins; {@code queue} null: coordinates only. {@code events} gets a line per segment started,
     * finished or failed here.
     */
    public static FarmWorker start(FarmConnection connection, String queue, int slots, SegmentWorkFactory works, String identity,
                                   boolean coordinate, java.util.function.Consumer<String> events) {
        if (slots < 1 || slots > 256) {
            throw new IllegalArgumentException("--slots must be 1 to 256, not " + slots + ".");
        }
        // no sticky workflow cache: a worker killed while it held a job's cache would otherwise leave that job's next
        // decisions waiting on its private queue (the dev server does not time such queues out); our workflows'
        // histories are short, so replaying one per decision costs little
        WorkerFactory factory = WorkerFactory.newInstance(connection.client(),
                io.temporal.worker.WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
        FarmActivitiesImpl activities = new FarmActivitiesImpl(works, identity, events);
        if (queue != null) {
            // heartbeats carry the frames made: sent every 2 s (the SDK would wait up to 0.8 of the 60-s timeout), so
            // status and the studio's queue show a segment's progress as it happens
            Worker w = factory.newWorker(queue, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(slots)
                    .setMaxConcurrentWorkflowTaskExecutionSize(2).setDefaultHeartbeatThrottleInterval(java.time.Duration.ofSeconds(2))
                    .setMaxHeartbeatThrottleInterval(java.time.Duration.ofSeconds(2)).build());
            w.registerActivitiesImplementations(activities);
        }
        if (coordinate || queue == null) {
            Worker c = factory.newWorker(FarmJob.COORDINATOR_QUEUE);
            c.registerWorkflowImplementationTypes(FarmWorkflowImpl.class);
            c.registerActivitiesImplementations(activities);
        }
        factory.start();
        return new FarmWorker(factory, activities);
    }

    /** Blocks until the worker is stopped. */
    public void awaitTermination() {
        while (!factory.isTerminated()) {
            factory.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        activities.stopAll();
        factory.shutdown();
        factory.awaitTermination(30, TimeUnit.SECONDS);
    }
}
