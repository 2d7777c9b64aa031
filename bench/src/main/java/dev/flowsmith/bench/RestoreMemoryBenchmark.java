package dev.flowsmith.bench;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.job.RestoreJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peak memory of a restore (temporal denoise, the job engine with its segments) over a short and a
 * long clip, each in a child JVM reading its own VmHWM: it must not grow with the clip's length. The
 * child's heap is capped (256 MB) and pre-touched, so both runs start with the whole heap resident and
 * any difference is memory the job itself accumulates (a longer run otherwise just touches more of
 * the heap it was given, which looks like growth and is not).
 * Usage (through bench/restore-memory-bench.sh): {@code compare SHORT LONG} or child mode {@code run IN}.
 */
public final class RestoreMemoryBenchmark {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("run")) {
            Path out = Files.createTempDirectory("flowsmith-rss").resolve("out.mp4");
            long t0 = System.nanoTime();
            RestoreJob.Result r = RestoreJob.run(new RestoreJob.Request(Path.of(args[1]), out,
                    () -> new TemporalDenoiser(TemporalDenoiser.Params.defaults(15)),
                    new EncoderSettings(VideoCodec.H264, 20, "veryfast", 8), 4, false, false, false),
                    ProgressListener.NONE, new CancellationToken());
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.println("VmHWM_kB " + ChildJvm.vmHwmKb() + " frames " + r.framesProcessed()
                    + " seconds " + String.format(Locale.ROOT, "%.1f", secs) + " heapCommittedMB "
                    + Runtime.getRuntime().totalMemory() / 1048576);
            return;
        }
        String[] a = run(Path.of(args[1])), b = run(Path.of(args[2]));
        long ka = Long.parseLong(a[1]), kb = Long.parseLong(b[1]);
        System.out.printf(Locale.ROOT, "restore (denoise) %s: %s frames in %s s, peak RSS %d MB (Java heap committed %s MB)%n",
                Path.of(args[1]).getFileName(), a[3], a[5], ka / 1024, a[7]);
        System.out.printf(Locale.ROOT, "restore (denoise) %s: %s frames in %s s, peak RSS %d MB (Java heap committed %s MB)%n",
                Path.of(args[2]).getFileName(), b[3], b[5], kb / 1024, b[7]);
        System.out.printf(Locale.ROOT, "long/short peak RSS = %.2f%n", (double) kb / ka);
    }

    private static String[] run(Path clip) throws IOException, InterruptedException {
        return ChildJvm.peakRss(RestoreMemoryBenchmark.class, System.getProperty("flowsmith.childHeap", "256m"), "run", clip.toString());
    }
}
