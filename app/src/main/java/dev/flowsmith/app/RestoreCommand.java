package dev.flowsmith.app;

import dev.flowsmith.restoration.deblur.Deconvolver;
import dev.flowsmith.restoration.deflicker.Deflicker;
import dev.flowsmith.restoration.deinterlace.Deinterlacer;
import dev.flowsmith.restoration.deinterlace.FieldOrder;
import dev.flowsmith.restoration.deinterlace.FieldOrderDetector;
import dev.flowsmith.restoration.stabilise.StabilisationAnalysis;
import dev.flowsmith.restoration.stabilise.StabilisationPlan;
import dev.flowsmith.restoration.stabilise.Stabiliser;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.sr.SuperResolver;
import dev.flowsmith.restoration.ditvr.DitvrProcessor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code flowsmith restore IN OUT --task denoise|sr|deblur|deflicker|deinterlace|stabilise}: the classical restorers as a resumable,
 * segmented job (Ctrl-C keeps the finished segments; {@code --resume} continues after a crash).
 */
@Command(name = "restore", description = "Restore a video: denoise, super-resolve, deblur, deflicker, deinterlace, stabilise or deblock, in resumable segments.")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT")
    Path output;

    @Option(names = "--task", required = true, description = "denoise, sr, deblur, deflicker, deinterlace, stabilise or deblock")
    String task;

    @Option(names = "--qp", description = "deblock: the source's quantiser, 1-31 (MPEG-2/MPEG-4/H.263 scale; default: estimated from the picture)")
    Double qp;

    @Option(names = "--margin", defaultValue = "0.1",
            description = "stabilise: share of the width and height the correction may crop from each side, 0.01-0.4 (default ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--path", defaultValue = "smooth",
            description = "stabilise: smooth (the camera holds, pans and eases in and out; default) or locked (a tripod shot: holds still as long as the margin allows, then moves in one go)")
    String path;

    @Option(names = "--edges", defaultValue = "zoom",
            description = "stabilise: zoom (crop to the window every frame covers and scale it to the frame size; default) or black (keep the size, uncovered edges black)")
    String edges;

    @Option(names = "--field-order", defaultValue = "auto",
            description = "deinterlace: auto (detected from the pictures, default), tff, bff, telecine (3:2 pulldown: fields matched back into film frames) or progressive (copied as it is)")
    String fieldOrder;

    @Option(names = "--rate", defaultValue = "field",
            description = "deinterlace: field (one frame per field, twice the frame rate; default) or frame (one per frame); telecine: the film's rate (4 of 5 frames; default) or frame (the video's rate, one film frame in five repeated)")
    String rate;

    @Option(names = "--sigma", defaultValue = "0",
            description = "denoise: noise level 0..255 (0 = estimate); deblur: Gaussian blur sigma in pixels")
    double sigma;

    @Option(names = "--radius", description = "denoise, deflicker: frames used on each side (default 3 for denoise, 5 for deflicker)")
    Integer radius;

    @Option(names = "--grid", description = "deflicker: cells across the frame, each with its own gain (1 = one gain per frame; default 6)")
    Integer grid;

    @Option(names = "--scale", defaultValue = "2", description = "sr: 2, 3 or 4 (default ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--method", description = "sr: bicubic, lanczos (default), fsrcnn, espcn, lapsrn (NAME_xS.pb from the model folder's sr/), model (with --model) or ditvr (generative); deblur: wiener (default), rl or ditvr; denoise: temporal (flow-compensated average + BM3D, default) or ditvr")
    String method;

    @Option(names = "--model", description = "sr: an installed network by id (flowsmith models list: rdn-div2k-x4, realesr-animevideov3-x2, realcugan-x2 ...), an ncnn .param, a TF.js model.json or a TensorFlow .pb (FSRCNN_x4.pb, ESPCN_x3.pb, LapSRN_x2.pb ...); ditvr: a DiT (catalogue id or diffusers folder; default dit-xl-2-256)")
    Path model;

    @Option(names = "--vae", description = "--method ditvr: the autoencoder (catalogue id or folder; default sd-vae-ft-mse)")
    Path vae;

    @Option(names = "--steps", defaultValue = "25", description = "--method ditvr: DDIM steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--window", defaultValue = "8", description = "--method ditvr: frames restored together, 1 = per frame (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--overlap", defaultValue = "2", description = "--method ditvr: frames shared by consecutive windows (default ${DEFAULT-VALUE})")
    int overlap;

    @Option(names = "--device", description = "--method ditvr: run the DiT on a compute device: cpu, opencl:N or gpu:N (see 'flowsmith devices'; default: the host)")
    String device;

    @Option(names = "--vital", split = ",", description = "--method ditvr: DiT layers with trajectory attention (default: the model's calibration, see 'flowsmith calibrate')")
    java.util.List<Integer> vital;

    @Option(names = "--temporal", defaultValue = "0.3",
            description = "sr: weight of the flow-warped previous frame, 0 = off (default ${DEFAULT-VALUE})")
    double temporal;

    @Option(names = "--motion", description = "deblur: motion blur LENGTH[@ANGLE] in pixels/degrees instead of Gaussian")
    String motion;



    @CommandLine.Mixin
    EncoderOptions encoder = new EncoderOptions();

    @Option(names = "--segment-seconds", defaultValue = "4", description = "segment length (default ${DEFAULT-VALUE})")
    double segmentSeconds;

    @Option(names = "--resume", description = "continue an interrupted job for OUT")
    boolean resume;

    @Option(names = "--keep-partial", description = "on cancel, write the finished segments as OUT.partial.EXT")
    boolean keepPartial;

    @Option(names = {"-y", "--overwrite"}, description = "replace OUT if it exists")
    boolean overwrite;

    @Option(names = "--accept-damaged", description = "restore what can be read from a damaged or cut input (the damage is reported) instead of failing")
    boolean acceptDamaged;

    static final java.util.List<String> TASKS = java.util.List.of("denoise", "sr", "deblur", "deflicker", "deinterlace", "stabilise", "deblock");

    /** Every value checked before any work: ranges, the method for the task, the shape of --motion. */
    void check() {
        if ("stabilize".equalsIgnoreCase(task)) {
            task = "stabilise";
        }
        task = OptionCheck.choice("--task", task, TASKS);
        OptionCheck.positive("--segment-seconds", segmentSeconds, 3600);
        switch (task) {
            case "denoise" -> {
                OptionCheck.range("--sigma", sigma, 0, 255);
                radius = radius == null ? 3 : radius;
                OptionCheck.range("--radius", radius, 0, 8);
                if (method != null) {
                    method = OptionCheck.choice("--method for denoise", method, java.util.List.of("temporal", "ditvr"));
                }
            }
            case "sr" -> {
                OptionCheck.range("--scale", scale, 2, 4);
                OptionCheck.range("--temporal", temporal, 0, 1);
                if (method != null) {
                    method = OptionCheck.choice("--method for sr", method, java.util.List.of("bicubic", "lanczos", "fsrcnn", "espcn",
                            "lapsrn", "model", "ditvr"));
                }
                if (method != null && java.util.List.of("fsrcnn", "espcn", "lapsrn").contains(method)) {
                    String name = dev.flowsmith.restoration.sr.SrModels.NAMES.stream().filter(n -> n.equalsIgnoreCase(method))
                            .findFirst().orElseThrow();
                    if (model != null) {
                        throw new UsageException("--method " + method + " finds its model by name; leave out --model, or use --method model.");
                    }
                    try {
                        model = dev.flowsmith.restoration.sr.SrModels.require(name, scale);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage().replace(", or choose a model file", ", or give --method model --model FILE.pb") + ".");
                    }
                    method = "model";
                }
                if (model != null && !java.nio.file.Files.exists(model)) {
                    // an installed network by id (flowsmith models list): realesr-animevideov3-x4 ...
                    var npm = dev.flowsmith.restoration.models.NpmModels.standard();
                    var entry = npm.find(model.toString()).filter(m -> m.task().equals("sr"));
                    if (entry.isPresent()) {
                        if (!npm.installed(entry.get().id())) {
                            throw new dev.flowsmith.restoration.modelfiles.ModelFormatException("The model " + model + " is not installed: run "
                                    + "'flowsmith models download " + model + "' (or 'flowsmith models import " + model + " DIR|TARBALL').", model.toString());
                        }
                        if (entry.get().scale() != scale) {
                            throw new UsageException("--model " + model + " upscales by " + entry.get().scale() + ": use --scale "
                                    + entry.get().scale() + ".");
                        }
                        model = npm.folder(entry.get().id()).resolve(entry.get().files().get(0).name());
                        method = method == null ? "model" : method;
                    }
                }
                if ("model".equals(method) && model == null) {
                    throw new UsageException("--method model needs --model FILE.pb (FSRCNN, ESPCN or LapSRN, e.g. FSRCNN_x2.pb).");
                }
                if (model != null && !"ditvr".equals(method) && !java.nio.file.Files.isRegularFile(model)) {
                    throw new UsageException("--model '" + model + "' is not a file: give a TensorFlow .pb super-resolution model, an ncnn "
                        + ".param, or an installed network's id (flowsmith models list).");
                }
            }
            case "deflicker" -> {
                radius = radius == null ? Deflicker.Params.defaults().radius() : radius;
                grid = grid == null ? Deflicker.Params.defaults().grid() : grid;
                OptionCheck.range("--radius", radius, 1, 12);
                OptionCheck.range("--grid", grid, 1, 32);
                if (method != null) {
                    throw new UsageException("--task deflicker has one method: leave out --method.");
                }
            }
            case "deinterlace" -> {
                fieldOrder = OptionCheck.choice("--field-order", fieldOrder, java.util.List.of("auto", "tff", "bff", "telecine", "progressive"));
                rate = OptionCheck.choice("--rate", rate, java.util.List.of("field", "frame"));
                if (method != null) {
                    throw new UsageException("--task deinterlace has one method (motion-compensated fields): leave out --method.");
                }
            }
            case "deblock" -> {
                if (qp != null) {
                    OptionCheck.range("--qp", qp, 1, 31);
                }
                if (method != null) {
                    throw new UsageException("--task deblock has one method (shifted-DCT thresholding): leave out --method.");
                }
            }
            case "stabilise" -> {
                OptionCheck.range("--margin", margin, 0.01, 0.4);
                edges = OptionCheck.choice("--edges", edges, java.util.List.of("zoom", "black"));
                path = OptionCheck.choice("--path", path, java.util.List.of("smooth", "locked"));
                if (method != null) {
                    throw new UsageException("--task stabilise has one method (L1-optimal camera path): leave out --method.");
                }
            }
            default -> { // deblur
                OptionCheck.range("--sigma", sigma, 0, 50);
                if (method != null) {
                    method = OptionCheck.choice("--method for deblur", method, java.util.List.of("wiener", "rl", "ditvr"));
                }
                if (motion != null) {
                    motionLength = motionPart(0);
                    motionAngle = motionPart(1);
                    OptionCheck.positive("--motion length", motionLength, 200);
                    OptionCheck.range("--motion angle", motionAngle, -360, 360);
                }
            }
        }
        if ("ditvr".equals(method)) {
            OptionCheck.range("--steps", steps, 1, 1000);
            OptionCheck.range("--window", window, 1, 64);
            OptionCheck.range("--overlap", overlap, 0, Math.max(0, window - 1));
        }
    }

    private double motionLength, motionAngle;
    /** What --field-order auto found (null when the order was given): the command says it before the work starts. */
    FieldOrderDetector.Detection detection;

    private FieldOrder resolvedFieldOrder() {
        switch (fieldOrder) {
            case "tff":
                return FieldOrder.TOP_FIRST;
            case "bff":
                return FieldOrder.BOTTOM_FIRST;
            case "progressive":
                return FieldOrder.PROGRESSIVE;
            default:
                if (detection == null) {
                    detection = FieldOrderDetector.detect(input);
                }
                return detection.order();
        }
    }

    /** The quantiser --task deblock estimated (null when given or for other tasks): said before the work starts. */
    Double estimatedQp;

    /** The camera path --task stabilise follows (null for other tasks): the command says what it found before the work starts. */
    StabilisationPlan stabilisation;

    /** Part {@code i} of LENGTH[@ANGLE]; the angle defaults to 0. */
    private double motionPart(int i) {
        String[] parts = motion.split("@", -1);
        if (parts.length > 2) {
            throw new UsageException("--motion '" + motion + "' has more than one '@': write LENGTH[@ANGLE], e.g. 9@45.");
        }
        if (i >= parts.length) {
            return 0;
        }
        return OptionCheck.number(i == 0 ? "The --motion length" : "The --motion angle", parts[i], "--motion 9@45");
    }

    /**
     * The job these options describe, every value checked first (the farm's workers build their segments from it too,
     * so a farm segment is made exactly as here).
     */
    RestoreJob.Request request() {
        check();
        Supplier<FrameProcessor> processor = processor();
        if (!"ditvr".equalsIgnoreCase(method)) {
            processor.get().close(); // validate the parameters before any work (ditvr: checked without loading weights)
        }
        return new RestoreJob.Request(input, output, processor, encoder.settings(), segmentSeconds, resume, keepPartial, overwrite,
                acceptDamaged);
    }

    @Override
    public Integer call() {
        RestoreJob.Request request = request();
        if (detection != null) {
            System.out.println("Field order of " + input.getFileName() + ": " + detection.summary()
                    + (detection.telecine() ? ("frame".equals(rate) ? "; fields matched back into the film frames (one frame in five repeats a film frame)"
                    : "; fields matched back into the film frames, the repeated one in every five dropped")
                    : detection.order() == FieldOrder.PROGRESSIVE ? "; nothing to deinterlace, frames are copied (give --field-order tff or bff to force)" : ""));
        }
        if (estimatedQp != null) {
            System.out.println(estimatedQp > 0 ? String.format(Locale.ROOT, "Blockiness of %s: quantiser about %.1f (estimated from its first "
                    + "%d frames; give --qp to set it)", input.getFileName(), estimatedQp, dev.flowsmith.restoration.deblock.BlockinessEstimate.FRAMES)
                    : "No coding grid shows in the first frames of " + input.getFileName() + ": each frame is filtered only where one shows (give --qp to set it).");
        }
        if (stabilisation != null) {
            StabilisationPlan p = stabilisation;
            System.out.printf(Locale.ROOT, "Camera path of %s: %d frames%s; %s%n", input.getFileName(), p.frames(),
                    p.unreliableMotions() > 0 ? ", " + p.unreliableMotions() + " motions unknown (cuts or blank frames, taken as still)" : "",
                    "zoom".equals(edges) ? String.format(Locale.ROOT, "every frame covers %.1f %% of the picture, zoomed to fill (%.1f %% of the area kept)",
                            100 * p.windowScale(), 100 * p.retainedArea()) : "the frames keep their size, uncovered edges black");
        }
        ConsoleJob job = new ConsoleJob();
        RestoreJob.Result r = job.run("restore", (progress, cancel) -> RestoreJob.run(request, progress, cancel));
        double secs = job.seconds();
        int perFrame = 1;
        int[] cadence = {1, 1};
        if ("deinterlace".equals(task)) { // other tasks write a frame per frame; their processors can be costly to make
            try (FrameProcessor p = request.processor().get()) {
                perFrame = p.outputsPerFrame();
                cadence = p.cadence();
            }
        }
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames restored in %.1f s (%.2f fps)%s%s%n", r.output(),
                r.framesProcessed(), secs, r.framesProcessed() / secs,
                perFrame > 1 ? ", " + perFrame * r.framesProcessed() + " progressive frames at field rate"
                        : cadence[0] != cadence[1] ? ", " + filmFrames(r.framesProcessed(), cadence) + " film frames at " + cadence[1] + "/" + cadence[0]
                        + " of the rate" : "",
                r.framesReused() > 0 ? ", " + r.framesReused() + " frames reused from the interrupted run" : "");
        for (String d : r.leftOut()) {
            System.out.println("  left out: " + d + " (choose a container that holds it, e.g. .mkv)");
        }
        if (r.damage() != null) {
            System.err.println("Warning: the input is damaged, accepted with --accept-damaged: " + r.damage());
        }
        return 0;
    }

    /** Frames a cadence keeps of {@code frames} (a last, incomplete cycle keeps all of its). */
    private static long filmFrames(long frames, int[] cadence) {
        return frames / cadence[0] * cadence[1] + frames % cadence[0];
    }

    /** A model folder: an existing directory as given, else a catalogue id installed in the model store. */
    static Path modelFolder(Path given, String defaultId) {
        if (given != null && java.nio.file.Files.isDirectory(given)) {
            return given;
        }
        String id = given == null ? defaultId : given.toString();
        dev.flowsmith.diffusion.models.ModelStore store = dev.flowsmith.diffusion.models.ModelStore.standard();
        if (!store.installed(id)) {
            throw new dev.flowsmith.diffusion.weights.ModelFormatException("Model '" + id + "' is not installed: run "
                    + "'flowsmith models download " + id + "' (or pass a diffusers model folder).");
        }
        return store.folder(id);
    }

    /** The generative tier for any task: --model names a DiT (catalogue id or diffusers folder), --vae its autoencoder. */
    private Supplier<FrameProcessor> ditvr(DitvrProcessor.Task t) {
        if (t != DitvrProcessor.Task.SR && !(sigma > 0)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--method ditvr with --task " + task
                    + " needs --sigma (" + (t == DitvrProcessor.Task.DENOISE ? "noise level 0..255" : "blur sigma in pixels") + ")");
        }
        boolean temporal = window > 1;
        DitvrProcessor.Params dp = new DitvrProcessor.Params(modelFolder(model, "dit-xl-2-256"), modelFolder(vae, "sd-vae-ft-mse"), t,
                t == DitvrProcessor.Task.SR ? scale : 1, sigma, steps, temporal, window, temporal ? overlap : 0,
                vital == null ? null : new java.util.TreeSet<>(vital));
        try {
            DitvrProcessor.check(dp, device); // configs and device only: the weights are loaded once, by the job
        } catch (dev.flowsmith.kernels.device.DeviceNotFoundException e) {
            throw e; // this machine lacks it: the work fails (1), the command line is fine
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // an option that does not fit the model (--vital, --scale)
        }
        return () -> new DitvrProcessor(dp, device);
    }

    private Supplier<FrameProcessor> processor() {
        String t = task.toLowerCase(Locale.ROOT);
        if ("ditvr".equalsIgnoreCase(method)) {
            return ditvr(switch (t) {
                case "sr" -> DitvrProcessor.Task.SR;
                case "denoise" -> DitvrProcessor.Task.DENOISE;
                case "deblur" -> DitvrProcessor.Task.DEBLUR;
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "--method ditvr restores denoise, sr or deblur, not " + task + ".");
            });
        }
        switch (t) {
            case "denoise": {
                TemporalDenoiser.Params d = TemporalDenoiser.Params.defaults(sigma);
                TemporalDenoiser.Params p = new TemporalDenoiser.Params(radius, sigma, d.h());
                return () -> new TemporalDenoiser(p);
            }
            case "sr": {
                String m = method == null ? (model != null ? "model" : "lanczos") : method; // checked by check()
                SuperResolver.Params p = new SuperResolver.Params(SuperResolver.Method.valueOf(m.toUpperCase(Locale.ROOT)),
                        scale, model, temporal);
                return () -> new SuperResolver(p);
            }
            case "deblur": {
                Deconvolver.Method m = method == null || method.equals("wiener") ? Deconvolver.Method.WIENER
                        : Deconvolver.Method.RICHARDSON_LUCY;
                double len = motion == null ? 0 : motionLength, angle = motion == null ? 0 : motionAngle;
                Deconvolver.Params p = new Deconvolver.Params(m, sigma > 0 ? sigma : (len > 0 ? 0 : 1.5), len, angle, 0, 30);
                return () -> new Deconvolver(p);
            }
            case "deflicker": {
                Deflicker.Params p = new Deflicker.Params(radius, grid, Deflicker.Params.defaults().cutThreshold());
                return () -> new Deflicker(p);
            }
            case "deinterlace": {
                if ("telecine".equals(fieldOrder) || ("auto".equals(fieldOrder) && resolvedFieldOrder() != null && detection.telecine())) {
                    // the film's own rate (4 of 5 frames) unless the video's rate is asked for (--rate frame: repeats kept)
                    return "frame".equals(rate) ? dev.flowsmith.restoration.deinterlace.FieldMatcher::new
                            : dev.flowsmith.restoration.deinterlace.InverseTelecine::new;
                }
                Deinterlacer.Params p = new Deinterlacer.Params(resolvedFieldOrder(), "field".equals(rate),
                        Deinterlacer.Params.DEFAULT_AGREEMENT);
                return () -> new Deinterlacer(p);
            }
            case "deblock": {
                double q = qp != null ? qp : (estimatedQp = dev.flowsmith.restoration.deblock.BlockinessEstimate.quantiser(input));
                if (q <= 0) { // no grid in the first frames: each frame judged on its own (a clean frame is copied)
                    return () -> new dev.flowsmith.restoration.deblock.Deblocker(dev.flowsmith.restoration.deblock.Deblocker.Params.defaults());
                }
                dev.flowsmith.restoration.deblock.Deblocker.Params p = new dev.flowsmith.restoration.deblock.Deblocker.Params(q, 4);
                return () -> new dev.flowsmith.restoration.deblock.Deblocker(p);
            }
            case "stabilise": {
                StabilisationPlan.Params p = new StabilisationPlan.Params(margin, "locked".equals(path)
                        ? dev.flowsmith.restoration.stabilise.L1CameraPath.Weights.LOCKED
                        : dev.flowsmith.restoration.stabilise.L1CameraPath.Weights.SMOOTH, "zoom".equals(edges));
                if (stabilisation == null) { // the first pass: the whole clip's camera motion, before the job renders segments
                    System.out.println("Analysing the camera motion of " + input.getFileName() + " ...");
                    long total = dev.flowsmith.media.MediaProbe.probe(input).requireVideo().frameCount();
                    long start = System.nanoTime();
                    long[] last = {start};
                    stabilisation = StabilisationAnalysis.analyse(input, n -> { // a line a second: a film's analysis takes a while
                        long now = System.nanoTime();
                        if (now - last[0] > 1_000_000_000L) {
                            last[0] = now;
                            double fps = n / ((now - start) / 1e9);
                            System.out.printf(Locale.ROOT, "analyse %s%d%s frames %.1f fps%n", total > 0
                                    ? String.format(Locale.ROOT, "%5.1f%% ", 100.0 * n / total) : "", n, total > 0 ? "/" + total : "", fps);
                        }
                    }).plan(p);
                }
                StabilisationPlan plan = stabilisation;
                return () -> new Stabiliser(plan, p);
            }
            default:
                throw new UsageException("--task '" + task + "' is not known: use denoise, sr, deblur, deflicker, deinterlace, stabilise or deblock.");
        }
    }
}
