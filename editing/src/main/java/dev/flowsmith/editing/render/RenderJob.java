package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.media.AtomicOutput;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.Concatenator;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Remuxer;
import dev.flowsmith.restoration.job.DiskSpaceCheck;
import dev.flowsmith.restoration.job.ManifestStore;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a timeline to one file in the segmented, resumable way of every long job: the picture as
 * video segments (each piece copied, or encoded in chunks of a few seconds), each recorded with its
 * checksum in a manifest beside the output; then the sound as one AAC mixdown exactly as long as the
 * picture; then segments joined by packet copy, sound muxed in, and the file moved into place.
 * A killed or cancelled render resumes after its last finished segment.
 */
public final class RenderJob {
    /** What to render; {@code allowCopy} lets untouched, keyframe-aligned video go through without re-encoding. */
    public record Request(Project project, Path output, EncoderSettings encoder, boolean allowCopy, double segmentSeconds,
                          boolean resume, boolean overwrite, dev.flowsmith.media.AudioCodec audioCodec, int audioKbps) {
        /** AAC at 192 kbit/s. */
        public Request(Project project, Path output, EncoderSettings encoder, boolean allowCopy, double segmentSeconds,
                       boolean resume, boolean overwrite) {
            this(project, output, encoder, allowCopy, segmentSeconds, resume, overwrite, dev.flowsmith.media.AudioCodec.AAC, 192);
        }

        /** An export: the project at the export's size and rate, its video and audio encoders. */
        public static Request export(Project project, Path output, ExportSettings s, boolean resume, boolean overwrite) {
            return export(project, output, s, true, 10, resume, overwrite);
        }

        public static Request export(Project project, Path output, ExportSettings s, boolean allowCopy, double segmentSeconds,
                                     boolean resume, boolean overwrite) {
            return new Request(s.apply(project), output, s.video(), allowCopy, segmentSeconds, resume, overwrite, s.audio(),
                    s.audioKbps());
        }
    }

    public record Result(Path output, RenderPlan plan, long frames, int segmentsRendered, int segmentsReused) {
    }

    private record Unit(VideoPiece piece, long offset, long frames) {
        long start() {
            return piece.start() + offset;
        }
    }

    private RenderJob() {
    }

    public static Path jobDir(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".flowsmith-render");
    }

    public static Result run(Request req, ProgressListener progress, CancellationToken cancel) {
        Checked c = check(req);
        Project p = req.project();
        List<Path> inputs = c.inputs();
        RenderPlan plan = c.plan();
        List<Unit> units = c.units();
        Path dir = jobDir(req.output());
        ManifestStore<RenderManifest> store = new ManifestStore<>(dir, RenderManifest.class);
        RenderManifest m = openManifest(req, store, dir, fingerprint(req, plan));
        int reused = m.segments.size();
        long total = plan.frames();
        long done = m.segments.stream().mapToLong(RenderManifest.Segment::frames).sum();
        String ext = c.extension(req);
        try (SegmentRenderer renderer = new SegmentRenderer(p, plan, req.encoder(), inputs)) {
            for (int i = m.segments.size(); i < units.size(); i++) {
                Unit u = units.get(i);
                Path seg = dir.resolve(String.format("segment-%05d.%s", i, ext));
                long base = done;
                if (plan.copy()) {
                    cancel.check();
                    renderer.copy(u.piece(), seg);
                } else {
                    renderer.encode(u.piece(), u.offset(), u.frames(), seg, cancel,
                            f -> progress.onProgress(base + f, total));
                }
                m.segments.add(new RenderManifest.Segment(i, u.start(), u.frames(), seg.getFileName().toString(),
                        ManifestStore.sha256(seg)));
                store.save(m);
                done += u.frames();
                progress.onProgress(done, total);
            }
            Path audio = dir.resolve("audio." + req.audioCodec().fileExtension());
            AudioMixdown.render(p, audio, inputs, cancel, req.audioCodec(), req.audioKbps() * 1000);
            List<Path> parts = m.segments.stream().map(s -> dir.resolve(s.file())).toList();
            Path joined = dir.resolve("joined." + ext);
            Concatenator.concat(parts, joined, true);
            Remuxer.remux(joined, audio, req.output(), true, req.overwrite());
        } catch (MediaCancelledException e) {
            throw new MediaCancelledException("The render was cancelled; " + m.segments.size() + " of " + units.size()
                    + " segment(s) are kept: render again with resume to continue.", null, e);
        }
        RestoreJob.deleteJobDir(dir);
        return new Result(req.output().toAbsolutePath(), plan, total, units.size() - reused, reused);
    }

    /** The timeline's media, how it renders and its units, once the render is known to be possible. */
    private record Checked(List<Path> inputs, RenderPlan plan, List<Unit> units) {
        String extension(Request req) {
            return plan.copy() ? "mp4" : RestoreJob.segmentExtension(req.encoder());
        }
    }

    /** Checks the render can run (media found, a timeline, the output writable, disk space) and splits it into units. */
    private static Checked check(Request req) {
        Project p = req.project();
        List<MediaRef> missing = p.media().stream().filter(m -> !Files.isRegularFile(m.path())).toList();
        if (!missing.isEmpty()) {
            throw new ProjectException("The timeline uses media that cannot be found: "
                    + String.join(", ", missing.stream().map(MediaRef::name).toList()) + ". Relink it first.",
                    missing.toString());
        }
        if (p.duration() == 0) {
            throw new ProjectException("The timeline is empty: there is nothing to render.", "no clips");
        }
        List<Path> inputs = p.media().stream().map(MediaRef::path).toList();
        AtomicOutput.create(req.output(), req.overwrite(), inputs).close(); // fails now if the target cannot be written
        RenderPlan plan = RenderPlan.of(p, req.allowCopy());
        DiskSpaceCheck.check(req.output().toAbsolutePath().getParent(), DiskSpaceCheck.estimateBytes(req.encoder(),
                p.settings().width(), p.settings().height(), p.duration()));
        List<Unit> units = units(plan, Math.max(1, Math.round(req.segmentSeconds() * p.rate().fps())));
        return new Checked(inputs, plan, units);
    }

    /**
     * The render as independent segments, for the farm (see {@link SegmentedWork}): one per unit (a copied piece, or a
     * chunk of a few seconds to encode), each starting at its first frame of the output; the sound is mixed down at the
     * join, so segments can be made in any order and on any machine that sees the project's media.
     */
    public static SegmentedWork segmented(Request req) {
        return new SegmentedWork() {
            private Checked checked;
            private long[] firsts;

            private Checked checked() {
                if (checked == null) {
                    checked = check(req);
                    List<Unit> units = checked.units();
                    firsts = new long[units.size()];
                    for (int i = 1; i < firsts.length; i++) {
                        firsts[i] = firsts[i - 1] + units.get(i - 1).frames();
                    }
                }
                return checked;
            }

            @Override
            public Layout layout() {
                Checked c = checked();
                int longest = (int) Math.min(Integer.MAX_VALUE, c.units().stream().mapToLong(Unit::frames).max().orElse(1));
                return new Layout(Math.max(1, longest), c.plan().frames(), true, "render " + fingerprint(req, c.plan()),
                        c.extension(req), firsts);
            }

            @Override
            public long render(long first, long maxFrames, Path target, java.util.function.LongConsumer framesDone,
                               CancellationToken cancel) {
                Checked c = checked();
                int i = java.util.Arrays.binarySearch(firsts, first);
                if (i < 0) {
                    return 0; // past the end, or not a segment's start: nothing of this render begins there
                }
                Unit u = c.units().get(i);
                try (SegmentRenderer renderer = new SegmentRenderer(req.project(), c.plan(), req.encoder(), c.inputs())) {
                    if (c.plan().copy()) {
                        cancel.check();
                        renderer.copy(u.piece(), target);
                    } else {
                        renderer.encode(u.piece(), u.offset(), u.frames(), target, cancel, framesDone);
                    }
                }
                framesDone.accept(u.frames());
                return u.frames();
            }

            @Override
            public List<String> join(List<Path> segments, Path scratch) {
                Checked c = checked();
                Path audio = scratch.resolve("audio." + req.audioCodec().fileExtension());
                AudioMixdown.render(req.project(), audio, c.inputs(), new CancellationToken(), req.audioCodec(), req.audioKbps() * 1000);
                Path joined = scratch.resolve("joined." + c.extension(req));
                Concatenator.concat(segments, joined, true);
                Remuxer.remux(joined, audio, req.output(), true, req.overwrite());
                return List.of();
            }
        };
    }

    /** Copy: one unit per piece. Encode: pieces cut into chunks of at most {@code chunk} frames. */
    private static List<Unit> units(RenderPlan plan, long chunk) {
        List<Unit> out = new ArrayList<>();
        for (VideoPiece v : plan.pieces()) {
            if (plan.copy()) {
                out.add(new Unit(v, 0, v.length()));
                continue;
            }
            for (long off = 0; off < v.length(); off += chunk) {
                out.add(new Unit(v, off, Math.min(chunk, v.length() - off)));
            }
        }
        return out;
    }

    private static RenderManifest openManifest(Request req, ManifestStore<RenderManifest> store, Path dir, String fp) {
        try {
            if (store.exists()) {
                RenderManifest old = store.load();
                if (!req.resume()) {
                    throw new MediaException("An interrupted render of '" + req.output().getFileName() + "' exists ("
                            + old.segments.size() + " finished segments); resume it, or delete '" + dir + "' to start over.",
                            dir.toString());
                }
                if (!fp.equals(old.fingerprint)) {
                    throw new MediaException("The interrupted render cannot be resumed: the timeline or the export settings "
                            + "changed since. Delete '" + dir + "' to start over.", dir.toString());
                }
                List<RenderManifest.Segment> kept = ManifestStore.intactPrefix(old.segments, dir, RenderManifest.Segment::index,
                        RenderManifest.Segment::file, RenderManifest.Segment::sha256);
                old.segments = kept;
                store.save(old);
                return old;
            }
            Files.createDirectories(dir);
            RenderManifest m = new RenderManifest();
            m.fingerprint = fp;
            store.save(m);
            return m;
        } catch (IOException e) {
            throw new MediaException("The render folder '" + dir + "' could not be created.", e.toString(), e);
        }
    }

    /** Identifies a render: the plan's pieces, the project format, the encoder and the copy decision. */
    private static String fingerprint(Request req, RenderPlan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append(req.project().settings()).append('|').append(req.encoder()).append('|').append(plan.copy())
                .append('|').append(req.segmentSeconds()).append('|').append(req.project().tracks());
        for (VideoPiece v : plan.pieces()) {
            sb.append('|').append(v.start()).append(',').append(v.length()).append(',')
                    .append(v.media() == null ? (v.composite() ? "composite" : "-") : v.media().path() + "@" + v.sourceIn());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
