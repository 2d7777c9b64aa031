package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deinterlace.FieldMatcher;
import dev.flowsmith.restoration.deinterlace.FieldOrderDetector;
import dev.flowsmith.restoration.deinterlace.InverseTelecine;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #18: inverse telecine. DAVIS bmx-trees (80 frames taken as 23.976 fps film) put through FFmpeg's
 * {@code telecine=pattern=23} and coded as interlaced H.264 (CRF 16, 29.97 fps, as a DVD or broadcast transfer), then
 * brought back to film frames: Flowsmith's detection, field matching alone and full inverse telecine against FFmpeg's
 * {@code fieldmatch} and {@code fieldmatch,decimate} (defaults, and told the order with full comb matching), in the
 * same run. Scores: output frame i against film frame i (decimated) or the nearest film frame (matching alone),
 * PSNR-Y mean and worst. Arguments: the shared data folder, ffmpeg.
 */
public final class TelecineHarness {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String ffmpeg = args[1];
        Path work = Files.createTempDirectory("flowsmith-telecine");
        Path film = work.resolve("film.mkv"), tele = work.resolve("telecined.mp4");
        QualityHarness.runFfmpeg(ffmpeg, "-framerate", "24000/1001", "-i", data.resolve("davis/bmx-trees/%05d.jpg").toString(), "-c:v", "ffv1",
                "-pix_fmt", "yuv444p", film.toString());
        QualityHarness.runFfmpeg(ffmpeg, "-i", film.toString(), "-vf", "telecine=pattern=23", "-c:v", "libx264", "-crf", "16", "-pix_fmt", "yuv420p",
                "-flags", "+ildct+ilme", tele.toString());
        List<VideoFrame> source = Frames.decode(film), telecined = Frames.decode(tele);
        FieldOrderDetector.Detection d = FieldOrderDetector.detect(telecined.subList(0, Math.min(FieldOrderDetector.FRAMES, telecined.size())));
        System.out.println("Detection: " + d.summary());
        System.out.println("| method | frames | PSNR-Y mean dB | worst dB |");
        System.out.println("|---|---|---|---|");
        row("telecined input (vs nearest film frame)", telecined, source, false);
        row("Flowsmith field matching (vs nearest)", QualityHarness.runProcessor(new FieldMatcher(), telecined), source, false);
        row("Flowsmith inverse telecine (frame i vs film i)", QualityHarness.runProcessor(new InverseTelecine(), telecined), source, true);
        for (String[] peer : new String[][]{{"fieldmatch", "false"}, {"fieldmatch=order=tff:combmatch=full", "false"},
                {"fieldmatch,decimate", "true"}, {"fieldmatch=order=tff:combmatch=full,decimate", "true"}}) {
            Path out = work.resolve("peer.mkv");
            QualityHarness.runFfmpeg(ffmpeg, "-i", tele.toString(), "-vf", peer[0], "-c:v", "ffv1", out.toString());
            boolean decimated = Boolean.parseBoolean(peer[1]);
            row("FFmpeg " + peer[0] + (decimated ? " (frame i vs film i)" : " (vs nearest)"), Frames.decode(out), source, decimated);
        }
    }

    private static void row(String method, List<VideoFrame> out, List<VideoFrame> film, boolean decimated) {
        double sum = 0, worst = Double.MAX_VALUE;
        for (int i = 0; i < out.size(); i++) {
            double p;
            if (decimated) {
                p = i < film.size() ? QualityMetrics.psnrY(out.get(i), film.get(i), 0) : 0;
            } else { // 4 film frames per 5 video frames: the nearest is within a few frames of i * 4/5
                p = 0;
                int centre = i * 4 / 5;
                for (int j = Math.max(0, centre - 3); j < Math.min(film.size(), centre + 4); j++) {
                    p = Math.max(p, QualityMetrics.psnrY(out.get(i), film.get(j), 0));
                }
            }
            sum += p;
            worst = Math.min(worst, p);
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", method, out.size(), sum / out.size(), worst);
    }


    private TelecineHarness() {
    }
}
