package dev.flowsmith.bench;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Transcoder;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.FFmpegLibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Transcode throughput of Flowsmith against the ffmpeg command line on the same clip, preset and
 * CRF, in the same run; decode-only throughput into float frames; and peak memory of a decode and
 * a transcode for a short and a long clip (each in a child JVM, read from /proc/self/status).
 * Run through {@code bench/transcode-bench.sh}, which makes the clips and installs Debian's ffmpeg.
 * <pre>
 *   compare CLIP_10S CLIP_60S PRESET CRF DEBIAN_FFMPEG
 *   rss decode|transcode CLIP          (child mode: prints "VmHWM_kB N")
 * </pre>
 */
public final class TranscodeBenchmark {
    private static final int RUNS = 2;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("rss")) {
            childRss(args[1], Path.of(args[2]));
            return;
        }
        Path clip = Path.of(args[1]), longClip = Path.of(args[2]);
        String preset = args[3];
        int crf = Integer.parseInt(args[4]);
        String debianFfmpeg = args[5];
        Path work = Files.createTempDirectory("flowsmith-bench");
        long frames = countFrames(clip);

        double flowsmith = best(() -> {
            Path out = work.resolve("flowsmith.mp4");
            Files.deleteIfExists(out);
            long t0 = System.nanoTime();
            Transcoder.run(new Transcoder.Request(clip, out, new EncoderSettings(VideoCodec.H264, crf, preset, 8), false),
                    ProgressListener.NONE, new CancellationToken());
            return seconds(t0);
        });
        double debian = best(() -> cli(debianFfmpeg, clip, work.resolve("debian.mp4"), preset, crf));
        double bundled = best(() -> cli(FFmpegLibrary.ffmpegExecutable().toString(), clip, work.resolve("bundled.mp4"), preset, crf));
        double decode = best(() -> {
            long t0 = System.nanoTime();
            try (VideoReader r = VideoReader.open(clip)) {
                VideoFrame f = new VideoFrame();
                while (r.read(f)) {
                    // decode + convert to planar float only
                }
            }
            return seconds(t0);
        });

        System.out.printf(Locale.ROOT, "clip: %s, %d frames, x264 preset %s crf %d, best of %d runs, %d cores%n", clip.getFileName(),
                frames, preset, crf, RUNS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-44s %8.1f fps%n", "Flowsmith transcode (Transcoder)", frames / flowsmith);
        System.out.printf(Locale.ROOT, "%-44s %8.1f fps   Flowsmith/CLI = %.2fx%n", "ffmpeg CLI, Debian package (" + debianFfmpeg + ")",
                frames / debian, debian / flowsmith);
        System.out.printf(Locale.ROOT, "%-44s %8.1f fps   Flowsmith/CLI = %.2fx%n", "ffmpeg CLI, same FFmpeg/x264 build as Flowsmith",
                frames / bundled, bundled / flowsmith);
        System.out.printf(Locale.ROOT, "%-44s %8.1f fps%n", "Flowsmith decode to float RGB (VideoReader)", frames / decode);

        for (String mode : List.of("decode", "transcode")) {
            long a = rssOfChild(mode, clip), b = rssOfChild(mode, longClip);
            System.out.printf(Locale.ROOT, "peak RSS %-9s  %s: %d MB   %s: %d MB   long/short = %.2f%n", mode, clip.getFileName(),
                    a / 1024, longClip.getFileName(), b / 1024, (double) b / a);
        }
    }

    interface Timed {
        double run() throws Exception;
    }

    private static double best(Timed t) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            best = Math.min(best, t.run());
        }
        return best;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double cli(String ffmpeg, Path in, Path out, String preset, int crf) throws Exception {
        Files.deleteIfExists(out);
        List<String> cmd = List.of(ffmpeg, "-v", "error", "-nostdin", "-i", in.toString(), "-map", "0", "-c:v", "libx264",
                "-preset", preset, "-crf", Integer.toString(crf), "-c:a", "copy", out.toString());
        long t0 = System.nanoTime();
        Process p = dev.flowsmith.media.FFmpegLibrary.toolProcess(cmd).inheritIO().start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + cmd);
        }
        return seconds(t0);
    }

    private static long countFrames(Path clip) {
        long n = 0;
        try (VideoReader r = VideoReader.open(clip)) {
            n = r.info().frameCount();
        }
        return n;
    }

    private static long rssOfChild(String mode, Path clip) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TranscodeBenchmark.class.getName(), "rss", mode, clip.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        for (String line : out.split("\\R")) {
            if (line.startsWith("VmHWM_kB ")) {
                return Long.parseLong(line.substring(9).trim());
            }
        }
        throw new IllegalStateException("child printed no VmHWM: " + out);
    }

    private static void childRss(String mode, Path clip) throws IOException {
        if (mode.equals("decode")) {
            try (VideoReader r = VideoReader.open(clip)) {
                VideoFrame f = new VideoFrame();
                while (r.read(f)) {
                    // whole file
                }
            }
        } else {
            Path out = Files.createTempDirectory("flowsmith-rss").resolve("out.mp4");
            Transcoder.run(new Transcoder.Request(clip, out, new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8), false),
                    ProgressListener.NONE, new CancellationToken());
            Files.delete(out);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println("VmHWM_kB " + line.replaceAll("\\D", ""));
            }
        }
    }
}
