package dev.flowsmith.bench.interp;

import dev.flowsmith.bench.quality.QualityHarness;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.sr.NcnnUpscaler;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Real-ESRGAN animevideov3 x4 speed (issue #16), one run: Flowsmith's ncnn runtime against the reference
 * realesrgan-ncnn-vulkan on Mesa's llvmpipe (the same CPU; its per-call start-up, measured on a tiny picture,
 * taken out), on bmx-trees frames (432x240 -> 1728x960). Also says how far apart the two outputs are.
 */
public final class LearnedSrBenchmark {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        Path esr = data.resolve("models/npm/waifu2x-1.6.5/real-esrgan");
        Path work = Files.createTempDirectory("sr-bench");
        NcnnUpscaler up = NcnnUpscaler.realEsrganAnimeVideo(esr, 4);
        List<Path> files;
        try (var s = Files.list(data.resolve("davis/bmx-trees"))) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(frames).toList();
        }
        try (Compute compute = new Compute(Runtime.getRuntime().availableProcessors())) {
            up.upscale(Frames.load(files.get(0), 0), compute); // warm-up
            double ours = 0, ref = 0, apart = 0;
            for (Path f : files) {
                VideoFrame in = Frames.load(f, 0);
                long t0 = System.nanoTime();
                VideoFrame o = up.upscale(in, compute);
                ours += (System.nanoTime() - t0) / 1e9;
                Path png = work.resolve("in.png"), out = work.resolve("out.png");
                ImageIO.write(QualityHarness.toImage(in), "png", png.toFile());
                long r0 = System.nanoTime();
                InterpolationBenchmark.run(List.of(esr.resolve("realesrgan-ncnn-vulkan").toString(), "-i", png.toString(), "-o", out.toString(),
                        "-s", "4", "-m", esr.toString(), "-n", "realesr-animevideov3"));
                ref += (System.nanoTime() - r0) / 1e9;
                apart += InterpolationBenchmark.rgbPsnr(Frames.quantize(o), Frames.load(out, 0));
            }
            VideoFrame tiny = new VideoFrame(16, 16);
            Path t = work.resolve("t.png"), to = work.resolve("to.png");
            ImageIO.write(QualityHarness.toImage(tiny), "png", t.toFile());
            long s0 = System.nanoTime();
            InterpolationBenchmark.run(List.of(esr.resolve("realesrgan-ncnn-vulkan").toString(), "-i", t.toString(), "-o", to.toString(),
                    "-s", "4", "-m", esr.toString(), "-n", "realesr-animevideov3"));
            double startup = (System.nanoTime() - s0) / 1e9;
            int n = files.size();
            System.out.printf(Locale.ROOT, "Real-ESRGAN animevideov3 x4, %d bmx-trees frames 432x240 -> 1728x960, %d cores%n", n,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  Flowsmith: %.2f frames/s%n  realesrgan-ncnn-vulkan (llvmpipe): %.2f frames/s (start-up %.2f s per call taken out)%n"
                    + "  ratio %.2fx; outputs %.1f dB apart on average (RGB PSNR, including the reference's wrong dark-blue values)%n",
                    n / ours, n / Math.max(1e-9, ref - n * startup), startup, (ref - n * startup) / ours, apart / n);
            System.out.println("  where Flowsmith's time goes: " + compute.timeByLayerType());
        }
    }
}
