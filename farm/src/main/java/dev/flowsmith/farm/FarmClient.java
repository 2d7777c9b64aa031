package dev.flowsmith.farm;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Submitting, watching, cancelling and resuming farm jobs: what {@code flowsmith submit} and {@code flowsmith farm} do. */
public final class FarmClient {
    private final FarmConnection connection;

    public FarmClient(FarmConnection connection) {
        this.connection = connection;
    }

    /** A running segment as its worker last reported it. */
    public record RunningSegment(int index, long frames, String worker, int attempt, String lastFailure) {
    }

    /** A job's state: the server's ({@code RUNNING}, {@code COMPLETED}, {@code FAILED} ...), the workflow's progress, and its running segments. */
    public record Status(String id, String state, FarmProgress progress, List<RunningSegment> running, String queue) {
    }

    /** Starts {@code job}; refused with a sentence while a job with its id runs. */
    public void submit(FarmJob job) {
        FarmWorkflow wf = connection.client().newWorkflowStub(FarmWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(job.id()).setTaskQueue(FarmJob.COORDINATOR_QUEUE).build());
        try {
            WorkflowClient.start(wf::run, job);
        } catch (WorkflowExecutionAlreadyStarted e) {
            throw new FarmException("The farm job '" + job.id() + "' is already running: watch it with 'flowsmith farm status "
                    + job.id() + "', or cancel it first.");
        }
    }

    /** Waits for the job's end: its result, or a sentence saying why it failed or that it was cancelled. */
    public FarmResult await(String id) {
        WorkflowStub stub = connection.client().newUntypedWorkflowStub(id);
        try {
            return stub.getResult(FarmResult.class);
        } catch (WorkflowFailedException e) {
            throw new FarmException(failure(id, e));
        } catch (WorkflowNotFoundException e) {
            throw unknown(id);
        } catch (WorkflowException e) {
            throw new FarmException(failure(id, e));
        }
    }

    private static String failure(String id, WorkflowException e) {
        Throwable c = e.getCause();
        if (c instanceof CanceledFailure) {
            return "The farm job '" + id + "' was cancelled; its finished segments are kept: continue with 'flowsmith farm resume "
                    + id + "'.";
        }
        if (c instanceof ApplicationFailure a) {
            return "The farm job '" + id + "' failed: " + a.getOriginalMessage();
        }
        if (c instanceof io.temporal.failure.TerminatedFailure) {
            return "The farm job '" + id + "' was cancelled before any worker took it; nothing was made.";
        }
        return "The farm job '" + id + "' ended without a result (" + (c == null ? e.getMessage() : c.getMessage()) + ").";
    }

    private static FarmException unknown(String id) {
        return new FarmException("The farm server knows no job '" + id + "': 'flowsmith submit' prints each job's id.");
    }

    /** Asks the workflow to stop; its segments stop at their next heartbeat, finished ones are kept. */
    public void cancel(String id) {
        Status s = status(id);
        try {
            WorkflowStub stub = connection.client().newUntypedWorkflowStub(id);
            if (s.state().equals("RUNNING") && s.progress() == null && s.running().isEmpty() && neverTaken(id)) {
                // no worker ever took it: nothing was made, and a cancel would wait for a worker to be carried out
                stub.terminate("cancelled before any worker took it");
            } else {
                stub.cancel();
            }
        } catch (WorkflowNotFoundException e) {
            throw unknown(id);
        }
    }

    private boolean neverTaken(String id) {
        try {
            return connection.service().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(connection.client().getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build())
                    .getWorkflowExecutionInfo().getHistoryLength() <= 2;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /** Starts job {@code id} again with the settings it was submitted with, reusing its finished segments; returns it. */
    public FarmJob resume(String id) {
        Status s = status(id);
        if (s.state().equals("RUNNING")) {
            throw new FarmException("The farm job '" + id + "' is still running: nothing to resume.");
        }
        if (s.state().equals("COMPLETED")) {
            throw new FarmException("The farm job '" + id + "' finished: its output is written, nothing to resume.");
        }
        FarmJob job = submitted(id).resumed();
        submit(job);
        return job;
    }

    /** The job as it was submitted: the first event of its latest run's history. */
    FarmJob submitted(String id) {
        try {
            var history = connection.client().fetchHistory(id);
            Payloads input = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput();
            return DataConverter.getDefaultInstance().fromPayloads(0, Optional.of(input), FarmJob.class, FarmJob.class);
        } catch (StatusRuntimeException e) {
            throw unknown(id);
        }
    }

    /** The server's view of job {@code id} plus its workflow's own progress (left out when no worker answers). */
    public Status status(String id) {
        DescribeWorkflowExecutionResponse d;
        try {
            d = connection.service().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(connection.client().getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)).build());
        } catch (StatusRuntimeException e) {
            throw unknown(id);
        }
        WorkflowExecutionStatus st = d.getWorkflowExecutionInfo().getStatus();
        String state = st.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
        // a query is answered by a worker, and the SDK retries an unanswered one for a minute: not asked before any
        // worker took the job (history: started + first task only), and never waited on for more than 3 s
        FarmProgress progress = null;
        if (d.getWorkflowExecutionInfo().getHistoryLength() > 2 && polled(d.getExecutionConfig().getTaskQueue().getName())) {
            progress = boundedQuery(id);
        }
        List<RunningSegment> running = new ArrayList<>();
        for (PendingActivityInfo a : d.getPendingActivitiesList()) {
            if (!a.getActivityType().getName().equalsIgnoreCase("render")) {
                continue;
            }
            SegmentHeartbeat h = null;
            if (a.hasHeartbeatDetails() && a.getHeartbeatDetails().getPayloadsCount() > 0) {
                try {
                    h = DataConverter.getDefaultInstance().fromPayloads(0, Optional.of(a.getHeartbeatDetails()),
                            SegmentHeartbeat.class, SegmentHeartbeat.class);
                } catch (RuntimeException e) {
                    h = null;
                }
            }
            String failure = a.hasLastFailure() ? a.getLastFailure().getMessage() : null;
            running.add(new RunningSegment(h == null ? -1 : h.index(), h == null ? 0 : h.frames(),
                    h == null ? a.getLastWorkerIdentity() : h.worker(), a.getAttempt(), failure));
        }
        return new Status(id, state, progress, running, d.getExecutionConfig().getTaskQueue().getName());
    }

    /**
     * Whether any worker polls {@code queue}: a query is answered by a worker, and the SDK retries an unanswered one
     * for a minute, so without pollers status does not ask (a server that cannot tell is asked anyway).
     */
    private boolean polled(String queue) {
        if (queue == null || queue.isEmpty()) {
            return true;
        }
        try {
            var r = connection.service().blockingStub().withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                    .describeTaskQueue(io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(connection.client().getOptions().getNamespace())
                            .setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(queue))
                            .setTaskQueueType(io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build());
            return r.getPollersCount() > 0;
        } catch (StatusRuntimeException e) {
            return true;
        }
    }

    private java.util.concurrent.CompletableFuture<FarmProgress> inFlight;

    /** The workflow's progress, or null when no answer came within 3 s (the query goes on; the next status reuses it). */
    private synchronized FarmProgress boundedQuery(String id) {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> connection.client().newWorkflowStub(FarmWorkflow.class, id).progress(), QUERIES);
        }
        try {
            return inFlight.get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static final java.util.concurrent.ExecutorService QUERIES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flowsmith-farm-query");
        t.setDaemon(true);
        return t;
    });

    /** Status as lines for the terminal. */
    public static List<String> describe(Status s) {
        List<String> lines = new ArrayList<>();
        FarmProgress p = s.progress();
        String head = "Farm job " + s.id() + ": " + s.state().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (p != null) {
            head += ", " + p.stage() + "; " + p.finished().size() + " of " + p.segments() + " segment(s) finished ("
                    + p.framesFinished() + " of " + p.totalFrames() + " frames)";
        }
        if (p == null && s.running().isEmpty() && s.state().equals("RUNNING")) {
            head += ", waiting for a worker on queue '" + s.queue() + "' (start one: flowsmith worker --server HOST:PORT)";
        }
        lines.add(head);
        for (RunningSegment r : s.running()) {
            lines.add("  segment " + (r.index() < 0 ? "?" : r.index()) + ": " + r.frames() + " frames made"
                    + (r.worker() == null || r.worker().isEmpty() ? ", waiting for a worker" : " on " + r.worker())
                    + (r.attempt() > 1 ? ", try " + r.attempt() : "")
                    + (r.lastFailure() != null && !r.lastFailure().isEmpty() ? " (last try: " + r.lastFailure() + ")" : ""));
        }
        if (p != null) {
            for (String f : p.failed()) {
                lines.add("  failed: " + f);
            }
        }
        return lines;
    }
}
