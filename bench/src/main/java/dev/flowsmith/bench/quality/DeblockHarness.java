package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.deblock.BlockinessEstimate;
import dev.flowsmith.restoration.deblock.Deblocker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #18: compression-artefact removal. Frames of Vid4 city and calendar and DAVIS bmx-trees re-encoded by FFmpeg
 * as MPEG-4 part 2 (a GOP of 12, no B-frames) at quantisers 8, 20 and 31 (visible blocks and ringing), then
 * deblocked and scored against the original (PSNR-Y, 8-px border left out), in the same run: Flowsmith with the
 * quantiser given and estimated from the picture, FFmpeg deblock (defaults), pp7, spp (quality 4) and fspp each told
 * the quantiser, and libpostproc's pp=hb/vb/dr. Arguments: the shared data folder, frames per clip, ffmpeg.
 */
public final class DeblockHarness {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        String ffmpeg = args[2];
        String[][] clips = {{"vid4/city", "Frame %03d.png"}, {"vid4/calendar", "Frame %03d.png"}, {"davis/bmx-trees", "%05d.jpg"}};
        System.out.println("| clip | quantiser | method | PSNR-Y dB | gain dB | frames/s |");
        System.out.println("|---|---|---|---|---|---|");
        for (String[] c : clips) {
            Path work = Files.createTempDirectory("flowsmith-deblock");
            Path clean = work.resolve("clean.mkv");
            QualityHarness.runFfmpeg(ffmpeg, "-framerate", "25", "-i", data.resolve(c[0]).resolve(c[1]).toString(), "-frames:v", "" + frames, "-c:v", "ffv1",
                    clean.toString());
            List<VideoFrame> original = Frames.decode(clean);
            for (int q : new int[]{8, 20, 31}) {
                Path low = work.resolve("q" + q + ".mkv");
                QualityHarness.runFfmpeg(ffmpeg, "-i", clean.toString(), "-c:v", "mpeg4", "-q:v", "" + q, "-g", "12", "-bf", "0", low.toString());
                List<VideoFrame> coded = Frames.decode(low);
                double base = meanPsnr(coded, original);
                row(c[0], q, "coded (MPEG-4 part 2)", base, base, Double.NaN);
                double estimate = BlockinessEstimate.quantiser(low);
                for (int k = 0; k < 2; k++) {
                    double given = k == 0 ? q : estimate;
                    long t0 = System.nanoTime();
                    List<VideoFrame> out = given > 0 ? QualityHarness.runProcessor(new Deblocker(new Deblocker.Params(given, 4)), coded) : coded;
                    double secs = (System.nanoTime() - t0) / 1e9;
                    row(c[0], q, k == 0 ? "Flowsmith (quantiser given)"
                            : String.format(Locale.ROOT, "Flowsmith (quantiser estimated: %.1f)", estimate), meanPsnr(out, original), base,
                            coded.size() / Math.max(secs, 1e-9));
                }
                for (String f : new String[]{"deblock", "pp7=qp=" + q, "spp=quality=4:qp=" + q, "fspp=qp=" + q, "pp=hb/vb/dr"}) {
                    Path out = work.resolve("peer.mkv");
                    long t0 = System.nanoTime();
                    QualityHarness.runFfmpeg(ffmpeg, "-i", low.toString(), "-vf", f, "-c:v", "ffv1", out.toString());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    row(c[0], q, "FFmpeg " + f, meanPsnr(Frames.decode(out), original), base, coded.size() / secs);
                }
            }
        }
    }

    private static void row(String clip, int q, String method, double psnr, double base, double fps) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.2f | %+.2f | %s |%n", clip, q, method, psnr, psnr - base,
                Double.isNaN(fps) ? "" : String.format(Locale.ROOT, "%.1f%s", fps, method.startsWith("FFmpeg") ? " (with FFV1 I/O)" : ""));
    }

    private static double meanPsnr(List<VideoFrame> a, List<VideoFrame> ref) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += dev.flowsmith.restoration.quality.QualityMetrics.psnrY(a.get(i), ref.get(i), 8);
        }
        return s / a.size();
    }



    private DeblockHarness() {
    }
}
