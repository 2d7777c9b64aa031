package dev.flowsmith.app;

import dev.flowsmith.diffusion.sd.KeyframeTranslation;
import dev.flowsmith.editing.keyframes.KeyframeSelector;
import dev.flowsmith.editing.keyframes.TextEditJob;
import dev.flowsmith.media.EncoderSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith edit IN OUT --prompt TEXT --model DIR}: text-driven editing of a whole video after AdaFlow
 * (keyframes chosen, edited together by Stable Diffusion, carried to every frame); a resumable job.
 */
@Command(name = "edit", description = "Edit a video by a text prompt: keyframes edited together by Stable Diffusion, then propagated to every frame.")
final class EditCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT")
    Path output;

    @Option(names = "--prompt", required = true, description = "what the video should become, e.g. \"a watercolour painting\"")
    String prompt;

    @Option(names = "--negative", defaultValue = "", description = "what it should not look like (the unconditional branch)")
    String negative;

    @Option(names = "--model", required = true, description = "a Stable Diffusion 1.x/2.x folder in the diffusers layout (unet/, text_encoder/, tokenizer/, vae/)")
    Path model;

    @Option(names = "--device", description = "run the UNet on a compute device: cpu, opencl:N or gpu:N (see 'flowsmith devices'; default: the host)")
    String device;

    @Option(names = "--strength", defaultValue = "0.6", description = "0..1: how much of the picture is redrawn (default ${DEFAULT-VALUE})")
    double strength;

    @Option(names = "--steps", defaultValue = "50", description = "DDIM steps of the full schedule (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--guidance", defaultValue = "7.5", description = "classifier-free guidance scale (default ${DEFAULT-VALUE})")
    double guidance;

    @Option(names = "--kv-budget", defaultValue = "20", description = "keyframes each keyframe attends to at most (attention slimming; default ${DEFAULT-VALUE})")
    int kvBudget;

    @Option(names = "--pnp-attention", defaultValue = "0.5", description = "0..1: share of the denoising steps that take the source's decoder attention (PnP, keeps the layout; default ${DEFAULT-VALUE})")
    double pnpAttention;

    @Option(names = "--pnp-features", defaultValue = "0.8", description = "0..1: share of the steps that take the source's decoder features (PnP; default ${DEFAULT-VALUE})")
    double pnpFeatures;

    @Option(names = "--eta", defaultValue = "0", description = "0..1: DDIM noise added at every step (0: none, the edit follows the inversion; default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the DDIM noise when --eta is above 0; a resumed job repeats it (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "0", description = "working size: the longer side in pixels (default: the model's own, 512 for SD 2.1-base)")
    int size;

    @Option(names = "--keyframes", description = "keyframe folder to use or make (default: OUT's name + .keyframes beside it)")
    Path keyframes;

    @Option(names = "--sensitivity", defaultValue = "0.5", description = "keyframe selection, 0..1: higher cuts more segments (default ${DEFAULT-VALUE})")
    double sensitivity;

    @Option(names = "--max-length", defaultValue = "12", description = "longest segment of moving content, in frames (default ${DEFAULT-VALUE})")
    int maxLength;

    @CommandLine.Mixin
    EncoderOptions encoder = new EncoderOptions();

    @Option(names = "--resume", description = "continue an interrupted job for OUT (edited keyframes with the same settings are reused)")
    boolean resume;

    @Option(names = {"-y", "--overwrite"})
    boolean overwrite;

    @Override
    public Integer call() {
        OptionCheck.range("--sensitivity", sensitivity, 0, 1);
        OptionCheck.range("--max-length", maxLength, 1, 10_000);
        if (size != 0) {
            OptionCheck.range("--size", size, 16, 4096);
        }
        KeyframeTranslation.Settings settings = OptionCheck.parsed(() ->
                new KeyframeTranslation.Settings(prompt, negative, strength, steps, guidance, kvBudget, pnpAttention, pnpFeatures, eta, seed));
        EncoderSettings enc = encoder.settings();
        Path kf = keyframes != null ? keyframes
                : output.toAbsolutePath().resolveSibling(output.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".keyframes");
        TextEditJob.Request req = new TextEditJob.Request(input, output, kf, model, device, settings, size,
                KeyframeSelector.Params.ofSensitivity(sensitivity, maxLength), enc, resume, overwrite);
        ConsoleJob job = new ConsoleJob();
        TextEditJob.Result r = job.runInShares("edit", (progress, cancel) -> TextEditJob.run(req, progress, cancel));
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames from %d keyframes edited at %dx%d%s%s in %.1f s; keyframes in %s%n",
                r.propagation().output(), r.propagation().frames(), r.keyframes(), r.workWidth(), r.workHeight(),
                r.unetDevice().isEmpty() ? "" : " on " + r.unetDevice(),
                r.reused() ? " (reused from the interrupted run)"
                        : r.continuedAfter() > 0 ? " (continued after step " + r.continuedAfter() + " of the interrupted edit)" : "",
                job.seconds(), kf);
        return 0;
    }
}
