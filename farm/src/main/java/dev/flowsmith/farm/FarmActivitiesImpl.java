package dev.flowsmith.farm;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.CorruptMediaException;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.OutputExistsException;
import dev.flowsmith.media.UnsupportedMediaException;
import dev.flowsmith.restoration.job.ManifestStore;
import dev.flowsmith.restoration.job.SegmentedWork;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a worker does for the farm: plan (probe, checks, the segments an interrupted run left), render one segment
 * (heartbeating frames done; a cancel or a lost job stops it at the next frame and leaves no file), join. Errors
 * become failures the workflow understands: bad input or settings are poison (never retried), the rest retried.
 */
public final class FarmActivitiesImpl implements FarmActivities {
    private static final int DESCRIPTION_VERSION = 1;
    private final SegmentWorkFactory works;
    private final String worker;
    /** The segments being made here, stopped together when the worker stops. */
    private final Set<CancellationToken> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final java.util.function.Consumer<String> events;

    public FarmActivitiesImpl(SegmentWorkFactory works, String worker) {
        this(works, worker, line -> { });
    }

    /** {@code events} gets one line per segment started, finished or failed on this worker (the worker's console). */
    public FarmActivitiesImpl(SegmentWorkFactory works, String worker, java.util.function.Consumer<String> events) {
        this.works = works;
        this.worker = worker;
        this.events = events;
    }

    @Override
    public FarmPlan plan(FarmJob job) {
        try (Heartbeat ignored = Heartbeat.start(Activity.getExecutionContext())) {
            SharedStorage.verify(job, worker);
            try (SegmentedWork work = work(job)) {
                return planNow(job, work);
            }
        }
    }

    private FarmPlan planNow(FarmJob job, SegmentedWork work) {
        SegmentedWork.Layout layout = guarded(work::layout);
        FarmFolder folder = new FarmFolder(Path.of(job.output()));
        int segments = layout.segments();
        List<SegmentDone> reused = List.of();
        var old = folder.description();
        List<SegmentDone> left = folder.finishedSegments(segments);
        if (old.isPresent() && !left.isEmpty()) {
            if (!job.resume()) {
                throw ApplicationFailure.newNonRetryableFailure("An interrupted farm job for '" + Path.of(job.output()).getFileName()
                        + "' exists (" + left.size() + " finished segment(s)): continue it with 'flowsmith farm resume "
                        + old.get().jobId() + "', or delete '" + folder.dir() + "' to start over.", FarmFailures.REFUSED);
            }
            if (!old.get().description().equals(layout.description())) {
                throw ApplicationFailure.newNonRetryableFailure("The interrupted farm job for '" + Path.of(job.output()).getFileName()
                        + "' was made with other settings or from another input; delete '" + folder.dir()
                        + "' to start over with these.", FarmFailures.REFUSED);
            }
            reused = left.stream().map(d -> new SegmentDone(d.index(), d.firstFrame(), d.frames(), d.file(), d.sha256(),
                    d.worker(), 0)).toList();
        }
        try {
            folder.writeDescription(new FarmFolder.Description(DESCRIPTION_VERSION, job.id(), layout.description()));
        } catch (IOException e) {
            throw ApplicationFailure.newFailure("Worker " + worker + " cannot write the job folder '" + folder.dir() + "' ("
                    + e.getMessage() + ").", FarmFailures.STORAGE);
        }
        Set<Integer> have = new TreeSet<>();
        reused.forEach(d -> have.add(d.index()));
        List<SegmentTask> todo = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            if (!have.contains(i)) {
                // the last segment runs to the end of the input, whatever the probe's count said
                long max = i == segments - 1 ? Long.MAX_VALUE : layout.first(i + 1) - layout.first(i);
                todo.add(new SegmentTask(i, layout.first(i), max));
            }
        }
        return new FarmPlan(layout.segmentFrames(), layout.totalFrames(), todo, reused);
    }

    @Override
    public SegmentDone render(FarmJob job, SegmentTask task) {
        SharedStorage.verify(job, worker);
        try (SegmentedWork work = work(job)) {
            return renderNow(job, task, work);
        }
    }

    private SegmentDone renderNow(FarmJob job, SegmentTask task, SegmentedWork work) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        String extension = guarded(work::layout).segmentExtension();
        FarmFolder folder = new FarmFolder(Path.of(job.output()));
        Path file = folder.segmentFile(task.index(), extension);
        CancellationToken cancel = new CancellationToken();
        active.add(cancel);
        long frames;
        long t0 = System.nanoTime();
        String what = job.id() + " " + task.label() + ", try " + ctx.getInfo().getAttempt();
        events.accept("started " + what);
        try {
            ctx.heartbeat(new SegmentHeartbeat(task.index(), 0, worker));
            frames = guarded(() -> work.render(task.firstFrame(), task.maxFrames(), file,
                    done -> ctx.heartbeat(new SegmentHeartbeat(task.index(), done, worker)), cancel));
        } catch (ApplicationFailure f) {
            events.accept("failed " + what + ": " + f.getOriginalMessage());
            if (cancel.isCancelled()) {
                throw ApplicationFailure.newFailure("Worker " + worker + " stopped while making " + task.label()
                        + "; another worker makes it.", "WorkerStopped");
            }
            throw f;
        } catch (ActivityCompletionException e) {
            events.accept("stopped " + what + " (the job was cancelled or handed to another worker)");
            throw e;
        } finally {
            active.remove(cancel);
        }
        events.accept(String.format(java.util.Locale.ROOT, "finished %s: %d frames in %.1f s", what, frames,
                (System.nanoTime() - t0) / 1e9));
        SegmentDone d = new SegmentDone(task.index(), task.firstFrame(), frames, file.getFileName().toString(),
                frames > 0 ? ManifestStore.sha256(file) : "", worker, ctx.getInfo().getAttempt());
        if (frames > 0) {
            try {
                folder.recordSegment(d);
            } catch (IOException e) {
                throw ApplicationFailure.newFailure("Worker " + worker + " cannot record " + task.label() + " in '" + folder.dir()
                        + "' (" + e.getMessage() + ").", FarmFailures.STORAGE);
            }
        }
        return d;
    }

    @Override
    public FarmResult join(FarmJob job, List<SegmentDone> segments) {
        try (Heartbeat ignored = Heartbeat.start(Activity.getExecutionContext())) {
            SharedStorage.verify(job, worker);
            try (SegmentedWork work = work(job)) {
                return joinNow(job, segments, work);
            }
        }
    }

    private FarmResult joinNow(FarmJob job, List<SegmentDone> segments, SegmentedWork work) {
        FarmFolder folder = new FarmFolder(Path.of(job.output()));
        List<SegmentDone> made = segments.stream().filter(s -> s.frames() > 0).toList();
        List<Path> files = new ArrayList<>();
        for (SegmentDone s : made) {
            Path f = folder.dir().resolve(s.file());
            if (!Files.isRegularFile(f) || !ManifestStore.sha256(f).equals(s.sha256())) {
                // retried: the segment's file was removed or damaged on the storage after it was made
                throw ApplicationFailure.newFailure("Segment " + s.index() + "'s file '" + f + "' is missing or damaged on the "
                        + "shared storage; run 'flowsmith farm resume " + job.id() + "' to make it again.", FarmFailures.STORAGE);
            }
            files.add(f);
        }
        if (files.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("'" + Path.of(job.input()).getFileName() + "' gave no frames to restore.",
                    FarmFailures.POISON);
        }
        List<String> leftOut = guarded(() -> work.join(files, folder.dir()));
        folder.delete();
        long outputFrames = 0;
        try {
            outputFrames = dev.flowsmith.media.MediaProbe.probe(Path.of(job.output())).requireVideo().frameCount();
        } catch (MediaException e) {
            // the count of frames made stands
        }
        return new FarmResult(Path.of(job.output()).toString(), made.stream().mapToLong(SegmentDone::frames).sum(), outputFrames,
                made, leftOut);
    }

    /** Stops the segments being made here at their next frame (the worker is stopping); each is retried elsewhere. */
    public void stopAll() {
        active.forEach(CancellationToken::cancel);
    }

    private SegmentedWork work(FarmJob job) {
        try {
            return works.create(job);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FarmFailures.POISON);
        } catch (UnsupportedMediaException | CorruptMediaException e) {
            throw ApplicationFailure.newNonRetryableFailure(sentence(e), FarmFailures.POISON);
        } catch (MediaException e) {
            // this worker lacks something (a model, a device) another worker may have: retried, and said whose it is
            throw ApplicationFailure.newFailure("On worker " + worker + ": " + sentence(e), e.getClass().getSimpleName());
        }
    }

    /**
     * Runs {@code step}, turning Flowsmith's errors into the farm's: input that cannot be read or restored and outputs
     * that must not be replaced are final; full disks and other trouble are retried. A cancel or lost job (thrown by a
     * heartbeat) passes through untouched.
     */
    private static <T> T guarded(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ActivityCompletionException e) {
            throw e;
        } catch (UnsupportedMediaException | CorruptMediaException | IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(sentence(e), FarmFailures.POISON);
        } catch (OutputExistsException e) {
            throw ApplicationFailure.newNonRetryableFailure(sentence(e), FarmFailures.REFUSED);
        } catch (MediaException e) {
            throw ApplicationFailure.newFailure(sentence(e), e.getClass().getSimpleName());
        }
    }

    private static String sentence(RuntimeException e) {
        return e instanceof MediaException m ? m.userMessage() : e.getMessage();
    }
}
