package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deinterlace.Deinterlacer;
import dev.flowsmith.restoration.deinterlace.FieldOrder;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.SyntheticInterlace;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue #18: deinterlacing quality. Progressive shared clips (Vid4 city and calendar, DAVIS bmx-trees) woven into
 * interlaced frames in both field orders ({@link SyntheticInterlace}, as FFmpeg's tinterlace does), deinterlaced at
 * field rate and scored against the progressive frames (PSNR-Y): Flowsmith vs FFmpeg's bwdif, yadif, w3fdif and
 * estdif (each told the field order, every frame deinterlaced, one frame per field), in the same run, with frames per
 * second (FFmpeg's including PNG I/O). Arguments: the shared data folder, progressive frames per clip, ffmpeg.
 */
public final class DeinterlaceHarness {
    public static void main(String[] args) throws Exception {
        String ffmpeg = args[2];
        List<QualityHarness.Clip> clips = QualityHarness.sequences(Path.of(args[0]), Integer.parseInt(args[1]), "vid4/city",
                "vid4/calendar", "davis/bmx-trees");
        System.out.println("| clip | order | method | PSNR-Y dB | frames/s |");
        System.out.println("|---|---|---|---|---|");
        for (QualityHarness.Clip clip : clips) {
            for (FieldOrder order : new FieldOrder[]{FieldOrder.TOP_FIRST, FieldOrder.BOTTOM_FIRST}) {
                List<VideoFrame> woven = SyntheticInterlace.weave(clip.clean(), order);
                List<VideoFrame> clean = clip.clean().subList(0, 2 * woven.size());
                String o = order.shortName();
                long t0 = System.nanoTime();
                List<VideoFrame> ours = QualityHarness.runProcessor(new Deinterlacer(Deinterlacer.Params.defaults(order)), woven);
                double secs = (System.nanoTime() - t0) / 1e9;
                double oursPsnr = QualityHarness.meanPsnr(ours, clean);
                System.out.printf(Locale.ROOT, "| %s | %s | Flowsmith (motion-compensated fields) | %.2f | %.2f |%n", clip.name(), o,
                        oursPsnr, ours.size() / secs);
                double bwdif = 0, best = -1;
                String bestName = "";
                int parity = order == FieldOrder.TOP_FIRST ? 0 : 1;
                for (String[] peer : new String[][]{
                        {"bwdif", "bwdif=mode=send_field:parity=" + o + ":deint=all"},
                        {"yadif", "yadif=mode=send_field:parity=" + o + ":deint=all"},
                        {"w3fdif", "setfield=" + o + ",w3fdif=filter=complex:mode=field:parity=" + o + ":deint=all"},
                        {"estdif", "estdif=mode=field:parity=" + o + ":deint=all"}}) {
                    Path work = Files.createTempDirectory("flowsmith-deinterlace");
                    long s0 = System.nanoTime();
                    List<VideoFrame> out = fieldRate(ffmpeg, woven, work, peer[1], clean.size());
                    double s = (System.nanoTime() - s0) / 1e9;
                    double p = out == null ? Double.NaN : QualityHarness.meanPsnr(out, clean);
                    System.out.printf(Locale.ROOT, "| %s | %s | FFmpeg %s | %.2f | %.2f (with PNG I/O) |%n", clip.name(), o, peer[0], p,
                            out == null ? 0 : out.size() / s);
                    if (peer[0].equals("bwdif")) {
                        bwdif = p;
                    }
                    if (p > best) {
                        best = p;
                        bestName = peer[0];
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %s | **Flowsmith - bwdif** (best peer: %s %.2f) | **%+.2f** | |%n", clip.name(), o,
                        bestName, best, oursPsnr - bwdif);
            }
        }
    }

    /** {@code woven} through an FFmpeg deinterlacer giving one frame per field; null when this FFmpeg lacks it. */
    static List<VideoFrame> fieldRate(String ffmpeg, List<VideoFrame> woven, Path work, String filter, int expected) throws Exception {
        for (int i = 0; i < woven.size(); i++) {
            ImageIO.write(QualityHarness.toImage(woven.get(i)), "png", work.resolve(String.format("in_%04d.png", i)).toFile());
        }
        Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-nostdin", "-framerate", "25", "-i", work.resolve("in_%04d.png").toString(),
                "-vf", "format=gbrp," + filter, "-pix_fmt", "rgb24", "-fps_mode", "passthrough",
                work.resolve("out_%04d.png").toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return null;
        }
        List<VideoFrame> out = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Path f = work.resolve(String.format("out_%04d.png", i + 1));
            if (!Files.exists(f)) {
                return null;
            }
            out.add(Frames.load(f, i));
        }
        return out;
    }

    private DeinterlaceHarness() {
    }
}
