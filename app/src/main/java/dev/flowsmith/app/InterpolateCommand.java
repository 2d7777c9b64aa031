package dev.flowsmith.app;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.restoration.interp.InterpolateJob;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.interp.SceneCuts;
import dev.flowsmith.restoration.ncnn.Compute;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith interpolate IN OUT (--fps F | --factor N) [--slowmo]}: RIFE frame interpolation as a
 * resumable segmented job. A frame-rate conversion keeps the duration and the sound; slow motion plays the
 * new frames at the source's rate (N times longer) and drops or keeps the sound.
 */
@Command(name = "interpolate", description = "Raise the frame rate or make slow motion with RIFE, in resumable segments.")
final class InterpolateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT")
    Path output;

    @Option(names = "--fps", description = "output frame rate: 60, 59.94, 60000/1001 ...")
    String fps;

    @Option(names = "--factor", description = "output frame rate as a multiple of the source's: 2, 3 or 4")
    Integer factor;

    @Option(names = "--slowmo", description = "play the new frames at the source's rate (slow motion) instead of keeping the duration")
    boolean slowmo;

    @Option(names = "--audio", defaultValue = "drop", description = "with --slowmo: drop the sound, keep it unstretched, or stretch it to the picture at its pitch (up to 4x; default ${DEFAULT-VALUE})")
    String audio;

    @Option(names = "--model", description = "a RIFE v4 folder (flownet.param + flownet.bin) or an installed model id (default rife-v4.6)")
    Path model;

    @Option(names = "--scene-threshold", defaultValue = "0.12", description = "cut detection: mean luma change 0..1 above which frames are not blended (default ${DEFAULT-VALUE})")
    double sceneThreshold;

    @Option(names = "--device", description = "run the network's convolutions on a compute device: opencl:N or gpu:N (see 'flowsmith devices'; default: the CPU with OpenBLAS)")
    String device;

    @Option(names = "--threads", description = "CPU threads for the network (default: all cores)")
    Integer threads;

    @CommandLine.Mixin
    EncoderOptions encoder = new EncoderOptions();

    @Option(names = "--segment-seconds", defaultValue = "4", description = "segment length in source seconds (default ${DEFAULT-VALUE})")
    double segmentSeconds;

    @Option(names = "--resume", description = "continue an interrupted job for OUT")
    boolean resume;

    @Option(names = {"-y", "--overwrite"}, description = "replace OUT if it exists")
    boolean overwrite;

    /** A frame rate as written by people: 60, 59.94 (NTSC: 60000/1001), 24000/1001, 50.5. */
    static Rational parseRate(String text) {
        String t = text.trim();
        try {
            if (t.contains("/")) {
                String[] p = t.split("/");
                int n = Integer.parseInt(p[0].trim()), d = Integer.parseInt(p[1].trim());
                if (p.length == 2 && n > 0 && d > 0) {
                    return new Rational(n, d);
                }
            } else {
                double v = Double.parseDouble(t);
                for (int base : new int[]{24, 30, 48, 60, 120, 240}) {
                    if (Math.abs(v - base * 1000.0 / 1001) < 0.006) {
                        return new Rational(base * 1000, 1001);
                    }
                }
                if (v > 0 && Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6) {
                    long n = Math.round(v * 1000), g = gcd(n, 1000);
                    return new Rational((int) (n / g), (int) (1000 / g));
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("--fps '" + text + "' is not a frame rate: write 60, 59.94 or 60000/1001.");
    }

    /** A rate as people write it: 60, 59.94, 23.976. */
    static String rateText(Rational r) {
        String t = String.format(Locale.ROOT, "%.3f", r.toDouble());
        return t.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    Rational target(Rational source) {
        if ((fps == null) == (factor == null)) {
            throw new UsageException("Give the output rate with --fps F or --factor 2|3|4 (one of them).");
        }
        Rational r;
        if (factor != null) {
            OptionCheck.range("--factor", factor, 2, 4);
            r = new Rational(source.num() * factor, source.den());
        } else {
            r = parseRate(fps);
        }
        double v = r.toDouble(), s = source.toDouble();
        if (v > 1000 || v < 1) {
            throw new UsageException("--fps " + fps + " is outside 1..1000 frames per second.");
        }
        if (v > s * 16 + 1e-9) {
            throw new UsageException("--fps " + OptionCheck.fmt(v) + " is more than 16 times the source's " + OptionCheck.fmt(s)
                    + " fps: interpolate in two passes, or choose a lower rate.");
        }
        if (slowmo && v <= s + 1e-9) {
            throw new UsageException("--slowmo needs a rate above the source's " + OptionCheck.fmt(s) + " fps (it is the speed-up of "
                    + "the frame count, e.g. --factor 4 for quarter speed).");
        }
        return r;
    }

    static Path rifeFolder(Path given) {
        if (given != null && Files.isDirectory(given)) {
            return given;
        }
        String id = given == null ? "rife-v4.6" : given.toString();
        dev.flowsmith.restoration.models.NpmModels models = dev.flowsmith.restoration.models.NpmModels.standard();
        if (models.find(id).filter(m -> m.task().equals("interpolate")).isEmpty()) {
            throw new UsageException("--model '" + id + "' is neither a folder nor an interpolation model id (known: rife-v4.6).");
        }
        if (!models.installed(id)) {
            throw new dev.flowsmith.restoration.modelfiles.ModelFormatException("The model " + id + " is not installed: run 'flowsmith models "
                    + "download " + id + "' (or 'flowsmith models import " + id + " DIR|TARBALL' offline), or pass --model DIR.", id);
        }
        return models.folder(id);
    }

    /** The options checked against the input: its rate, the output rate, the model folder, the encoder, the threads. */
    record Prepared(Rational source, Rational rate, Path folder, EncoderSettings encoder, int threads) {
    }

    /** Every option and the input checked before any work (the CLI's run and a farm worker's segments). */
    Prepared prepare() {
        audio = OptionCheck.choice("--audio", audio, java.util.List.of("drop", "keep", "stretch"));
        OptionCheck.range("--scene-threshold", sceneThreshold, 0.001, 1);
        OptionCheck.positive("--segment-seconds", segmentSeconds, 3600);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionCheck.range("--threads", n, 1, 1024);
        VideoStreamInfo v = MediaProbe.probe(input).requireVideo();
        Rational src = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        if (!src.isKnown()) {
            throw new UsageException("'" + input.getFileName() + "' does not say its frame rate: remux it with one first.");
        }
        Rational rate = target(src);
        Path folder = rifeFolder(model);
        // the source's depth is kept: 10-bit in, 10-bit out (VP9 here is 8-bit only: said, not silently lost)
        EncoderSettings enc = encoder.settings();
        if (v.bitDepth() > 8 && enc.codec() != dev.flowsmith.media.VideoCodec.VP9) {
            enc = enc.withBitDepth(10);
        } else if (v.bitDepth() > 8) {
            System.err.println("Note: the bundled VP9 encoder is 8-bit only, so the " + v.bitDepth() + "-bit source is written in 8 bits "
                    + "(choose --codec h265 or h264 to keep 10 bits).");
        }
        return new Prepared(src, rate, folder, enc, n);
    }

    /** Where RIFE's convolutions run: the CPU with OpenBLAS, or the --device. */
    Compute openCompute(int threadCount) {
        return device == null || device.equalsIgnoreCase("cpu") ? new Compute(threadCount)
                : new Compute(threadCount, dev.flowsmith.kernels.device.Backends.open(device));
    }

    /** The job, its in-between frames made by {@code interpolator}. */
    InterpolateJob.Request request(Prepared p, InterpolateJob.PairInterpolator interpolator) {
        return new InterpolateJob.Request(input, output, interpolator, "rife:" + p.folder().getFileName(), p.encoder(), p.rate(),
                slowmo, audio.equals("keep") ? InterpolateJob.SlowMotionSound.KEEP : audio.equals("stretch")
                ? InterpolateJob.SlowMotionSound.STRETCH : InterpolateJob.SlowMotionSound.DROP,
                sceneThreshold, segmentSeconds, resume, overwrite);
    }

    @Override
    public Integer call() {
        Prepared p = prepare();
        Rational rate = p.rate(), src = p.source();
        RifeModel rife = RifeModel.load(p.folder());
        ConsoleJob job = new ConsoleJob();
        InterpolateJob.Result r;
        try (Compute compute = openCompute(p.threads())) {
            InterpolateJob.Request req = request(p, (a, b, t) -> rife.interpolate(a, b, t, compute));
            r = job.run("interpolate", (progress, cancel) -> InterpolateJob.run(req, progress, cancel));
        }
        double secs = job.seconds();
        String timing = slowmo ? String.format(Locale.ROOT, "made at %s fps, played at %s fps (%s times slower)", rateText(rate),
                rateText(src), rateText(new Rational((int) Math.round(rate.toDouble() / src.toDouble() * 1000), 1000)))
                : "at " + rateText(rate) + " fps";
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames %s from %d source frames (%d made by RIFE, %d held at scene cuts) "
                        + "in %.1f s (%.2f made/s)%s%n", r.output(), r.framesWritten(), timing, r.sourceFrames(),
                r.framesMade(), r.cutsHeld(), secs, r.framesMade() / secs,
                r.sourceFramesReused() > 0 ? ", " + r.sourceFramesReused() + " source frames reused from the interrupted run" : "");
        for (String d : r.leftOut()) {
            System.out.println("  left out: " + d);
        }
        return 0;
    }
}
