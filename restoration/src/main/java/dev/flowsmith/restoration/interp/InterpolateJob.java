package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.Concatenator;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.Remuxer;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.media.VideoWriter;
import dev.flowsmith.restoration.job.FrameSequence;
import dev.flowsmith.restoration.job.FrameWindow;
import dev.flowsmith.restoration.job.JobManifest;
import dev.flowsmith.restoration.job.ManifestStore;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Frame-rate conversion and slow motion as a segmented, resumable job (the restore job's engine: segments with
 * checksums in a manifest beside the output, exact-seek resume, packet-copy join, the source's streams remuxed,
 * atomic move). Output frames are placed by {@link OutputClock} on the source's timestamps, so variable frame rate
 * input is handled; a frame whose time falls on a source frame is that frame, one between two frames is made by the
 * {@link PairInterpolator} at the right timestep, and across a scene cut the nearer frame is repeated instead of a
 * blend. A segment is a run of source frames; the output frames it holds are those whose time falls in it. Slow
 * motion drops the sound, keeps it as it is, or stretches it to the picture's length at its pitch (FFmpeg atempo;
 * the container's tags then come from the stretched sound, not the source).
 */
public final class InterpolateJob {
    /** What the output's sound is with slow motion (a frame-rate conversion keeps it as it is). */
    public enum SlowMotionSound { DROP, KEEP, STRETCH }

    /** Makes the frame at {@code t} in (0, 1) between two frames. */
    public interface PairInterpolator {
        VideoFrame between(VideoFrame a, VideoFrame b, float t);
    }

    public record Request(Path input, Path output, PairInterpolator interpolator, String interpolatorId, EncoderSettings encoder,
                          Rational rate, boolean slowMotion, SlowMotionSound sound, double sceneThreshold,
                          double segmentSeconds, boolean resume, boolean overwrite) {
    }

    /** Frames read and written, made by the network, repeated at cuts, and reused from an interrupted run. */
    public record Result(Path output, long sourceFrames, long framesWritten, long framesMade, long cutsHeld,
                         long sourceFramesReused, List<String> leftOut) {
    }

    private InterpolateJob() {
    }

    public static Result run(Request req, ProgressListener progress, CancellationToken cancel) {
        Checked c = check(req);
        Path dir = RestoreJob.jobDir(req.output());
        ManifestStore<JobManifest> store = new ManifestStore<>(dir, JobManifest.class);
        try (dev.flowsmith.media.JobFolderLock lock = dev.flowsmith.media.JobFolderLock.acquire(dir, req.output())) {
            JobManifest m = RestoreJob.openManifest(req.resume(), req.output(), c.manifest(), dir, store);
            return runSegments(req, c.video(), c.sourceRate(), c.clock(), m, store, dir, progress, cancel);
        } finally {
            if (Files.isDirectory(dir) && !store.exists()) {
                RestoreJob.deleteJobDir(dir);
            }
        }
    }

    /** What {@link #check} found: the video, its rate, where output frames fall, and the job's identity. */
    private record Checked(VideoStreamInfo video, Rational sourceRate, OutputClock clock, JobManifest manifest) {
    }

    /** Probes the input and checks the job can run (a frame rate, the sound's stretch, the output, disk space). */
    private static Checked check(Request req) {
        MediaInfo info = MediaProbe.probe(req.input());
        VideoStreamInfo v = info.requireVideo();
        Rational srcRate = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        if (!srcRate.isKnown()) {
            throw new dev.flowsmith.media.UnsupportedMediaException("'" + req.input().getFileName() + "' does not say its frame rate, "
                    + "so its frames cannot be placed in time (remux it with a frame rate first).", "no frame rate");
        }
        OutputClock clock = new OutputClock(req.rate(), req.slowMotion() ? srcRate : req.rate());
        if (clock.slowMotion() && req.sound() == SlowMotionSound.STRETCH && clock.stretch() > 4 + 1e-9) {
            throw new dev.flowsmith.media.UnsupportedMediaException(String.format(java.util.Locale.ROOT, "The sound can be stretched up to "
                    + "4 times, and this slow motion is %.3g times longer: drop the sound or keep it unstretched.", clock.stretch()),
                    "stretch " + clock.stretch());
        }
        dev.flowsmith.media.AtomicOutput.create(req.output(), req.overwrite(), List.of(req.input())).close();
        double outFrames = v.frameCount() * req.rate().toDouble() / srcRate.toDouble();
        dev.flowsmith.restoration.job.DiskSpaceCheck.check(req.output().toAbsolutePath().getParent(),
                dev.flowsmith.restoration.job.DiskSpaceCheck.estimateBytes(req.encoder(), v.displayWidth(), v.displayHeight(),
                        (long) Math.ceil(outFrames)));
        JobManifest wanted = JobManifest.forInput(req.input());
        wanted.processor = "interpolate " + req.interpolatorId() + " rate=" + req.rate() + (req.slowMotion() ? " slowmo" : "")
                + " scenes=" + req.sceneThreshold();
        wanted.encoder = req.encoder().toString();
        wanted.segmentFrames = Math.max(1, (int) Math.round(req.segmentSeconds() * srcRate.toDouble()));
        wanted.totalFrames = v.frameCount();
        return new Checked(v, srcRate, clock, wanted);
    }

    /**
     * The request as independent segments, for the farm (see {@link SegmentedWork}): segment {@code i} holds the output
     * frames of source frames {@code [first, first + max)}, each timed from the input's first frame, so segments made
     * apart, in any order, join into the local run's file.
     */
    public static SegmentedWork segmented(Request req) {
        return new SegmentedWork() {
            private Checked checked;

            private Checked checked() {
                if (checked == null) {
                    checked = check(req);
                }
                return checked;
            }

            @Override
            public Layout layout() {
                JobManifest m = checked().manifest();
                String description = String.join(" | ", m.inputFingerprint, String.valueOf(m.inputSize), m.processor, m.encoder,
                        String.valueOf(m.segmentFrames));
                return new Layout(m.segmentFrames, m.totalFrames, checked().video().frameCountExact(), description,
                        RestoreJob.segmentExtension(req.encoder()));
            }

            @Override
            public long render(long first, long maxFrames, Path target, java.util.function.LongConsumer framesDone,
                               CancellationToken cancel) {
                Checked c = checked();
                try (VideoReader reader = VideoReader.open(req.input())) {
                    FrameSequence seq = FrameSequence.of(reader);
                    long t0 = firstTimestamp(seq);
                    FrameWindow window = new FrameWindow(seq, 1);
                    window.startAt(first);
                    SegmentRun run = writeSegment(req, c.video(), c.sourceRate(), c.clock(), t0, window, maxFrames, target,
                            framesDone, cancel);
                    return run.written() == 0 ? 0 : run.sourceFrames(); // no output frame: no file either
                }
            }

            @Override
            public List<String> join(List<Path> segments, Path scratch) {
                return InterpolateJob.join(req, checked().clock(), segments, scratch, new CancellationToken()).droppedStreams();
            }
        };
    }

    private static Result runSegments(Request req, VideoStreamInfo v, Rational srcRate, OutputClock clock, JobManifest m,
                                      ManifestStore<JobManifest> store, Path dir, ProgressListener progress, CancellationToken cancel) {
        long reused = m.segments.stream().mapToLong(JobManifest.Segment::frames).sum();
        long next = reused, read = 0, written = 0, made = 0, repeated = 0;
        try (VideoReader reader = VideoReader.open(req.input())) {
            FrameSequence seq = FrameSequence.of(reader);
            long t0 = firstTimestamp(seq);
            FrameWindow window = new FrameWindow(seq, 1);
            window.startAt(next);
            boolean ended = false;
            while (!ended) {
                int index = m.segments.size();
                String name = RestoreJob.segmentName(index, req.encoder());
                Path segFile = dir.resolve(name);
                long first = next, before = reused + read;
                SegmentRun run = writeSegment(req, v, srcRate, clock, t0, window, m.segmentFrames, segFile,
                        done -> progress.onProgress(before + done, v.frameCount()), cancel);
                ended = run.ended();
                if (run.sourceFrames() == 0 || run.written() == 0) {
                    break;
                }
                read += run.sourceFrames();
                made += run.made();
                repeated += run.held();
                m.segments.add(new JobManifest.Segment(index, first, run.sourceFrames(), name, ManifestStore.sha256(segFile)));
                store.save(m);
                next = first + run.sourceFrames();
                written += run.written();
            }
        } catch (MediaCancelledException e) {
            throw new MediaCancelledException("The job was cancelled; " + m.segments.size()
                    + " finished segment(s) were kept: run it again with --resume to continue.", null, e);
        }
        List<Path> parts = m.segments.stream().map(s -> dir.resolve(s.file())).toList();
        Remuxer.Result streams = join(req, clock, parts, dir, cancel);
        RestoreJob.deleteJobDir(dir);
        return new Result(streams.output().toAbsolutePath(), read, written, made, repeated, reused, streams.droppedStreams());
    }

    /** Source frames read, output frames written, made by the interpolator and held at cuts; whether the input ended. */
    record SegmentRun(long sourceFrames, long written, long made, long held, boolean ended) {
    }

    /**
     * Writes the output frames of up to {@code max} source frames from the window (positioned at the segment's first frame)
     * into {@code segFile}; an output frame belongs to the source frame at or before its time, so segments made apart join
     * into the uninterrupted run. With no source frame left no file is finished. {@code onFrame} gets source frames done.
     */
    private static SegmentRun writeSegment(Request req, VideoStreamInfo v, Rational srcRate, OutputClock clock, long t0,
                                           FrameWindow window, long max, Path segFile, java.util.function.LongConsumer onFrame,
                                           CancellationToken cancel) {
        long frameMicros = Math.round(1e6 / srcRate.toDouble());
        // one tick of the stream's time base (plus a microsecond of our own rounding)
        long tickMicros = v.timeBase().isKnown() && v.timeBase().den() > 0
                ? (long) Math.ceil(1e6 * v.timeBase().num() / v.timeBase().den()) + 1 : 1;
        SceneCuts cuts = new SceneCuts(req.sceneThreshold());
        Rational label = clock.playback();
        Rational timeBase = new Rational(label.den(), label.num());
        VideoFrame held = new VideoFrame();
        long count = 0, segWritten = 0, made = 0, repeated = 0;
        boolean ended = false;
        VideoWriter.Config cfg = new VideoWriter.Config(req.encoder(), v.displayWidth(), v.displayHeight(), timeBase, label,
                v.color(), true, List.of(req.input()));
        try (VideoWriter w = VideoWriter.open(segFile, cfg)) {
            while (count < max) {
                cancel.check();
                if (!window.advance()) {
                    ended = true;
                    break;
                }
                VideoFrame cur = window.get(0);
                boolean hasNext = window.exists(1);
                VideoFrame nxt = window.get(1);
                long tCur = cur.timestampMicros() - t0;
                long tNext = hasNext ? Math.max(tCur + 1, nxt.timestampMicros() - t0) : tCur + frameMicros;
                boolean cut = hasNext && cuts.isCut(cur, nxt);
                // timestamps are rounded to the container's time base (1 ms in Matroska): an output time within that
                // of a source frame is that frame, not a network call at t = 0.004
                long tol = Math.max(tickMicros, (tNext - tCur) / 1000);
                for (long j = clock.firstAtOrAfter(tCur - tol); j < clock.firstAtOrAfter(tNext - tol); j++) {
                    long sj = clock.sourceMicros(j);
                    double t = (sj - tCur) / (double) (tNext - tCur);
                    VideoFrame out;
                    if (!hasNext || sj - tCur <= tol) {
                        out = cur;
                    } else if (tNext - sj <= tol) {
                        out = nxt;
                    } else if (cut) {
                        out = t < 0.5 ? cur : nxt;
                        repeated++;
                    } else {
                        out = req.interpolator().between(cur, nxt, (float) t);
                        made++;
                    }
                    if (out == cur || out == nxt) {
                        // a copy: the window's frames keep their own timestamps
                        held.resize(out.width(), out.height());
                        System.arraycopy(out.data(), 0, held.data(), 0, out.data().length);
                        out = held;
                    }
                    out.setPosition(j, j, timeBase);
                    w.write(out);
                    segWritten++;
                }
                count++;
                onFrame.accept(count);
            }
            if (count > 0 && segWritten > 0) {
                w.finish();
            } // else: the writer is abandoned, no empty segment
        }
        return new SegmentRun(count, segWritten, made, repeated, ended);
    }

    /** Joins the segments (packet copy), remuxes the source's other streams in (the sound as slow motion wants it). */
    private static Remuxer.Result join(Request req, OutputClock clock, List<Path> parts, Path scratch, CancellationToken cancel) {
        Path joined = scratch.resolve("joined." + RestoreJob.segmentExtension(req.encoder()));
        Concatenator.concat(parts, joined, true);
        Remuxer.Result streams;
        if (clock.slowMotion() && req.sound() == SlowMotionSound.STRETCH) {
            // the sound played as slowly as the picture, pitch kept (atempo); it replaces the source's as the remux source
            Path sound = scratch.resolve("stretched.m4a");
            boolean has = dev.flowsmith.media.AudioTempo.stretchFile(req.input(), sound, 1 / clock.stretch(), cancel);
            streams = Remuxer.remux(joined, has ? sound : req.input(), req.output(), false, req.overwrite(), false, !has);
        } else {
            streams = Remuxer.remux(joined, req.input(), req.output(), false, req.overwrite(), false,
                    clock.slowMotion() && req.sound() == SlowMotionSound.DROP);
        }
        try {
            Files.deleteIfExists(joined);
            Files.deleteIfExists(scratch.resolve("stretched.m4a"));
        } catch (java.io.IOException ignored) {
            // removed with the job folder
        }
        return streams;
    }

    /** The first frame's timestamp: every output time is counted from it (also on a resume). */
    private static long firstTimestamp(FrameSequence seq) {
        VideoFrame f = new VideoFrame();
        seq.seek(0);
        if (!seq.read(f)) {
            throw new dev.flowsmith.media.CorruptMediaException("The video has no frame that can be decoded.", "no frames");
        }
        return f.timestampMicros();
    }
}
