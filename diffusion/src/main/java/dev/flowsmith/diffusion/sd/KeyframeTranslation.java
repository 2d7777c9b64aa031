package dev.flowsmith.diffusion.sd;

import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.unet.AttentionProcessor;
import dev.flowsmith.diffusion.unet.ExtendedAttention;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;

import java.util.Random;
import java.util.function.BiConsumer;

/**
 * AdaFlow's keyframe translation: all keyframes of a video edited together by a text prompt. Each keyframe is
 * encoded by the VAE and DDIM-inverted with the empty prompt (per frame) up to the timestep the strength asks for;
 * then all keyframes are denoised as one batch with the prompt and classifier-free guidance, every self-attention
 * extended to the keys and values of all keyframes and slimmed to the budget ({@link ExtendedAttention}), so the
 * keyframes come back edited alike; the VAE decodes them. DDIM with eta 0 and the inversion are deterministic: the
 * same keyframes, prompt and settings give the same pictures, to float rounding in a cold JVM (the Vector API's scalar
 * fallback sums in another order until the JIT compiles it); a job keeps the edited keyframes it wrote, so a resume
 * reuses them rather than recomputing.
 */
public final class KeyframeTranslation {
    /** The edit: prompt, negative prompt, strength 0..1 (share of the schedule re-run), steps, guidance, KV budget in keyframes. */
    public record Settings(String prompt, String negative, double strength, int steps, double guidance, int kvBudget) {
        public Settings {
            if (prompt == null || prompt.isBlank()) {
                throw new IllegalArgumentException("an edit needs a prompt (say what the video should become)");
            }
            if (!(strength > 0 && strength <= 1)) {
                throw new IllegalArgumentException("--strength " + strength + ": choose more than 0 and at most 1");
            }
            if (steps < 1 || steps > 1000) {
                throw new IllegalArgumentException("--steps " + steps + ": choose 1 to 1000");
            }
            if (!(guidance >= 1 && guidance <= 30)) {
                throw new IllegalArgumentException("--guidance " + guidance + ": choose 1 to 30");
            }
            if (kvBudget < 1 || kvBudget > 1000) {
                throw new IllegalArgumentException("--kv-budget " + kvBudget + ": choose 1 to 1000 keyframes");
            }
            negative = negative == null ? "" : negative;
        }
    }

    private final StableDiffusion sd;
    private int largestKv;

    public KeyframeTranslation(StableDiffusion sd) {
        this.sd = sd;
    }

    /**
     * Edits {@code images} (planar RGB in [-1, 1], {@code h x w}, multiples of {@link StableDiffusion#sizeMultiple()});
     * {@code progress} hears (steps done, steps in all) over inversion and denoising. Returns the edited images.
     */
    public float[][] edit(float[][] images, int h, int w, Settings s, BiConsumer<Integer, Integer> progress) {
        int m = sd.sizeMultiple();
        if (h % m != 0 || w % m != 0 || images.length == 0) {
            throw new IllegalArgumentException(w + "x" + h + " keyframes: both sides must be multiples of " + m);
        }
        int f = sd.vae().downsamplingFactor(), lh = h / f, lw = w / f, b = images.length;
        double scale = sd.vae().scalingFactor();
        DdimScheduler ddim = sd.scheduler();
        int[] ts = ddim.timesteps(s.steps());
        int first = s.steps() - (int) Math.round(s.strength() * s.steps()); // the first sampling step that is re-run
        first = Math.min(first, s.steps() - 1);
        int inversionSteps = s.steps() - first, total = inversionSteps + s.steps() - first;
        float[][] z = new float[b][];
        for (int i = 0; i < b; i++) {
            z[i] = mul(sd.vae().encode(images[i], h, w), scale);
        }
        UNet2DConditionModel unet = sd.unet();
        int tokens = sd.tokens();
        float[] empty = sd.encodePrompt(""), cond = sd.encodePrompt(s.prompt()), uncond = sd.encodePrompt(s.negative());
        // inversion, frame by frame (plain attention): clean latent -> the level of ts[first]
        unet.setAttentionProcessor(AttentionProcessor.DEFAULT);
        int done = 0, prev = -1;
        for (int k = s.steps() - 1; k >= first; k--) {
            float[][] eps = unet.forward(z, lh, lw, ts[k], repeat(empty, b), tokens);
            for (int i = 0; i < b; i++) {
                z[i] = ddim.invertStep(z[i], eps[i], prev, ts[k]);
            }
            prev = ts[k];
            progress.accept(++done, total);
        }
        // joint denoising with the prompt, extended (and slimmed) attention across all keyframes, guidance
        ExtendedAttention extended = new ExtendedAttention(s.kvBudget());
        unet.setAttentionProcessor(extended);
        try {
            for (int k = first; k < s.steps(); k++) {
                float[][] eu = s.guidance() == 1 ? null : unet.forward(z, lh, lw, ts[k], repeat(uncond, b), tokens);
                float[][] ec = unet.forward(z, lh, lw, ts[k], repeat(cond, b), tokens);
                for (int i = 0; i < b; i++) {
                    float[] eps = eu == null ? ec[i] : StableDiffusion.guide(eu[i], ec[i], s.guidance());
                    z[i] = ddim.step(z[i], eps, ts[k], s.steps(), new Random(0)); // eta 0: the random source is not drawn
                }
                progress.accept(++done, total);
            }
        } finally {
            unet.setAttentionProcessor(AttentionProcessor.DEFAULT);
        }
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = sd.vae().decode(mul(z[i], 1 / scale), lh, lw);
        }
        largestKv = extended.largestKeyValueSet();
        return out;
    }

    /** The most key/value tokens one keyframe attended to in the last {@link #edit}. */
    public int largestKeyValueSet() {
        return largestKv;
    }

    private static float[][] repeat(float[] x, int b) {
        float[][] out = new float[b][];
        java.util.Arrays.fill(out, x);
        return out;
    }

    private static float[] mul(float[] x, double k) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (x[i] * k);
        }
        return y;
    }
}
