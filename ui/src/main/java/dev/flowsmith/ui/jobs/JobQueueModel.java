package dev.flowsmith.ui.jobs;

import dev.flowsmith.ui.common.Timecode;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Transcoder;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The job queue: long operations run on a worker pool (never the FX thread) and report into their
 * {@link JobModel}. Transcodes run the same engine call as {@code flowsmith transcode}.
 */
public final class JobQueueModel implements AutoCloseable {
    private final ObservableList<JobModel> jobs = FXCollections.observableArrayList();
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "flowsmith-job");
        t.setDaemon(true);
        return t;
    });

    /** Farm jobs are watched here, not on the two local workers: they wait on the farm, not on this machine. */
    private final ExecutorService farmWatchers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flowsmith-farm-watch");
        t.setDaemon(true);
        return t;
    });

    /** Jobs that run on the farm: closing the studio stops following them, it does not cancel them. */
    private final java.util.Set<JobModel> farmJobs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ObservableList<JobModel> jobs() {
        return jobs;
    }

    /** One engine call with progress and cancel: what every queued job runs. */
    @FunctionalInterface
    public interface Work<R> {
        R run(ProgressListener progress, CancellationToken cancel);
    }

    /** Starts a transcode job and returns its model (already in the list). */
    public JobModel transcode(Transcoder.Request request) {
        return submit("Transcode " + request.input().getFileName() + " → " + request.output().getFileName(),
                "Cancelled; nothing was written.", (p, c) -> Transcoder.run(request, p, c),
                (r, secs) -> String.format(Locale.ROOT, "%d frames in %.1f s", r.frames(), secs), Transcoder.Result::output, r -> { });
    }

    /** Renders a timeline (the same engine call as {@code flowsmith render}). */
    public JobModel render(dev.flowsmith.editing.render.RenderJob.Request request) {
        return submit("Export timeline → " + request.output().getFileName(), null,
                (p, c) -> dev.flowsmith.editing.render.RenderJob.run(request, p, c),
                (r, secs) -> String.format(Locale.ROOT, "%d frames in %.1f s; %s", r.frames(), secs,
                        r.plan().copy() ? "video copied" : "video re-encoded"), r -> r.output(), r -> { });
    }

    /** A restore job (the same engine call as {@code flowsmith restore}): segments, resume, atomic output. */
    public JobModel restore(String what, dev.flowsmith.restoration.job.RestoreJob.Request request) {
        return submit(what + " " + request.input().getFileName() + " → " + request.output().getFileName(), null,
                (p, c) -> dev.flowsmith.restoration.job.RestoreJob.run(request, p, c),
                (r, secs) -> String.format(Locale.ROOT, "%d frames in %.1f s", r.framesProcessed(), secs), r -> r.output(), r -> { });
    }

    /**
     * Frame interpolation (the same engine call as {@code flowsmith interpolate}); {@code after} runs when the job ends
     * however it ends (it closes the network's thread pool).
     */
    public JobModel interpolate(dev.flowsmith.restoration.interp.InterpolateJob.Request request, Runnable after) {
        return submit("Interpolate " + request.input().getFileName() + " → " + request.output().getFileName(), null,
                (p, c) -> {
                    try {
                        return dev.flowsmith.restoration.interp.InterpolateJob.run(request, p, c);
                    } finally {
                        after.run();
                    }
                },
                (r, secs) -> String.format(Locale.ROOT, "%d frames (%d made by RIFE, %d held at cuts) in %.1f s", r.framesWritten(),
                        r.framesMade(), r.cutsHeld(), secs), r -> r.output(), r -> { });
    }

    /**
     * A few seconds interpolated around a frame (Frame rate Preview) by {@code work}; {@code after} runs when it ends
     * however it ends, {@code onDone} gets the pair on the FX thread.
     */
    public JobModel interpolationPreview(Path source, Work<dev.flowsmith.restoration.interp.InterpolatePreview.Result> work,
                                         Runnable after,
                                         java.util.function.Consumer<dev.flowsmith.restoration.interp.InterpolatePreview.Result> onDone) {
        return submit("Preview frame rate of " + source.getFileName(), null, (p, c) -> {
            try {
                return work.run(p, c);
            } finally {
                after.run();
            }
        }, (r, secs) -> String.format(Locale.ROOT, "%d frames previewed in %.1f s", r.frames(), secs), r -> r.interpolated(), onDone);
    }

    /** A few seconds restored around a frame (Preview); {@code onDone} gets the preview on the FX thread. */
    public JobModel preview(String what, Path source, long aroundFrame, double seconds,
                            java.util.function.Supplier<dev.flowsmith.restoration.job.FrameProcessor> processor, Path target,
                            java.util.function.Consumer<dev.flowsmith.restoration.job.RestorePreview.Result> onDone) {
        return submit("Preview " + what + " of " + source.getFileName(), null,
                (p, c) -> dev.flowsmith.restoration.job.RestorePreview.run(source, aroundFrame, seconds, processor, target, p, c),
                (r, secs) -> String.format(Locale.ROOT, "%d frames previewed in %.1f s", r.frames(), secs), r -> r.file(), onDone);
    }

    /** Edits a keyframe folder's keyframes together by a text prompt ({@code work}); {@code onDone} on the FX thread. */
    public JobModel editKeyframes(String prompt, Work<dev.flowsmith.editing.keyframes.TextEditJob.KeyframeEdit> work,
                                  java.util.function.Consumer<dev.flowsmith.editing.keyframes.TextEditJob.KeyframeEdit> onDone) {
        return submit("Edit keyframes: \u201c" + prompt + "\u201d", null, work,
                (r, secs) -> String.format(Locale.ROOT, "%d keyframes edited together at %dx%d in %.1f s", r.keyframes(), r.workWidth(),
                        r.workHeight(), secs), r -> null, onDone);
    }

    /** Propagates a keyframe folder's edits to a video; {@code onDone} gets the result (drift meter) on the FX thread. */
    public JobModel propagate(Path video, Path keyframes, Path output,
                              java.util.function.Consumer<dev.flowsmith.editing.keyframes.PropagateJob.Result> onDone) {
        return submit("Propagate keyframes → " + output.getFileName(), null,
                (p, c) -> dev.flowsmith.editing.keyframes.PropagateJob.run(video, keyframes, output,
                        dev.flowsmith.media.EncoderSettings.defaults(dev.flowsmith.media.VideoCodec.H264), false, true, p, c),
                (r, secs) -> String.format(Locale.ROOT, "%d frames from %d keyframes in %.1f s", r.frames(), r.keyframes(), secs),
                r -> r.output(), onDone);
    }

    /**
     * Runs {@code work} on the pool, reporting progress (about ten times a second), the summary line,
     * the output and failures (a sentence and the details) into a new job model on the FX thread.
     */
    private <R> JobModel submit(String title, String cancelledText, Work<R> work,
                                java.util.function.BiFunction<R, Double, String> summary,
                                java.util.function.Function<R, Path> output, java.util.function.Consumer<R> onDone) {
        JobModel job = new JobModel(title);
        CancellationToken cancel = new CancellationToken();
        job.onCancel(cancel::cancel);
        jobs.add(0, job);
        long start = System.nanoTime();
        workers.submit(() -> {
            Throttle throttle = new Throttle();
            dev.flowsmith.media.ThroughputEstimate estimate = new dev.flowsmith.media.ThroughputEstimate();
            try {
                R r = work.run((done, total) -> {
                    estimate.update(done, System.nanoTime());
                    if (throttle.due() || done == total) {
                        String line = rate(done, total, estimate);
                        double f = total > 0 ? (double) done / total : -1;
                        Platform.runLater(() -> job.progress(f, line));
                    }
                }, cancel);
                String line = summary.apply(r, (System.nanoTime() - start) / 1e9);
                Platform.runLater(() -> {
                    job.done(output.apply(r), line);
                    onDone.accept(r);
                });
            } catch (MediaCancelledException e) {
                Platform.runLater(() -> job.cancelled(cancelledText != null ? cancelledText : e.userMessage()));
            } catch (MediaException e) {
                Platform.runLater(() -> job.failed(e.userMessage(), e.getMessage()));
            } catch (dev.flowsmith.editing.project.ProjectException e) {
                Platform.runLater(() -> job.failed(e.userMessage(), e.detail()));
            } catch (RuntimeException e) {
                Platform.runLater(() -> job.failed("An unexpected problem stopped the job.", e.toString()));
            }
        });
        return job;
    }

    /**
     * Sends {@code job} to the render farm at {@code server} and follows it in the queue like a local job: progress
     * in frames (finished segments plus the running ones' heartbeats), segments and workers in the status line, Cancel
     * cancels the farm job (finished segments are kept for a resume), the output and the failure's sentence at the end.
     */
    public JobModel farm(String what, dev.flowsmith.farm.FarmJob job, String server, String namespace) {
        JobModel model = new JobModel(what + " " + Path.of(job.input()).getFileName() + " → " + Path.of(job.output()).getFileName()
                + " (farm)");
        CancellationToken cancel = new CancellationToken();
        model.onCancel(cancel::cancel);
        jobs.add(0, model);
        farmJobs.add(model);
        long start = System.nanoTime();
        farmWatchers.submit(() -> {
            try (dev.flowsmith.farm.FarmConnection c = dev.flowsmith.farm.FarmConnection.open(server, namespace, "flowsmith-studio")) {
                dev.flowsmith.farm.FarmClient client = new dev.flowsmith.farm.FarmClient(c);
                client.submit(job);
                dev.flowsmith.media.ThroughputEstimate estimate = new dev.flowsmith.media.ThroughputEstimate();
                boolean cancelSent = false;
                while (true) {
                    if (cancel.isCancelled() && !cancelSent) {
                        client.cancel(job.id());
                        cancelSent = true;
                    }
                    dev.flowsmith.farm.FarmClient.Status s = client.status(job.id());
                    if (!s.state().equals("RUNNING")) {
                        break;
                    }
                    String line = farmLine(s, estimate);
                    double f = s.progress() == null || s.progress().totalFrames() <= 0 ? -1
                            : Math.min(1, (double) framesMade(s) / s.progress().totalFrames());
                    Platform.runLater(() -> model.progress(f, line));
                    Thread.sleep(500);
                }
                dev.flowsmith.farm.FarmResult r = client.await(job.id());
                double secs = (System.nanoTime() - start) / 1e9;
                long workers = r.segments().stream().map(dev.flowsmith.farm.SegmentDone::worker).distinct().count();
                String summary = String.format(Locale.ROOT, "%d frames in %.1f s on the farm: %d segment%s by %d worker%s", r.framesWritten(), secs,
                        r.segments().size(), r.segments().size() == 1 ? "" : "s", workers, workers == 1 ? "" : "s");
                Platform.runLater(() -> model.done(Path.of(r.output()), summary));
            } catch (dev.flowsmith.farm.FarmException e) {
                boolean cancelled = cancel.isCancelled() && e.getMessage().contains("was cancelled");
                Platform.runLater(() -> {
                    if (cancelled) {
                        model.cancelled(e.getMessage());
                    } else {
                        model.failed(e.getMessage(), null);
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Platform.runLater(() -> model.failed("The farm job could not be followed: " + e.getMessage(), e.toString()));
            }
        });
        return model;
    }

    private static long framesMade(dev.flowsmith.farm.FarmClient.Status s) {
        return s.progress().framesFinished() + s.running().stream().mapToLong(dev.flowsmith.farm.FarmClient.RunningSegment::frames).sum();
    }

    /** "3/10 segments, 2 running on 2 workers, 45/150 frames, 1.8 fps, ETA 0:01:10", or "waiting for a worker". */
    static String farmLine(dev.flowsmith.farm.FarmClient.Status s, dev.flowsmith.media.ThroughputEstimate estimate) {
        var p = s.progress();
        if (p == null || p.segments() == 0) {
            return "on the farm: waiting for a worker";
        }
        long made = framesMade(s);
        estimate.update(made, System.nanoTime());
        long workers = s.running().stream().map(dev.flowsmith.farm.FarmClient.RunningSegment::worker)
                .filter(w -> w != null && !w.isEmpty()).distinct().count();
        String running = s.running().isEmpty() ? "none running" : s.running().size() + " running on " + workers + " worker(s)";
        return p.finished().size() + "/" + p.segments() + " segments, " + running + ", " + rate(made, p.totalFrames(), estimate);
    }

    /** A job whose work is done elsewhere (e.g. an import); the caller reports into it. */
    public JobModel track(String title) {
        JobModel job = new JobModel(title);
        jobs.add(0, job);
        return job;
    }

    static String rate(long done, long total, dev.flowsmith.media.ThroughputEstimate estimate) {
        double fps = estimate.fps();
        String f = Double.isNaN(fps) ? "-- fps" : String.format(Locale.ROOT, "%.1f fps", fps);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%d frames, %s", done, f);
        }
        double eta = estimate.secondsLeft(done, total, System.nanoTime());
        return String.format(Locale.ROOT, "%d/%d frames, %s, ETA %s", done, total, f, Timecode.clock(eta));
    }

    /** Lets a progress callback through about ten times a second. */
    static final class Throttle {
        private long last;

        boolean due() {
            long now = System.nanoTime();
            if (now - last > 100_000_000L) {
                last = now;
                return true;
            }
            return false;
        }
    }

    @Override
    public void close() {
        for (JobModel j : jobs) {
            if (j.state() == JobModel.State.RUNNING && !farmJobs.contains(j)) {
                j.cancel();
            }
        }
        workers.shutdown();
        farmWatchers.shutdown();
    }
}
