package dev.flowsmith.restoration;

import dev.flowsmith.restoration.deblur.Deconvolver;
import dev.flowsmith.restoration.deflicker.Deflicker;
import dev.flowsmith.restoration.deinterlace.Deinterlacer;
import dev.flowsmith.restoration.deinterlace.FieldMatcher;
import dev.flowsmith.restoration.deinterlace.FieldOrderDetector;
import dev.flowsmith.restoration.stabilise.StabilisationAnalysis;
import dev.flowsmith.restoration.stabilise.StabilisationPlan;
import dev.flowsmith.restoration.stabilise.Stabiliser;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.ditvr.DitvrProcessor;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.sr.SuperResolver;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The restorations the studio offers in one click, with the settings the command line uses by
 * default: classical (flow-compensated temporal average + BM3D with the noise level estimated, Lanczos with
 * temporal blending, Wiener deconvolution of a 1.5-px Gaussian) or generative (DiTVR windows, 25
 * steps; assumed noise sigma 25 of 255 and blur 1.5 px, since the generative tier takes them as given).
 */
public record RestoreRecipe(Task task, boolean generative, Settings settings) {
    public RestoreRecipe(Task task, boolean generative) {
        this(task, generative, Settings.DEFAULT);
    }

    /**
     * The settings the command line has, for the studio's form: denoise {@code sigma} (0-255, 0 = estimate) and
     * {@code radius} (frames each side); super-resolution {@code srMethod} and, for MODEL, a TensorFlow {@code srModel};
     * deblur {@code sigma} (Gaussian, pixels; 0 = 1.5) and {@code richardsonLucy}. Checked as the CLI checks them.
     */
    public record Settings(double sigma, int radius, SuperResolver.Method srMethod, Path srModel, boolean richardsonLucy) {
        public static final Settings DEFAULT = new Settings(0, 3, SuperResolver.Method.LANCZOS, null, false);

        public Settings {
            if (!(sigma >= 0 && sigma <= 255)) {
                throw new IllegalArgumentException("sigma must be from 0 to 255, not " + sigma);
            }
            if (radius < 0 || radius > 8) {
                throw new IllegalArgumentException("frames each side must be 0 to 8, not " + radius);
            }
            if (srMethod == SuperResolver.Method.MODEL && srModel == null) {
                throw new IllegalArgumentException("a super-resolution model needs its .pb file");
            }
        }
    }

    /** A named starting point for a task's settings, as Topaz and Resolve users expect. */
    public record Preset(String name, Task task, Settings settings) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The presets of {@code task}, the default first. */
    public static java.util.List<Preset> presets(Task task) {
        return switch (task) {
            case DENOISE -> java.util.List.of(new Preset("Auto (noise estimated)", task, Settings.DEFAULT),
                    new Preset("Light (sigma 8, 2 frames each side)", task, new Settings(8, 2, SuperResolver.Method.LANCZOS, null, false)),
                    new Preset("Strong (sigma 30, 4 frames each side)", task, new Settings(30, 4, SuperResolver.Method.LANCZOS, null, false)));
            case SR2, SR4 -> java.util.List.of(new Preset("Lanczos + temporal", task, Settings.DEFAULT),
                    new Preset("Bicubic (fastest)", task, new Settings(0, 3, SuperResolver.Method.BICUBIC, null, false)));
            case DEBLUR -> java.util.List.of(new Preset("Gaussian 1.5 px (Wiener)", task, Settings.DEFAULT),
                    new Preset("Soft focus 3 px (Wiener)", task, new Settings(3, 3, SuperResolver.Method.LANCZOS, null, false)),
                    new Preset("Gaussian 1.5 px (Richardson-Lucy, sharper, slower)", task,
                            new Settings(0, 3, SuperResolver.Method.LANCZOS, null, true)));
            case DEFLICKER -> java.util.List.of(new Preset("Standard (8 frames each side)", task,
                            new Settings(0, Deflicker.Params.defaults().radius(), SuperResolver.Method.LANCZOS, null, false)),
                    new Preset("Fast (4 frames each side)", task, new Settings(0, 4, SuperResolver.Method.LANCZOS, null, false)));
            case DEINTERLACE -> java.util.List.of(new Preset("Auto (field order and telecine detected; one frame per frame)", task,
                    Settings.DEFAULT));
            case STABILISE -> java.util.List.of(new Preset("Smooth camera (L1 path, crop up to 10 % each side)", task, Settings.DEFAULT));
            case DEBLOCK -> java.util.List.of(new Preset("Auto (quantiser estimated from the picture)", task, Settings.DEFAULT));
        };
    }
    public enum Task {
        DENOISE("Denoise", 1, "denoised"), SR2("Super-resolution x2", 2, "x2"), SR4("Super-resolution x4", 4, "x4"),
        DEBLUR("Deblur", 1, "deblurred"), DEFLICKER("Deflicker", 1, "deflickered"), DEINTERLACE("Deinterlace", 1, "deinterlaced"),
        STABILISE("Stabilise", 1, "stabilised"), DEBLOCK("Deblock (compression artefacts)", 1, "deblocked");

        /** Whether the generative tier (DiTVR) does this task. */
        public boolean generative() {
            return this == DENOISE || this == SR2 || this == SR4 || this == DEBLUR;
        }

        /** Whether making the processor reads the clip first (field order and telecine detection, the camera path). */
        public boolean analysesTheClip() {
            return this == DEINTERLACE || this == STABILISE || this == DEBLOCK;
        }

        private final String label, suffix;
        private final int scale;

        Task(String label, int scale, String suffix) {
            this.label = label;
            this.scale = scale;
            this.suffix = suffix;
        }

        public int scale() {
            return scale;
        }

        /** What the output file name gets: {@code clip-x2.mp4}. */
        public String suffix() {
            return suffix;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Noise (0-255) and blur (pixels) the generative tier assumes when the user gives none. */
    public static final double GENERATIVE_NOISE_SIGMA = 25, BLUR_SIGMA = 1.5;

    /**
     * The same restoration as {@code flowsmith restore} options (without IN, OUT and the encoder), for work that runs
     * elsewhere (the render farm's workers parse them with the command line's own class): the processor they make
     * describes itself as {@link #processor} does.
     */
    public java.util.List<String> arguments(Path dit, Path vae) {
        java.util.List<String> a = new java.util.ArrayList<>();
        a.add("--task");
        a.add(switch (task) {
            case DENOISE -> "denoise";
            case SR2, SR4 -> "sr";
            case DEBLUR -> "deblur";
            case DEFLICKER -> "deflicker";
            case DEINTERLACE -> "deinterlace";
            case STABILISE -> "stabilise";
            case DEBLOCK -> "deblock";
        });
        if (task == Task.SR2 || task == Task.SR4) {
            a.addAll(java.util.List.of("--scale", Integer.toString(task.scale())));
        }
        if (generative) {
            double sigma = task == Task.DENOISE ? GENERATIVE_NOISE_SIGMA : task == Task.DEBLUR ? BLUR_SIGMA : 0;
            a.addAll(java.util.List.of("--method", "ditvr", "--model", dit.toString(), "--vae", vae.toString()));
            if (sigma > 0) {
                a.addAll(java.util.List.of("--sigma", Double.toString(sigma)));
            }
            return a;
        }
        switch (task) {
            case DENOISE -> a.addAll(java.util.List.of("--sigma", Double.toString(settings.sigma()), "--radius",
                    Integer.toString(settings.radius())));
            case SR2, SR4 -> {
                a.addAll(java.util.List.of("--method", settings.srMethod().name().toLowerCase(java.util.Locale.ROOT), "--temporal", "0.3"));
                if (settings.srMethod() == SuperResolver.Method.MODEL) {
                    a.addAll(java.util.List.of("--model", settings.srModel().toString()));
                }
            }
            case DEBLUR -> a.addAll(java.util.List.of("--sigma", Double.toString(settings.sigma() > 0 ? settings.sigma() : BLUR_SIGMA),
                    "--method", settings.richardsonLucy() ? "rl" : "wiener"));
            case DEFLICKER -> a.addAll(java.util.List.of("--radius", Integer.toString(Math.max(1, settings.radius())), "--grid",
                    Integer.toString(Deflicker.Params.defaults().grid())));
            case DEINTERLACE -> a.addAll(java.util.List.of("--rate", "frame")); // the studio's preview and compare pair frames one to one
            case STABILISE -> a.addAll(java.util.List.of("--margin", Double.toString(StabilisationPlan.Params.DEFAULT_MARGIN)));
        }
        return a;
    }

    /**
     * The processor factory for {@code input}; {@code dit} and {@code vae} are the model folders (used only when
     * generative). Deinterlace and stabilise read the clip first, once, when the job asks for its first processor (on the
     * job's thread, not the caller's): the field order or telecine, the whole camera path.
     */
    public Supplier<FrameProcessor> processor(Path dit, Path vae, Path input) {
        if (task == Task.DEINTERLACE) {
            Supplier<FieldOrderDetector.Detection> detection = once(() -> FieldOrderDetector.detect(input));
            return () -> {
                FieldOrderDetector.Detection d = detection.get();
                return d.telecine() ? new FieldMatcher()
                        : new Deinterlacer(new Deinterlacer.Params(d.order(), false, Deinterlacer.Params.DEFAULT_AGREEMENT));
            };
        }
        if (task == Task.DEBLOCK) { // as the command line: the quantiser from the file's first frames, else frame by frame
            Supplier<Double> q = once(() -> dev.flowsmith.restoration.deblock.BlockinessEstimate.quantiser(input));
            return () -> new dev.flowsmith.restoration.deblock.Deblocker(q.get() > 0
                    ? new dev.flowsmith.restoration.deblock.Deblocker.Params(q.get(), 4) : dev.flowsmith.restoration.deblock.Deblocker.Params.defaults());
        }
        if (task == Task.STABILISE) {
            StabilisationPlan.Params params = StabilisationPlan.Params.defaults();
            Supplier<StabilisationPlan> plan = once(() -> StabilisationAnalysis.analyse(input, n -> { }).plan(params));
            return () -> new Stabiliser(plan.get(), params);
        }
        return processor(dit, vae);
    }

    /** {@code s} computed on first use, then kept (thread-safe). */
    private static <T> Supplier<T> once(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    /** The processor factory; {@code dit} and {@code vae} are the model folders (used only when generative). */
    public Supplier<FrameProcessor> processor(Path dit, Path vae) {
        if (task.analysesTheClip()) {
            throw new IllegalArgumentException(task + " reads the clip first: give it (processor(dit, vae, input)).");
        }
        if (generative) {
            DitvrProcessor.Task t = switch (task) {
                case DENOISE -> DitvrProcessor.Task.DENOISE;
                case SR2, SR4 -> DitvrProcessor.Task.SR;
                case DEBLUR -> DitvrProcessor.Task.DEBLUR;
                case DEFLICKER, DEINTERLACE, STABILISE, DEBLOCK -> throw new IllegalArgumentException(task
                        + " has no generative tier: choose the classical method.");
            };
            double sigma = task == Task.DENOISE ? GENERATIVE_NOISE_SIGMA : task == Task.DEBLUR ? BLUR_SIGMA : 0;
            DitvrProcessor.Params p = new DitvrProcessor.Params(dit, vae, t, task.scale(), sigma, 25, true, 8, 2, null);
            return () -> new DitvrProcessor(p);
        }
        return switch (task) {
            case DENOISE -> {
                TemporalDenoiser.Params d = TemporalDenoiser.Params.defaults(settings.sigma());
                TemporalDenoiser.Params p = new TemporalDenoiser.Params(settings.radius(), settings.sigma(), d.h());
                yield () -> new TemporalDenoiser(p);
            }
            case SR2, SR4 -> {
                SuperResolver.Params p = new SuperResolver.Params(settings.srMethod(), task.scale(),
                        settings.srMethod() == SuperResolver.Method.MODEL ? settings.srModel() : null, 0.3);
                yield () -> new SuperResolver(p);
            }
            case DEBLUR -> {
                double blur = settings.sigma() > 0 ? settings.sigma() : BLUR_SIGMA;
                Deconvolver.Params g = Deconvolver.Params.gaussian(blur);
                Deconvolver.Params p = settings.richardsonLucy() ? new Deconvolver.Params(Deconvolver.Method.RICHARDSON_LUCY,
                        blur, 0, 0, 0, g.iterations()) : g;
                yield () -> new Deconvolver(p);
            }
            case DEFLICKER -> {
                Deflicker.Params d = Deflicker.Params.defaults();
                Deflicker.Params p = new Deflicker.Params(Math.max(1, settings.radius()), d.grid(), d.cutThreshold());
                yield () -> new Deflicker(p);
            }
            case DEINTERLACE, STABILISE, DEBLOCK -> throw new IllegalStateException("checked above");
        };
    }
}
