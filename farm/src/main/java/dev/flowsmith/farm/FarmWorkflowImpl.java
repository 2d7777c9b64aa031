package dev.flowsmith.farm;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans the job (one coordinator activity), dispatches every segment at once (the workers' slots limit how many run),
 * retries failed segments with exponential backoff (1 s doubling to a minute, {@code maxAttempts} tries), hands a
 * segment whose worker stops heartbeating to another worker, lets a poison segment fail alone while the others finish,
 * then joins and remuxes (one coordinator activity). Workflow code: deterministic, no I/O, no clocks.
 */
public final class FarmWorkflowImpl implements FarmWorkflow {
    private String stage = "planning";
    private int segments;
    private long totalFrames;
    private final TreeMap<Integer, SegmentDone> finished = new TreeMap<>();
    private final TreeSet<Integer> running = new TreeSet<>();
    private final List<String> failed = new ArrayList<>();

    @Override
    public FarmResult run(FarmJob job) {
        RetryOptions retry = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1)).setMaximumAttempts(job.maxAttempts())
                .setDoNotRetry(FarmFailures.DO_NOT_RETRY.toArray(String[]::new)).build();
        FarmActivities coordinator = Workflow.newActivityStub(FarmActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(FarmJob.COORDINATOR_QUEUE).setStartToCloseTimeout(Duration.ofHours(6))
                .setHeartbeatTimeout(Duration.ofSeconds(job.heartbeatSeconds())).setRetryOptions(retry).build());
        FarmActivities workers = Workflow.newActivityStub(FarmActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(job.queue()).setStartToCloseTimeout(Duration.ofHours(24))
                .setHeartbeatTimeout(Duration.ofSeconds(job.heartbeatSeconds())).setRetryOptions(retry).build());
        try {
            FarmPlan plan = coordinator.plan(job);
            segments = plan.segments();
            totalFrames = plan.totalFrames();
            for (SegmentDone d : plan.reused()) {
                finished.put(d.index(), d);
            }
            stage = "running";
            List<Promise<SegmentDone>> made = new ArrayList<>();
            for (SegmentTask t : plan.todo()) {
                running.add(t.index());
                made.add(Async.function(workers::render, job, t));
            }
            for (int i = 0; i < made.size(); i++) {
                SegmentTask t = plan.todo().get(i);
                try {
                    SegmentDone d = made.get(i).get();
                    finished.put(d.index(), d);
                } catch (ActivityFailure f) {
                    if (CancellationScope.current().isCancelRequested()) {
                        throw f;
                    }
                    failed.add(t.label() + ": " + reason(f));
                } finally {
                    running.remove(t.index());
                }
            }
            if (!failed.isEmpty()) {
                stage = "failed";
                throw ApplicationFailure.newNonRetryableFailure(failed.size() + " of " + segments + " segment(s) failed ("
                        + String.join("; ", failed) + "); the " + finished.size() + " finished segment(s) are kept: fix the "
                        + "cause and run 'flowsmith farm resume " + job.id() + "'.", FarmFailures.SEGMENTS_FAILED);
            }
            stage = "joining";
            List<SegmentDone> ordered = new ArrayList<>(finished.values());
            ordered.sort(Comparator.comparingInt(SegmentDone::index));
            FarmResult result = coordinator.join(job, ordered);
            stage = "done";
            return result;
        } catch (CanceledFailure c) {
            stage = "cancelled";
            throw c;
        } catch (ActivityFailure f) {
            if (CancellationScope.current().isCancelRequested()) {
                stage = "cancelled";
                throw new CanceledFailure("The job was cancelled; " + finished.size() + " finished segment(s) are kept.");
            }
            stage = "failed";
            throw ApplicationFailure.newNonRetryableFailure(reason(f), FarmFailures.SEGMENTS_FAILED);
        }
    }

    /** The sentence behind an activity's failure: the worker's own words, or what the server saw (a timeout). */
    static String reason(ActivityFailure f) {
        Throwable c = f.getCause();
        if (c instanceof ApplicationFailure a) {
            return a.getOriginalMessage();
        }
        if (c instanceof TimeoutFailure t) {
            return "no worker finished it in time (" + t.getTimeoutType().name().toLowerCase(java.util.Locale.ROOT)
                    .replace("timeout_type_", "").replace('_', ' ') + " timeout)";
        }
        return c instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(c);
    }

    @Override
    public FarmProgress progress() {
        long frames = finished.values().stream().mapToLong(SegmentDone::frames).sum();
        return new FarmProgress(stage, segments, new ArrayList<>(finished.keySet()), new ArrayList<>(running),
                new ArrayList<>(failed), frames, totalFrames);
    }
}
