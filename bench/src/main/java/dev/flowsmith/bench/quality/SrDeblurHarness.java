package dev.flowsmith.bench.quality;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deblur.Deconvolver;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.sr.SuperResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Super-resolution x4 and deblurring rows of the quality table. SR input: Vid4 frames shrunk x4 with
 * OpenCV's INTER_CUBIC (the degradation the bundled networks were trained on), 8-bit. Peers: FFmpeg's
 * {@code scale=...:flags=lanczos}. Deblur: McMaster images blurred with a Gaussian of sigma 2 plus 1 %
 * noise. Same metrics as {@link QualityHarness}.
 */
public final class SrDeblurHarness {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        String ffmpeg = args[2];
        System.out.println("| clip | task | method | PSNR-Y dB | SSIM-Y | warp err x1e-3 | frames/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String name : List.of("vid4/calendar", "vid4/city")) {
            List<VideoFrame> hr = new ArrayList<>(), lr = new ArrayList<>();
            for (VideoFrame f : QualityHarness.sequence(data.resolve(name), name, frames).clean()) {
                VideoFrame c = crop4(f);
                hr.add(c);
                lr.add(Frames.quantize(Frames.cubicDown(c, 4)));
            }
            warp = new dev.flowsmith.restoration.quality.TemporalWarpingError(hr);
            List<Object[]> methods = new ArrayList<>();
            methods.add(new Object[]{"Flowsmith bicubic", (Supplier<FrameProcessor>) () ->
                    new SuperResolver(new SuperResolver.Params(SuperResolver.Method.BICUBIC, 4, null))});
            methods.add(new Object[]{"Flowsmith Lanczos", (Supplier<FrameProcessor>) () ->
                    new SuperResolver(new SuperResolver.Params(SuperResolver.Method.LANCZOS, 4, null))});
            for (String m : List.of("fsrcnn_tf/models/FSRCNN_x4.pb", "espcn_tf/export/ESPCN_x4.pb", "lapsrn_tf/export/LapSRN_x4.pb",
                    "npm/upscalerjs-esrgan-slim-1.0.0/package/models/x4/model.json",
                    "npm/upscalerjs-esrgan-legacy-1.0.0/models/div2k/x4/model.json",
                    "npm/waifu2x-1.6.5/real-esrgan/realesr-animevideov3-x4.param",
                    "npm/waifu2x-1.6.5/real-cugan/models-se/up4x-conservative.param")) {
                Path model = data.resolve("models").resolve(m);
                String label = m.contains("esrgan-slim") ? "ESRGAN-slim x4 (TF.js)" : m.contains("div2k") ? "RDN div2k x4 (TF.js, uint8)"
                        : m.contains("animevideov3") ? "Real-ESRGAN animevideov3 x4 (ncnn)"
                        : m.contains("real-cugan") ? "Real-CUGAN conservative x4 (ncnn)" : model.getFileName().toString();
                methods.add(new Object[]{"Flowsmith " + label, (Supplier<FrameProcessor>) () ->
                        new SuperResolver(new SuperResolver.Params(SuperResolver.Method.MODEL, 4, model))});
            }
            for (Object[] m : methods) {
                @SuppressWarnings("unchecked")
                Supplier<FrameProcessor> make = (Supplier<FrameProcessor>) m[1];
                long t0 = System.nanoTime();
                List<VideoFrame> out = QualityHarness.runProcessor(make.get(), lr);
                row(name, "SR x4", (String) m[0], out, hr, t0);
            }
            Path work = Files.createTempDirectory("flowsmith-sr");
            long t0 = System.nanoTime();
            List<VideoFrame> ff = QualityHarness.ffmpegFilter(ffmpeg, lr, work, "scale=iw*4:ih*4:flags=lanczos");
            row(name, "SR x4", "FFmpeg scale lanczos", ff, hr, t0);
        }
        List<VideoFrame> clean = new ArrayList<>(), blurred = new ArrayList<>();
        for (int i = 1; i <= Math.min(frames, 6); i++) {
            VideoFrame f = Frames.load(data.resolve("images/McMaster/" + i + ".tif"), i);
            clean.add(f);
            blurred.add(Frames.quantize(Frames.addNoise(blur(f, 2f), 2.55, i)));
        }
        warp = null; // stills: no temporal error
        row("McMaster", "deblur (Gaussian 2 + 1 % noise)", "blurred input", blurred, clean, System.nanoTime());
        for (Deconvolver.Method m : Deconvolver.Method.values()) {
            long t0 = System.nanoTime();
            List<VideoFrame> out = QualityHarness.runProcessor(new Deconvolver(new Deconvolver.Params(m, 2, 0, 0, 0, 30)), blurred);
            row("McMaster", "deblur (Gaussian 2 + 1 % noise)", "Flowsmith " + m, out, clean, t0);
        }
    }

    private static dev.flowsmith.restoration.quality.TemporalWarpingError warp;

    static void row(String clip, String task, String method, List<VideoFrame> out, List<VideoFrame> ref, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %.4f | %s | %s |%n", clip, task, method,
                QualityHarness.meanPsnr(out, ref), QualityHarness.meanSsim(out, ref),
                warp == null ? "-" : String.format(Locale.ROOT, "%.3f", warp.of(out)),
                method.contains("input") ? "" : String.format(Locale.ROOT, "%.2f", out.size() / secs));
    }

    static VideoFrame crop4(VideoFrame f) {
        return Frames.crop(f, f.width() / 4 * 4, f.height() / 4 * 4);
    }


    static VideoFrame blur(VideoFrame f, float sigma) {
        float[] taps = ResampleKernels.gaussianTaps(sigma);
        VideoFrame o = f.copy();
        float[] tmp = new float[f.data().length];
        ResampleKernels.convolveRows(f.data(), taps, tmp, f.width(), 0, 3 * f.height());
        ResampleKernels.convolveColumns(tmp, taps, o.data(), f.height(), f.width(), 0, 3 * f.height());
        return o;
    }
}
