package dev.flowsmith.bench.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.SyntheticShake;
import dev.flowsmith.restoration.stabilise.L1CameraPath;
import dev.flowsmith.restoration.stabilise.StabilisationAnalysis;
import dev.flowsmith.restoration.stabilise.StabilisationPlan;
import dev.flowsmith.restoration.stabilise.Stabiliser;

import javax.imageio.ImageIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #18: stabilisation. Clips with a known synthetic shake (steady Vid4 city and calendar, each frame moved by a
 * random similarity, {@link SyntheticShake}) and real handheld clips (DAVIS bmx-trees, TokenFlow woman-running), scored
 * by inter-frame transformation fidelity (mean Y-PSNR of consecutive frames) and retained area, in the same run:
 * Flowsmith vs FFmpeg vidstab (vidstabdetect + vidstabtransform, defaults: Gaussian smoothing of 15 frames each side and
 * the static "optimal zoom" it reports) and deshake. Flowsmith runs at vidstab's retained area or larger (the largest
 * margin whose window is no smaller than vidstab's zoomed window; one motion analysis, the plan remade per margin), and
 * at its default margin, with both paths (smooth: Grundmann et al.'s weights; locked: velocity only). Arguments: the shared data folder, ffmpeg.
 */
public final class StabiliseHarness {
    private static final Pattern FINAL_ZOOM = Pattern.compile("Final zoom: (-?[0-9.]+)");

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String ffmpeg = args[1];
        List<QualityHarness.Clip> clips = new ArrayList<>();
        for (QualityHarness.Clip c : QualityHarness.sequences(data, 41, "vid4/city", "vid4/calendar")) {
            clips.add(new QualityHarness.Clip(c.name() + " + synthetic shake (4 px, 0.5 deg)", SyntheticShake.shake(c.clean(), 4, 0.5, 0.9, 42)));
        }
        clips.add(QualityHarness.sequence(data.resolve("davis/bmx-trees"), "davis/bmx-trees (handheld)", 80));
        clips.add(new QualityHarness.Clip("tokenflow/woman-running (handheld)", Frames.decode(data.resolve("videos/tokenflow/data/woman-running.mp4"), 80)));
        System.out.println("| clip | method | ITF dB | retained area | frames/s |");
        System.out.println("|---|---|---|---|---|");
        for (QualityHarness.Clip clip : clips) {
            List<VideoFrame> in = clip.clean();
            Path work = Files.createTempDirectory("flowsmith-stabilise");
            for (int i = 0; i < in.size(); i++) {
                ImageIO.write(QualityHarness.toImage(in.get(i)), "png", work.resolve(String.format("in_%04d.png", i)).toFile());
            }
            row(clip, "input (shaky)", SyntheticShake.interframeFidelity(in, 8), 1, Double.NaN);
            long s0 = System.nanoTime();
            String log = ffmpeg(ffmpeg, work, "format=yuv444p,vidstabdetect=result=" + work.resolve("t.trf"), null);
            List<VideoFrame> vidstab = new ArrayList<>();
            log += ffmpeg(ffmpeg, work, "format=yuv444p,vidstabtransform=input=" + work.resolve("t.trf") + ",format=rgb24", "vs");
            double vsSecs = (System.nanoTime() - s0) / 1e9;
            load(work, "vs", in.size(), vidstab);
            Matcher m = FINAL_ZOOM.matcher(log);
            double zoom = m.find() ? 1 + Double.parseDouble(m.group(1)) / 100 : 1;
            double vsArea = 1 / (zoom * zoom), vsItf = SyntheticShake.interframeFidelity(vidstab, 8);
            row(clip, "FFmpeg vidstab (defaults)", vsItf, vsArea, in.size() / vsSecs);
            s0 = System.nanoTime();
            ffmpeg(ffmpeg, work, "format=yuv444p,deshake,format=rgb24", "ds");
            double dsSecs = (System.nanoTime() - s0) / 1e9;
            List<VideoFrame> deshake = new ArrayList<>();
            load(work, "ds", in.size(), deshake);
            row(clip, "FFmpeg deshake (defaults, edges mirrored)", SyntheticShake.interframeFidelity(deshake, 8), 1, in.size() / dsSecs);

            s0 = System.nanoTime();
            StabilisationAnalysis.Motions motions = StabilisationAnalysis.analyse(in);
            double analysis = (System.nanoTime() - s0) / 1e9;
            double matched = Double.NaN;
            double locked = Double.NaN;
            for (String path : new String[]{"smooth", "locked"}) {
                L1CameraPath.Weights weights = path.equals("locked") ? L1CameraPath.Weights.LOCKED : L1CameraPath.Weights.SMOOTH;
                double lo = 0.01, hi = 0.4; // the largest margin whose retained area is at least vidstab's
                for (int i = 0; i < 20; i++) {
                    double mid = 0.5 * (lo + hi);
                    if (motions.plan(new StabilisationPlan.Params(mid, weights, true)).retainedArea() >= vsArea) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                for (double margin : new double[]{lo, StabilisationPlan.Params.DEFAULT_MARGIN}) {
                    StabilisationPlan.Params p = new StabilisationPlan.Params(margin, weights, true);
                    long r0 = System.nanoTime();
                    StabilisationPlan plan = motions.plan(p);
                    List<VideoFrame> out = QualityHarness.runProcessor(new Stabiliser(plan, p), in);
                    double secs = analysis + (System.nanoTime() - r0) / 1e9;
                    double itf = SyntheticShake.interframeFidelity(out, 8);
                    if (margin != StabilisationPlan.Params.DEFAULT_MARGIN && path.equals("smooth")) {
                        matched = itf;
                    } else if (margin != StabilisationPlan.Params.DEFAULT_MARGIN) {
                        locked = itf;
                    }
                    row(clip, String.format(Locale.ROOT, "Flowsmith (--path %s, margin %.3f)", path, margin), itf, plan.retainedArea(),
                            in.size() / secs);
                }
            }
            System.out.printf(Locale.ROOT, "| %s | **Flowsmith - vidstab at its area or more** (smooth; locked) | **%+.2f; %+.2f** | | |%n",
                    clip.name(), matched - vsItf, locked - vsItf);
        }
    }

    private static void row(QualityHarness.Clip clip, String method, double itf, double area, double fps) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.3f | %s |%n", clip.name(), method, itf, area,
                Double.isNaN(fps) ? "" : String.format(Locale.ROOT, "%.1f", fps));
    }

    /** Runs ffmpeg on the clip's PNGs; writes {@code outPrefix_%04d.png} (or nothing); returns its log. */
    private static String ffmpeg(String ffmpeg, Path work, String filter, String outPrefix) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-v", "debug", "-nostdin", "-framerate", "25", "-i",
                work.resolve("in_%04d.png").toString(), "-vf", filter));
        if (outPrefix == null) {
            cmd.addAll(List.of("-f", "null", "-"));
        } else {
            cmd.addAll(List.of("-pix_fmt", "rgb24", work.resolve(outPrefix + "_%04d.png").toString()));
        }
        Path log = work.resolve("ffmpeg.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg " + filter + " failed: see " + log);
        }
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private static void load(Path work, String prefix, int n, List<VideoFrame> into) {
        for (int i = 0; i < n; i++) {
            into.add(Frames.load(work.resolve(String.format("%s_%04d.png", prefix, i + 1)), i));
        }
    }


    private StabiliseHarness() {
    }
}
