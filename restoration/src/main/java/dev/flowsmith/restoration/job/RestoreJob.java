package dev.flowsmith.restoration.job;

import dev.flowsmith.media.AtomicOutput;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.Concatenator;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.Remuxer;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.media.VideoWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A long restore as segments of a few seconds: decode -> {@link FrameProcessor} -> encode one file
 * per segment, each recorded with its checksum in a manifest in a hidden folder beside the output.
 * After a crash or kill, {@code resume} skips the finished segments and starts the next one with an
 * exact seek (the processor's window included), so the result equals an uninterrupted run. At the
 * end the segments are joined without re-encoding, the source's audio, subtitles and tags are
 * remuxed in, and the file is moved into place atomically. Cancel keeps the finished segments (a
 * later resume continues) and, with {@code keepPartial}, writes them as a playable partial result.
 */
public final class RestoreJob {
    /** What to run. {@code segmentSeconds} sets the segment length (at the source frame rate). */
    /**
     * {@code acceptDamaged}: a damaged or cut input (fewer frames than it announces, read errors) still gives a result
     * from what could be decoded, with the damage reported in {@link Result#damage()}; otherwise the job fails, like
     * transcode, naming the numbers, and keeps its finished segments.
     */
    public record Request(Path input, Path output, Supplier<FrameProcessor> processor, EncoderSettings encoder,
                          double segmentSeconds, boolean resume, boolean keepPartial, boolean overwrite, boolean acceptDamaged) {
        public Request(Path input, Path output, Supplier<FrameProcessor> processor, EncoderSettings encoder,
                       double segmentSeconds, boolean resume, boolean keepPartial, boolean overwrite) {
            this(input, output, processor, encoder, segmentSeconds, resume, keepPartial, overwrite, false);
        }
    }

    /**
     * The finished file, how many frames were processed now and how many were reused from a previous run; {@code damage}
     * says what was wrong with an input accepted although damaged (null when it was whole); {@code leftOut} names the
     * source's streams (audio, subtitles) the output's container could not take, as transcode reports them.
     */
    public record Result(Path output, long framesProcessed, long framesReused, int segments, String damage,
                         List<String> leftOut) {
        public Result(Path output, long framesProcessed, long framesReused, int segments) {
            this(output, framesProcessed, framesReused, segments, null, List.of());
        }
    }

    /** Smallest picture side a restore accepts: OpenCV's DIS flow needs 12 px, the 8-px patches a little more. */
    static final int MIN_SIDE = 16;

    private RestoreJob() {
    }

    public static Path jobDir(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".flowsmith-job");
    }

    /** Where a cancelled job's partial result goes: {@code name.partial.ext}. */
    public static Path partialPath(Path output) {
        String n = output.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return output.resolveSibling(dot > 0 ? n.substring(0, dot) + ".partial" + n.substring(dot) : n + ".partial");
    }

    public static Result run(Request req, ProgressListener progress, CancellationToken cancel) {
        MediaInfo info = MediaProbe.probe(req.input());
        VideoStreamInfo v = checkedVideo(req, info);
        // fail before any work when the target cannot be written or already exists
        AtomicOutput.create(req.output(), req.overwrite(), List.of(req.input())).close();
        try (FrameProcessor probe = req.processor().get()) {
            int ow = probe.outputWidth(v.displayWidth()), oh = probe.outputHeight(v.displayHeight());
            DiskSpaceCheck.check(req.output().toAbsolutePath().getParent(),
                    DiskSpaceCheck.estimateBytes(req.encoder(), ow, oh, v.frameCount() * probe.outputsPerFrame()));
            JobManifest wanted = describe(req, v, probe);
            Path dir = jobDir(req.output());
            ManifestStore<JobManifest> store = new ManifestStore<>(dir, JobManifest.class);
            try (dev.flowsmith.media.JobFolderLock lock = dev.flowsmith.media.JobFolderLock.acquire(dir, req.output())) {
                JobManifest manifest = openManifest(req.resume(), req.output(), wanted, dir, store);
                return runSegments(req, v, info, manifest, store, dir, ow, oh, progress, cancel);
            } finally {
                if (Files.isDirectory(dir) && !store.exists()) {
                    deleteJobDir(dir); // nothing to resume: only the lock was there
                }
            }
        }
    }

    /** The request as independent segments, for the farm: see {@link SegmentedWork}. */
    public static SegmentedWork segmented(Request req) {
        return new SegmentedWork() {
            private VideoStreamInfo video;

            private VideoStreamInfo video() {
                if (video == null) {
                    video = checkedVideo(req, MediaProbe.probe(req.input()));
                }
                return video;
            }

            @Override
            public Layout layout() {
                VideoStreamInfo v = video();
                AtomicOutput.create(req.output(), req.overwrite(), List.of(req.input())).close();
                try (FrameProcessor probe = req.processor().get()) {
                    int ow = probe.outputWidth(v.displayWidth()), oh = probe.outputHeight(v.displayHeight());
                    DiskSpaceCheck.check(req.output().toAbsolutePath().getParent(),
                            DiskSpaceCheck.estimateBytes(req.encoder(), ow, oh, v.frameCount() * probe.outputsPerFrame()));
                    JobManifest m = describe(req, v, probe);
                    String description = String.join(" | ", m.inputFingerprint, String.valueOf(m.inputSize), m.processor, m.encoder,
                            String.valueOf(m.segmentFrames));
                    return new Layout(m.segmentFrames, v.frameCount(), v.frameCountExact(), description, segmentExtension(req.encoder()));
                }
            }

            @Override
            public long render(long first, long maxFrames, Path target, java.util.function.LongConsumer framesDone, CancellationToken cancel) {
                VideoStreamInfo v = video();
                try (FrameProcessor proc = req.processor().get(); VideoReader reader = VideoReader.open(req.input())) {
                    int ow = proc.outputWidth(v.displayWidth()), oh = proc.outputHeight(v.displayHeight());
                    FrameWindow window = new FrameWindow(FrameSequence.of(reader), proc.radius());
                    window.startAt(first);
                    return writeSegment(req, v, reader, window, proc, first, maxFrames, target, ow, oh, framesDone, cancel).frames();
                }
            }

            @Override
            public List<String> join(List<Path> segments, Path scratch) {
                Path joined = scratch.resolve("joined." + segmentExtension(req.encoder()));
                Concatenator.concat(segments, joined, true);
                try {
                    return Remuxer.remux(joined, req.input(), req.output(), false, req.overwrite(), false).droppedStreams();
                } finally {
                    try {
                        Files.deleteIfExists(joined);
                    } catch (IOException ignored) {
                        // a leftover in the job folder goes with it
                    }
                }
            }
        };
    }

    /** The input's video stream, refused when too small for the restorers. */
    private static VideoStreamInfo checkedVideo(Request req, MediaInfo info) {
        VideoStreamInfo v = info.requireVideo();
        if (v.displayWidth() < MIN_SIDE || v.displayHeight() < MIN_SIDE) {
            throw new dev.flowsmith.media.UnsupportedMediaException("'" + req.input().getFileName() + "' is " + v.displayWidth()
                    + "x" + v.displayHeight() + " pixels: Flowsmith restores videos of at least " + MIN_SIDE + "x" + MIN_SIDE
                    + " (optical flow needs room to match).", v.displayWidth() + "x" + v.displayHeight());
        }
        return v;
    }

    private static JobManifest describe(Request req, VideoStreamInfo v, FrameProcessor p) {
        JobManifest m = JobManifest.forInput(req.input());
        m.processor = p.describe();
        m.encoder = req.encoder().toString();
        double fps = v.avgFrameRate().isKnown() ? v.avgFrameRate().toDouble() : 30;
        m.segmentFrames = Math.max(1, (int) Math.round(req.segmentSeconds() * fps));
        m.totalFrames = v.frameCount();
        return m;
    }

    /**
     * The job's manifest: a fresh one, or (with {@code resume}) the interrupted run's with its intact leading segments.
     * An interrupted job is never discarded without {@code resume} or the user deleting its folder. Shared by the
     * segmented jobs (restore, interpolate).
     */
    public static JobManifest openManifest(boolean resume, Path output, JobManifest wanted, Path dir, ManifestStore<JobManifest> store) {
        try {
            if (store.exists()) {
                JobManifest old = store.load();
                if (old.segments.isEmpty() && !resume) {
                    store.save(wanted); // an earlier run finished nothing: there is nothing to keep or resume
                    return wanted;
                }
                if (!resume) {
                    throw new MediaException("An interrupted job for '" + output.getFileName() + "' exists ("
                            + old.segments.size() + " finished segments); resume it with --resume, or delete '" + dir
                            + "' to start over.", dir.toString());
                }
                if (!old.sameJob(wanted)) {
                    throw new MediaException("The interrupted job cannot be resumed: " + wanted.difference(old)
                            + ". Delete '" + dir + "' to start over.", dir.toString());
                }
                // keep the leading run of segments whose files are intact
                List<JobManifest.Segment> kept = ManifestStore.intactPrefix(old.segments, dir, JobManifest.Segment::index,
                        JobManifest.Segment::file, JobManifest.Segment::sha256);
                old.segments = kept;
                store.save(old);
                return old;
            }
            Files.createDirectories(dir);
            store.save(wanted);
            return wanted;
        } catch (IOException e) {
            throw new MediaException("The job folder '" + dir + "' could not be created.", e.toString(), e);
        }
    }

    private static Result runSegments(Request req, VideoStreamInfo v, MediaInfo info, JobManifest m, ManifestStore<JobManifest> store,
                                      Path dir, int ow, int oh, ProgressListener progress, CancellationToken cancel) {
        long reused = m.segments.stream().mapToLong(JobManifest.Segment::frames).sum();
        long processed = 0;
        long next = reused;
        boolean ended = false;
        String damage = null;
        try (FrameProcessor proc = req.processor().get(); VideoReader reader = VideoReader.open(req.input())) {
            if (next < v.frameCount() || !v.frameCountExact()) {
                FrameWindow window = new FrameWindow(FrameSequence.of(reader), proc.radius());
                window.startAt(next);
                while (!ended) {
                    int index = m.segments.size();
                    String name = segmentName(index, req.encoder());
                    Path segFile = dir.resolve(name);
                    long first = next;
                    long before = reused + processed;
                    SegmentRun run = writeSegment(req, v, reader, window, proc, first, m.segmentFrames, segFile, ow, oh,
                            done -> progress.onProgress(before + done, v.frameCount()), cancel);
                    processed += run.frames();
                    ended = run.ended();
                    damage = run.damage() != null ? run.damage() : damage;
                    if (run.frames() == 0) {
                        break; // nothing left: no empty segment
                    }
                    m.segments.add(new JobManifest.Segment(index, first, run.frames(), name, ManifestStore.sha256(segFile)));
                    store.save(m);
                    next = first + run.frames();
                    if (window.isPastEnd(next)) {
                        ended = true;
                    }
                }
            }
        } catch (MediaCancelledException e) {
            if (req.keepPartial() && !m.segments.isEmpty()) {
                Path partial = assemble(req, m, dir, partialPath(req.output()), true);
                throw new MediaCancelledException("The job was cancelled; " + m.segments.size()
                        + " finished segment(s) were kept (resume with --resume) and written to '" + partial.getFileName() + "'.",
                        null, e);
            }
            throw new MediaCancelledException("The job was cancelled; " + m.segments.size()
                    + " finished segment(s) were kept: run it again with --resume to continue.", null, e);
        }
        Remuxer.Result streams = assembleWithStreams(req, m, dir, req.output(), false);
        Path result = streams.output().toAbsolutePath();
        deleteJobDir(dir);
        try {
            Files.deleteIfExists(partialPath(req.output())); // a cancelled run's partial result is superseded now
        } catch (IOException ignored) {
            // a stale partial file is visible and named as such
        }
        return new Result(result, processed, reused, m.segments.size(), damage, streams.droppedStreams());
    }

    /** One segment written: its frames, whether the input ended in it, and the damage accepted at the end (or null). */
    record SegmentRun(long frames, boolean ended, String damage) {
    }

    /** {@code segment-00042.mp4}: the name of segment {@code index} in a job folder. */
    public static String segmentName(int index, EncoderSettings encoder) {
        return String.format(java.util.Locale.ROOT, "segment-%05d.%s", index, segmentExtension(encoder));
    }

    /**
     * Restores up to {@code max} frames from the window (positioned at {@code first}) into {@code segFile}. With no
     * frame left, no file is written and 0 returned. {@code onFrame} gets the count written so far.
     */
    private static SegmentRun writeSegment(Request req, VideoStreamInfo v, VideoReader reader, FrameWindow window, FrameProcessor proc,
                                           long first, long max, Path segFile, int ow, int oh,
                                           java.util.function.LongConsumer onFrame, CancellationToken cancel) {
        long count = 0;
        boolean ended = false;
        String damage = null;
        VideoFrame out = new VideoFrame(ow, oh);
        int per = proc.outputsPerFrame();
        int[] cadence = proc.cadence();
        boolean decimating = cadence[0] != cadence[1];
        Rational rate = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        // n outputs per frame: a time base n times finer, the outputs a frame's duration / n apart
        Rational timeBase = per == 1 ? v.timeBase() : new Rational(v.timeBase().num(), v.timeBase().den() * per);
        long step = per == 1 ? 0 : Math.max(1, Math.round(1.0 / (rate.toDouble() * v.timeBase().toDouble())));
        Rational outRate = per == 1 ? rate : new Rational(rate.num() * per, rate.den());
        if (decimating) { // out of every `in` frames: a frame duration of in/out input frames, one tick each
            long num = (long) rate.num() * cadence[1], den = (long) rate.den() * cadence[0];
            long g = java.math.BigInteger.valueOf(num).gcd(java.math.BigInteger.valueOf(den)).longValue();
            outRate = new Rational(Math.toIntExact(num / g), Math.toIntExact(den / g));
            timeBase = new Rational(outRate.den(), outRate.num());
        }
        VideoWriter.Config cfg = new VideoWriter.Config(req.encoder(), ow, oh, timeBase, outRate, v.color(), true, List.of(req.input()));
        proc.beginSegment(first);
        try (VideoWriter w = VideoWriter.open(segFile, cfg)) {
            while (count < max) {
                cancel.check();
                if (!window.advance()) {
                    ended = true;
                    damage = checkWhole(req, reader, first);
                    break;
                }
                VideoFrame centre = window.get(0);
                if (centre.width() != v.displayWidth() || centre.height() != v.displayHeight()) {
                    throw new dev.flowsmith.media.UnsupportedMediaException("'" + req.input().getFileName()
                            + "' changes its picture size at frame " + centre.index() + " (from " + v.displayWidth()
                            + "x" + v.displayHeight() + " to " + centre.width() + "x" + centre.height() + "): "
                            + "Flowsmith restores one picture size per file; cut it at that frame and restore the "
                            + "parts.", "size change");
                }
                if (decimating) {
                    int place = proc.keptPlace(window);
                    if (place >= 0) {
                        out.resize(ow, oh);
                        proc.process(window, out);
                        long i = centre.index();
                        // evenly spaced from the input's own start: the centre's time less its place in a steady cadence
                        long start = Math.round(centre.pts() * centre.timeBase().toDouble() / timeBase.toDouble()
                                - (double) i * cadence[1] / cadence[0]);
                        long slot = (i / cadence[0]) * cadence[1] + place;
                        out.setPosition(slot, start + slot, timeBase);
                        w.write(out);
                    }
                    count++;
                    onFrame.accept(count);
                    continue;
                }
                for (int sub = 0; sub < per; sub++) {
                    out.resize(ow, oh);
                    proc.process(window, out, sub);
                    if (per == 1) {
                        out.setPosition(centre.index(), centre.pts(), centre.timeBase());
                    } else {
                        long pts = centre.timeBase().rescale(centre.pts(), v.timeBase()) * per + sub * step;
                        out.setPosition(centre.index() * per + sub, pts, timeBase);
                    }
                    w.write(out);
                }
                count++;
                onFrame.accept(count);
            }
            if (count > 0) {
                w.finish();
            } // else: the writer is abandoned, no empty segment
        }
        return new SegmentRun(count, ended, damage);
    }

    /**
     * At the end of the input: whether it was whole. Damage fails the job (finished segments kept, so a rerun with
     * damage accepted resumes) unless the request accepts it; then it is returned as a sentence for the user.
     */
    private static String checkWhole(Request req, VideoReader reader, long firstOfSegment) {
        try {
            reader.verifyComplete();
            return null;
        } catch (dev.flowsmith.media.CorruptMediaException e) {
            if (!req.acceptDamaged()) {
                throw new dev.flowsmith.media.CorruptMediaException(e.userMessage() + " Nothing was written (the segments before frame "
                        + firstOfSegment + " are kept): accept the damage to restore what can be read "
                        + "(flowsmith restore --accept-damaged --resume).", e.getMessage(), e);
            }
            return e.userMessage();
        }
    }

    /** Joins the finished segments (packet copy) and remuxes the source's other streams and tags in. */
    private static Path assemble(Request req, JobManifest m, Path dir, Path target, boolean partial) {
        return assembleWithStreams(req, m, dir, target, partial).output().toAbsolutePath();
    }

    /** As {@link #assemble}, telling which of the source's other streams were copied and which were left out. */
    private static Remuxer.Result assembleWithStreams(Request req, JobManifest m, Path dir, Path target, boolean partial) {
        List<Path> parts = m.segments.stream().map(s -> dir.resolve(s.file())).toList();
        Path joined = dir.resolve((partial ? "joined-partial." : "joined.") + segmentExtension(req.encoder()));
        Concatenator.concat(parts, joined, true);
        try {
            return Remuxer.remux(joined, req.input(), target, false, req.overwrite() || partial, partial);
        } finally {
            try {
                Files.deleteIfExists(joined);
            } catch (IOException ignored) {
                // removed with the job folder
            }
        }
    }

    /**
     * Segments go in a container that stores decode timestamps (MP4/MOV), so B-frame streams join
     * cleanly; FFV1 (intra-only) goes in Matroska, the one container that holds it.
     */
    public static String segmentExtension(EncoderSettings s) {
        return switch (s.codec()) {
            case FFV1 -> "mkv";
            case PRORES -> "mov";
            default -> "mp4";
        };
    }

    /** Removes a finished job's folder. */
    public static void deleteJobDir(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden folder is harmless
        }
    }

}
