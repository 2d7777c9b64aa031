package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deflicker.Deflicker;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.SyntheticFlicker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #18: deflicker quality on shared clips (Vid4 calendar and city, DAVIS bmx-trees) with synthetic flicker
 * (per-frame gain, a per-region gradient and a per-channel tint, {@link SyntheticFlicker}) at two strengths, scored
 * against the clean frames: Flowsmith's deflicker at its defaults vs FFmpeg's {@code deflicker} at its best window
 * and mode (a sweep, reported at its best), in the same run, with PSNR-Y and frames per second. Arguments: the
 * shared data folder, frames per clip, the ffmpeg binary.
 */
public final class DeflickerHarness {
    public static void main(String[] args) throws Exception {
        String ffmpeg = args[2];
        List<QualityHarness.Clip> clips = QualityHarness.sequences(Path.of(args[0]), Integer.parseInt(args[1]), "vid4/calendar",
                "vid4/city", "davis/bmx-trees");
        System.out.println("| clip | flicker | method | PSNR-Y dB | frames/s |");
        System.out.println("|---|---|---|---|---|");
        for (QualityHarness.Clip clip : clips) {
            for (double amount : new double[]{0.08, 0.15}) {
                List<VideoFrame> flicker = new ArrayList<>();
                for (VideoFrame f : clip.clean()) {
                    flicker.add(Frames.quantize(SyntheticFlicker.apply(f, amount, 17)));
                }
                String tag = String.format(Locale.ROOT, "+-%.0f %%", amount * 100);
                System.out.printf(Locale.ROOT, "| %s | %s | flickering input | %.2f | |%n", clip.name(), tag,
                        QualityHarness.meanPsnr(flicker, clip.clean()));
                long t0 = System.nanoTime();
                List<VideoFrame> ours = QualityHarness.runProcessor(new Deflicker(Deflicker.Params.defaults()), flicker);
                double secs = (System.nanoTime() - t0) / 1e9;
                double oursPsnr = QualityHarness.meanPsnr(ours, clip.clean());
                System.out.printf(Locale.ROOT, "| %s | %s | Flowsmith deflicker (radius 8, grid 6) | %.2f | %.2f |%n", clip.name(), tag,
                        oursPsnr, ours.size() / secs);
                double best = -1, bestFps = 0;
                String bestFilter = "";
                for (String mode : new String[]{"am", "pm", "median"}) {
                    for (int size : new int[]{5, 9, 15}) {
                        // deflicker corrects the first plane: in YUV so the whole picture's brightness follows
                        String filter = String.format(Locale.ROOT, "format=yuv444p,deflicker=size=%d:mode=%s,format=gbrp", size, mode);
                        Path work = Files.createTempDirectory("flowsmith-deflicker");
                        long s0 = System.nanoTime();
                        List<VideoFrame> out = QualityHarness.ffmpegFilter(ffmpeg, flicker, work, filter);
                        double s = (System.nanoTime() - s0) / 1e9;
                        double p = QualityHarness.meanPsnr(out, clip.clean());
                        if (p > best) {
                            best = p;
                            bestFps = out.size() / s;
                            bestFilter = "size=" + size + ":mode=" + mode;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %s | FFmpeg deflicker (best: %s) | %.2f | %.2f (with PNG I/O) |%n", clip.name(), tag,
                        bestFilter, best, bestFps);
                System.out.printf(Locale.ROOT, "| %s | %s | **Flowsmith - FFmpeg** | **%+.2f** | |%n", clip.name(), tag, oursPsnr - best);
            }
        }
    }

    private DeflickerHarness() {
    }
}
