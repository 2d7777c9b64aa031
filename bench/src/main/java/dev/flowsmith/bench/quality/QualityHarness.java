package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;
import dev.flowsmith.restoration.quality.TemporalWarpingError;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Denoising quality harness: clean frames from ../shared/data, Gaussian noise added (seeded, 8-bit
 * quantised), and every method run on the same noisy frames in the same run: Flowsmith's temporal
 * denoiser, FFmpeg's nlmeans, hqdn3d, atadenoise and bm3d filters (Debian's ffmpeg CLI), and OpenCV's
 * fastNlMeansDenoisingColoredMulti. Prints PSNR-Y / SSIM-Y (8-pixel border crop) and frames per
 * second as a Markdown table. Usage: {@code bench/quality-bench.sh [FRAMES]}.
 */
public final class QualityHarness {
    record Clip(String name, List<VideoFrame> clean) {
    }

    interface Method {
        List<VideoFrame> run(List<VideoFrame> noisy, double sigma, Path work) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        String ffmpeg = args[2];
        double[] sigmas = {15, 25, 50};
        List<Clip> clips = List.of(sequence(data.resolve("vid4/calendar"), "vid4/calendar", frames),
                sequence(data.resolve("vid4/city"), "vid4/city", frames),
                sequence(data.resolve("davis/bmx-trees"), "davis/bmx-trees", frames));
        // every peer gets a small sweep of its strength per noise level and is reported at its best
        Map<String, java.util.function.DoubleFunction<List<Method>>> methods = new LinkedHashMap<>();
        methods.put("Flowsmith temporal denoise + BM3D (radius 3)", s -> List.of(QualityHarness::flowsmith));
        methods.put("FFmpeg nlmeans", s -> sweep(f -> (n, x, w) -> ffmpegFilter(ffmpeg, n, w,
                String.format(Locale.ROOT, "nlmeans=s=%.1f", Math.min(30, s * f))), 0.4, 0.6, 0.8));
        methods.put("FFmpeg hqdn3d", s -> sweep(f -> (n, x, w) -> ffmpegFilter(ffmpeg, n, w, String.format(Locale.ROOT,
                "hqdn3d=%.1f:%.1f:%.1f:%.1f", s / 2 * f, s * 3 / 8 * f, s * 3 / 4 * f, s / 2 * f)), 0.6, 0.8, 1.1));
        methods.put("FFmpeg atadenoise", s -> sweep(f -> (n, x, w) -> ffmpegFilter(ffmpeg, n, w, String.format(Locale.ROOT,
                "atadenoise=0a=%.3f:0b=%.3f:1a=%.3f:1b=%.3f:2a=%.3f:2b=%.3f:s=9", s / 255 * f, s / 255 * 2.5 * f,
                s / 255 * f, s / 255 * 2.5 * f, s / 255 * f, s / 255 * 2.5 * f)), 1, 2, 3));
        methods.put("FFmpeg bm3d", s -> sweep(f -> (n, x, w) -> ffmpegFilter(ffmpeg, n, w,
                String.format(Locale.ROOT, "bm3d=sigma=%.1f", s * f)), 2, 3, 4)); // its best was 3x sigma at 15, 25 and 50
        methods.put("OpenCV fastNlMeansDenoisingColoredMulti (5 frames)", s -> sweep(f -> (n, x, w) -> opencvMulti(n, x * f, w),
                0.6, 0.8, 1.0));

        System.out.println("| clip | sigma | method | PSNR-Y dB | SSIM-Y | warp err x1e-3 | frames/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Clip clip : clips) {
            TemporalWarpingError warp = new TemporalWarpingError(clip.clean());
            System.out.printf(Locale.ROOT, "| %s | - | clean reference | - | - | %.3f | |%n", clip.name(), warp.of(clip.clean()));
            for (double sigma : sigmas) {
                List<VideoFrame> noisy = new ArrayList<>();
                for (int i = 0; i < clip.clean().size(); i++) {
                    noisy.add(Frames.quantize(Frames.addNoise(clip.clean().get(i), sigma, 1000L * (long) sigma + i)));
                }
                System.out.printf(Locale.ROOT, "| %s | %.0f | noisy input | %.2f | %.4f | %.3f | |%n", clip.name(), sigma,
                        meanPsnr(noisy, clip.clean()), meanSsim(noisy, clip.clean()), warp.of(noisy));
                for (var m : methods.entrySet()) {
                    if (sigma != 25 && !m.getKey().startsWith("Flowsmith") && !m.getKey().contains("nlmeans")
                            && !m.getKey().contains("bm3d")) {
                        continue; // the full field only at sigma 25, to keep the run short (bm3d: the target's peer)
                    }
                    double bestPsnr = -1, bestSsim = 0, bestFps = 0, bestWarp = 0;
                    for (Method variant : m.getValue().apply(sigma)) {
                        Path work = Files.createTempDirectory("flowsmith-quality");
                        long t0 = System.nanoTime();
                        List<VideoFrame> out = variant.run(noisy, sigma, work);
                        double secs = (System.nanoTime() - t0) / 1e9;
                        double psnr = meanPsnr(out, clip.clean());
                        if (psnr > bestPsnr) {
                            bestPsnr = psnr;
                            bestSsim = meanSsim(out, clip.clean());
                            bestFps = out.size() / secs;
                            bestWarp = warp.of(out);
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.2f | %.4f | %.3f | %.2f |%n", clip.name(), sigma,
                            m.getKey(), bestPsnr, bestSsim, bestWarp, bestFps);
                }
            }
        }
    }

    static List<Method> sweep(java.util.function.DoubleFunction<Method> make, double... factors) {
        List<Method> l = new ArrayList<>();
        for (double f : factors) {
            l.add(make.apply(f));
        }
        return l;
    }

    /** The first {@code frames} frames of each named folder under the shared data folder ("vid4/city", ...). */
    static List<Clip> sequences(Path data, int frames, String... names) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (String n : names) {
            clips.add(sequence(data.resolve(n), n, frames));
        }
        return clips;
    }

    static Clip sequence(Path dir, String name, int frames) throws IOException {
        return new Clip(name, Frames.sequence(dir, frames));
    }

    static double meanPsnr(List<VideoFrame> a, List<VideoFrame> ref) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += QualityMetrics.psnrY(a.get(i), ref.get(i), 8);
        }
        return s / a.size();
    }

    static double meanSsim(List<VideoFrame> a, List<VideoFrame> ref) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += QualityMetrics.ssimY(a.get(i), ref.get(i), 8);
        }
        return s / a.size();
    }

    static List<VideoFrame> flowsmith(List<VideoFrame> noisy, double sigma, Path work) {
        return runProcessor(new TemporalDenoiser(TemporalDenoiser.Params.defaults(sigma)), noisy);
    }

    /** Runs {@code ffmpeg -v error -nostdin -y ARGS}; fails with the command line when it does. */
    static void runFfmpeg(String ffmpeg, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-v", "error", "-nostdin", "-y"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + String.join(" ", cmd));
        }
    }

    static List<VideoFrame> runProcessor(FrameProcessor p, List<VideoFrame> input) {
        try (p) {
            return FrameProcessor.processAll(p, input);
        }
    }

    static List<VideoFrame> ffmpegFilter(String ffmpeg, List<VideoFrame> noisy, Path work, String filter) throws Exception {
        for (int i = 0; i < noisy.size(); i++) {
            ImageIO.write(toImage(noisy.get(i)), "png", work.resolve(String.format("in_%04d.png", i)).toFile());
        }
        Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-nostdin", "-framerate", "25", "-i",
                work.resolve("in_%04d.png").toString(), "-vf", "format=gbrp," + filter, "-pix_fmt", "rgb24",
                work.resolve("out_%04d.png").toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg " + filter + " failed");
        }
        List<VideoFrame> out = new ArrayList<>();
        for (int i = 0; i < noisy.size(); i++) {
            out.add(Frames.load(work.resolve(String.format("out_%04d.png", i + 1)), i));
        }
        return out;
    }

    static List<VideoFrame> opencvMulti(List<VideoFrame> noisy, double sigma, Path work) {
        int n = noisy.size();
        List<Mat> mats = new ArrayList<>();
        for (VideoFrame f : noisy) {
            mats.add(toMat(f));
        }
        MatVector v = new MatVector(mats.toArray(new Mat[0]));
        List<VideoFrame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int win = Math.min(5, 2 * Math.min(i, n - 1 - i) + 1); // OpenCV wants the window inside the clip
            Mat dst = new Mat();
            float h = (float) (sigma * 0.8);
            opencv_photo.fastNlMeansDenoisingColoredMulti(v, dst, i, win, h, h, 7, 21);
            out.add(fromMat(dst, i));
        }
        return out;
    }

    public static BufferedImage toImage(VideoFrame f) {
        int w = f.width(), h = f.height(), plane = w * h;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] d = f.data();
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (b(d[i]) << 16) | (b(d[plane + i]) << 8) | b(d[2 * plane + i]);
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    static int b(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    static Mat toMat(VideoFrame f) {
        int w = f.width(), h = f.height(), plane = w * h;
        byte[] bytes = new byte[3 * plane];
        float[] d = f.data();
        for (int i = 0; i < plane; i++) {
            bytes[3 * i] = (byte) b(d[2 * plane + i]);
            bytes[3 * i + 1] = (byte) b(d[plane + i]);
            bytes[3 * i + 2] = (byte) b(d[i]);
        }
        Mat m = new Mat(h, w, opencv_core.CV_8UC3);
        new BytePointer(m.data()).put(bytes, 0, bytes.length);
        return m;
    }

    static VideoFrame fromMat(Mat m, long index) {
        int w = m.cols(), h = m.rows(), plane = w * h;
        byte[] bytes = new byte[3 * plane];
        new BytePointer(m.data()).get(bytes, 0, bytes.length);
        VideoFrame f = new VideoFrame(w, h);
        float[] d = f.data();
        for (int i = 0; i < plane; i++) {
            d[2 * plane + i] = (bytes[3 * i] & 0xff) / 255f;
            d[plane + i] = (bytes[3 * i + 1] & 0xff) / 255f;
            d[i] = (bytes[3 * i + 2] & 0xff) / 255f;
        }
        f.setPosition(index, index, new dev.flowsmith.media.Rational(1, 25));
        return f;
    }
}
