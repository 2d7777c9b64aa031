package dev.flowsmith.restoration;

import dev.flowsmith.restoration.deblur.Deconvolver;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.ditvr.DitvrProcessor;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.sr.SuperResolver;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The restorations the studio offers in one click, with the settings the command line uses by
 * default: classical (flow-compensated temporal NLM with the noise level estimated, Lanczos with
 * temporal blending, Wiener deconvolution of a 1.5-px Gaussian) or generative (DiTVR windows, 25
 * steps; assumed noise sigma 25 of 255 and blur 1.5 px, since the generative tier takes them as given).
 */
public record RestoreRecipe(Task task, boolean generative) {
    public enum Task {
        DENOISE("Denoise", 1, "denoised"), SR2("Super-resolution x2", 2, "x2"), SR4("Super-resolution x4", 4, "x4"),
        DEBLUR("Deblur", 1, "deblurred");

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

    /** The processor factory; {@code dit} and {@code vae} are the model folders (used only when generative). */
    public Supplier<FrameProcessor> processor(Path dit, Path vae) {
        if (generative) {
            DitvrProcessor.Task t = switch (task) {
                case DENOISE -> DitvrProcessor.Task.DENOISE;
                case SR2, SR4 -> DitvrProcessor.Task.SR;
                case DEBLUR -> DitvrProcessor.Task.DEBLUR;
            };
            double sigma = task == Task.DENOISE ? GENERATIVE_NOISE_SIGMA : task == Task.DEBLUR ? BLUR_SIGMA : 0;
            DitvrProcessor.Params p = new DitvrProcessor.Params(dit, vae, t, task.scale(), sigma, 25, true, 8, 2, null);
            return () -> new DitvrProcessor(p);
        }
        return switch (task) {
            case DENOISE -> {
                TemporalDenoiser.Params d = TemporalDenoiser.Params.defaults(0);
                TemporalDenoiser.Params p = new TemporalDenoiser.Params(3, 0, d.h(), d.spatialStrength());
                yield () -> new TemporalDenoiser(p);
            }
            case SR2, SR4 -> {
                SuperResolver.Params p = new SuperResolver.Params(SuperResolver.Method.LANCZOS, task.scale(), null, 0.3);
                yield () -> new SuperResolver(p);
            }
            case DEBLUR -> {
                Deconvolver.Params p = Deconvolver.Params.gaussian(BLUR_SIGMA);
                yield () -> new Deconvolver(p);
            }
        };
    }
}
