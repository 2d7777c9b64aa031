package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores propagation against a per-frame reference: the edit applied to the keyframes only, carried to
 * every frame, compared with the edit applied to every frame; and the global colour transfer baseline.
 * Used by the tests and the quality bench ({@code bench/keyframe-quality-bench.sh}), which also asks
 * for the temporal warping error of the result and of the reference (frames kept in memory then).
 */
public final class PropagationEval {
    public record Result(int frames, int keyframes, double minPsnr, double meanPsnr, double baselineMeanPsnr,
                         double meanConfidence, double warpingError, double referenceWarpingError) {
    }

    public static Result run(Path video, BuiltInEdit edit, KeyframeSelector.Params params, int maxFrames) {
        return run(video, edit, params, maxFrames, false);
    }

    /** With {@code warpingError}, also the temporal warping error (x1e-3) of the result and of the reference. */
    public static Result run(Path video, BuiltInEdit edit, KeyframeSelector.Params params, int maxFrames, boolean warpingError) {
        List<VideoFrame> sources = new java.util.ArrayList<>(), results = new java.util.ArrayList<>(), refs = new java.util.ArrayList<>();
        List<KeyframeSelector.Segment> segs = KeyframeSelector.select(video, params, ProgressListener.NONE, new CancellationToken());
        Map<Integer, VideoFrame> src = new HashMap<>(), ed = new HashMap<>();
        try (VideoReader r = VideoReader.open(video)) {
            for (KeyframeSelector.Segment s : segs) {
                r.seek(s.keyframe());
                VideoFrame f = r.read().copy();
                src.put(s.keyframe(), f);
                ed.put(s.keyframe(), edit.apply(f));
            }
        }
        int[] idx = segs.stream().mapToInt(KeyframeSelector.Segment::keyframe).toArray();
        EditPropagator.Keyframes kfs = new EditPropagator.Keyframes() {
            public int[] indices() { return idx; }
            public VideoFrame source(int f) { return src.get(f); }
            public VideoFrame edited(int f) { return ed.get(f); }
        };
        GlobalColorTransfer baseline = new GlobalColorTransfer();
        for (int k : idx) {
            baseline.add(src.get(k), ed.get(k), 3);
        }
        double min = Double.MAX_VALUE, sum = 0, base = 0, conf = 0;
        int n = 0;
        VideoFrame out = new VideoFrame(), b = new VideoFrame();
        try (VideoReader r = VideoReader.open(video); EditPropagator prop = new EditPropagator(video, kfs)) {
            VideoFrame f;
            while ((f = r.read()) != null && n < maxFrames) {
                VideoFrame ref = edit.apply(f);
                conf += prop.render(f, n, out);
                double p = psnr(out, ref);
                if (warpingError) {
                    sources.add(f.copy());
                    results.add(out.copy());
                    refs.add(ref);
                }
                baseline.apply(f, b);
                base += psnr(b, ref);
                min = Math.min(min, p);
                sum += p;
                n++;
            }
        }
        double twe = Double.NaN, refTwe = Double.NaN;
        if (warpingError) {
            var t = new dev.flowsmith.restoration.quality.TemporalWarpingError(sources);
            twe = t.of(results);
            refTwe = t.of(refs);
        }
        return new Result(n, idx.length, min, sum / n, base / n, conf / n, twe, refTwe);
    }

    public static double psnr(VideoFrame a, VideoFrame b) {
        return EditPropagator.psnr(a, b);
    }

    /** {@code CLIP... }: the quality table of issue #8 for the colour grade and the stylisation. */
    public static void main(String[] args) {
        System.out.println("| clip | edit | frames | keyframes | min PSNR | mean PSNR | global baseline mean | gain | warping error (ref) | seconds |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String clip : args) {
            for (BuiltInEdit e : new BuiltInEdit[]{BuiltInEdit.GRADE, BuiltInEdit.STYLIZE}) {
                long t0 = System.nanoTime();
                Result r = run(Path.of(clip), e, KeyframeSelector.Params.DEFAULTS, Integer.MAX_VALUE, true);
                System.out.printf(java.util.Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %+.2f dB | %.3f (%.3f) | %.0f |%n",
                        Path.of(clip).getFileName(), e.name().toLowerCase(), r.frames(), r.keyframes(), r.minPsnr(), r.meanPsnr(),
                        r.baselineMeanPsnr(), r.meanPsnr() - r.baselineMeanPsnr(), r.warpingError(), r.referenceWarpingError(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private PropagationEval() {
    }
}
