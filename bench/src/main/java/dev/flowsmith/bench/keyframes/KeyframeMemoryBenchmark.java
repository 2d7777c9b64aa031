package dev.flowsmith.bench.keyframes;

import dev.flowsmith.editing.keyframes.BuiltInEdit;
import dev.flowsmith.editing.keyframes.KeyframeSelector;
import dev.flowsmith.editing.keyframes.KeyframeSet;
import dev.flowsmith.editing.keyframes.PropagateJob;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue #8: keyframe selection + a stylised-keyframe propagation over a short and a long video, each
 * in a child JVM (heap fixed at 1 GB and pre-touched, so the heap is resident in both runs and only growth shows) reading its own VmHWM: peak memory must stay
 * under 2 GB and not grow with the number of frames; time per frame is printed for both phases.
 * Usage (bench/keyframe-bench.sh): {@code compare SHORT LONG [SD_DIR]} or child modes {@code run IN}, {@code run-text IN SD_DIR}
 * (issue #17: the whole text edit, selection + joint keyframe edit with the tiny Stable Diffusion at 64 px + propagation;
 * the printed "propagation" time is then the whole job's per frame).
 */
public final class KeyframeMemoryBenchmark {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("run-text")) { // the text edit with a (tiny) Stable Diffusion folder: selection, joint edit, propagation
            Path in = Path.of(args[1]), work = Files.createTempDirectory("flowsmith-kf");
            System.setProperty("flowsmith.cache", work.resolve("cache").toString());
            long t0 = System.nanoTime();
            dev.flowsmith.editing.keyframes.TextEditJob.Result r = dev.flowsmith.editing.keyframes.TextEditJob.run(
                    new dev.flowsmith.editing.keyframes.TextEditJob.Request(in, work.resolve("out.mp4"), work.resolve("kf"), Path.of(args[2]), null,
                            new dev.flowsmith.diffusion.sd.KeyframeTranslation.Settings("a watercolour painting", "", 0.5, 4, 5, 20), 64,
                            KeyframeSelector.Params.DEFAULTS, new EncoderSettings(VideoCodec.H264, 20, "veryfast", 8), false, false),
                    ProgressListener.NONE, new CancellationToken());
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "VmHWM_kB %s frames %d keyframes %d select_ms_per_frame %.1f "
                            + "export_s %.1f propagate_ms_per_frame %.1f confidence %.2f%n", dev.flowsmith.bench.ChildJvm.vmHwmKb(),
                    r.propagation().frames(), r.keyframes(), Double.NaN, Double.NaN, (t1 - t0) / 1e6 / r.propagation().frames(), Double.NaN);
            return;
        }
        if (args[0].equals("run")) {
            Path in = Path.of(args[1]);
            Path work = Files.createTempDirectory("flowsmith-kf");
            System.setProperty("flowsmith.cache", work.resolve("cache").toString());
            long t0 = System.nanoTime();
            List<KeyframeSelector.Segment> segs = KeyframeSelector.select(in, KeyframeSelector.Params.DEFAULTS,
                    ProgressListener.NONE, new CancellationToken());
            long t1 = System.nanoTime();
            KeyframeSet.export(in, segs, work.resolve("kf"), BuiltInEdit.STYLIZE);
            long t2 = System.nanoTime();
            PropagateJob.Result r = PropagateJob.run(in, work.resolve("kf"), work.resolve("out.mp4"),
                    new EncoderSettings(VideoCodec.H264, 20, "veryfast", 8), false, false, ProgressListener.NONE, new CancellationToken());
            long t3 = System.nanoTime();
            double conf = Arrays.stream(r.confidence()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "VmHWM_kB %s frames %d keyframes %d select_ms_per_frame %.1f "
                            + "export_s %.1f propagate_ms_per_frame %.1f confidence %.2f%n", dev.flowsmith.bench.ChildJvm.vmHwmKb(),
                    r.frames(), r.keyframes(), (t1 - t0) / 1e6 / r.frames(), (t2 - t1) / 1e9, (t3 - t2) / 1e6 / r.frames(), conf);
            return;
        }
        String[] extra = args.length > 3 ? new String[]{args[3]} : new String[0]; // compare SHORT LONG [SD_DIR]: the text edit
        String[] a = run(Path.of(args[1]), extra), b = run(Path.of(args[2]), extra);
        for (String[] x : new String[][]{a, b}) {
            if (extra.length > 0) { // run-text times the whole job: selection, the joint edit, propagation and encode
                System.out.printf(Locale.ROOT, "%s frames, %s keyframes: peak RSS %d MB; the whole text edit %s ms/frame%n",
                        x[3], x[5], Long.parseLong(x[1]) / 1024, x[11]);
            } else {
                System.out.printf(Locale.ROOT, "%s frames, %s keyframes: peak RSS %d MB; selection %s ms/frame, "
                                + "keyframe export + stylise %s s, propagation (with encode) %s ms/frame, mean confidence %s%n",
                        x[3], x[5], Long.parseLong(x[1]) / 1024, x[7], x[9], x[11], x[13]);
            }
        }
        System.out.printf(Locale.ROOT, "long/short peak RSS = %.2f (target: flat, and under 2 GB)%n",
                (double) Long.parseLong(b[1]) / Long.parseLong(a[1]));
    }

    private static String[] run(Path clip, String[] sd) throws IOException, InterruptedException {
        return sd.length == 0 ? dev.flowsmith.bench.ChildJvm.peakRss(KeyframeMemoryBenchmark.class, "1g", "run", clip.toString())
                : dev.flowsmith.bench.ChildJvm.peakRss(KeyframeMemoryBenchmark.class, "1g", "run-text", clip.toString(), sd[0]);
    }

    private KeyframeMemoryBenchmark() {
    }
}
