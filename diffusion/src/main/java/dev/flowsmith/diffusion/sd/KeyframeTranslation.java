package dev.flowsmith.diffusion.sd;

import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.unet.EditableUNet;
import dev.flowsmith.diffusion.unet.ExtendedAttention;
import dev.flowsmith.diffusion.unet.HostEditableUNet;
import dev.flowsmith.diffusion.unet.PnpInjection;

import java.util.Random;
import java.util.function.BiConsumer;

/**
 * AdaFlow's keyframe translation: all keyframes of a video edited together by a text prompt. Each keyframe is
 * encoded by the VAE and DDIM-inverted with the empty prompt (per frame) up to the timestep the strength asks for;
 * then all keyframes are denoised as one batch with the prompt and classifier-free guidance, every self-attention
 * extended to the keys and values of all keyframes and slimmed to the budget ({@link ExtendedAttention}), so the
 * keyframes come back edited alike; over the first steps the source keyframes' own pass (their inverted latents, the
 * empty prompt) lends its decoder queries, keys and features ({@link PnpInjection}) so the layout stays; the VAE
 * decodes them. The UNet runs on the host or on a compute backend ({@link EditableUNet}). DDIM with eta 0 and the
 * inversion are deterministic: the same keyframes, prompt and settings give the same pictures, bit for bit, on the same
 * backend (the CPU kernels avoid the Vector API's JIT-dependent math); a job keeps the edited keyframes it wrote, so a
 * resume reuses them rather than recomputing.
 */
public final class KeyframeTranslation {
    /**
     * The edit: prompt, negative prompt, strength 0..1 (share of the schedule re-run), steps, guidance, KV budget in
     * keyframes; PnP injection of the source's decoder queries/keys and features over the first {@code pnpAttention}
     * and {@code pnpFeatures} shares of the denoising steps (TokenFlow's 0.5 and 0.8); DDIM's {@code eta} (0: no noise)
     * and the {@code seed} its noise is drawn from, so a resumed job repeats.
     */
    public record Settings(String prompt, String negative, double strength, int steps, double guidance, int kvBudget,
                           double pnpAttention, double pnpFeatures, double eta, long seed) {
        public static final double PNP_ATTENTION = 0.5, PNP_FEATURES = 0.8;

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
            if (!(pnpAttention >= 0 && pnpAttention <= 1) || !(pnpFeatures >= 0 && pnpFeatures <= 1)) {
                throw new IllegalArgumentException("--pnp " + pnpAttention + "," + pnpFeatures + ": choose shares from 0 to 1");
            }
            if (!(eta >= 0 && eta <= 1)) {
                throw new IllegalArgumentException("--eta " + eta + ": choose 0 to 1");
            }
            negative = negative == null ? "" : negative;
        }

        /** With PnP at TokenFlow's shares, no DDIM noise, seed 0. */
        public Settings(String prompt, String negative, double strength, int steps, double guidance, int kvBudget) {
            this(prompt, negative, strength, steps, guidance, kvBudget, PNP_ATTENTION, PNP_FEATURES, 0, 0);
        }

        public Settings withPnp(double attention, double features) {
            return new Settings(prompt, negative, strength, steps, guidance, kvBudget, attention, features, eta, seed);
        }

        public Settings withNoise(double eta, long seed) {
            return new Settings(prompt, negative, strength, steps, guidance, kvBudget, pnpAttention, pnpFeatures, eta, seed);
        }
    }

    private final StableDiffusion sd;
    private final EditableUNet unet;
    private int largestKv, continuedAfter;

    /** The edit with the UNet on the host. */
    public KeyframeTranslation(StableDiffusion sd) {
        this(sd, new HostEditableUNet(sd.unet()));
    }

    /** The edit with {@code unet} (e.g. {@link dev.flowsmith.diffusion.unet.UNetOnDevice}), which must be {@code sd}'s. */
    public KeyframeTranslation(StableDiffusion sd, EditableUNet unet) {
        if (unet.config() != sd.unet().config()) {
            throw new IllegalArgumentException("the UNet to run is not the pipeline's own");
        }
        this.sd = sd;
        this.unet = unet;
    }

    /**
     * Edits {@code images} (planar RGB in [-1, 1], {@code h x w}, multiples of {@link StableDiffusion#sizeMultiple()});
     * {@code progress} hears (steps done, steps in all) over inversion and denoising. Returns the edited images.
     */
    public float[][] edit(float[][] images, int h, int w, Settings s, BiConsumer<Integer, Integer> progress) {
        return edit(images, h, w, s, EditCheckpoint.NONE, progress);
    }

    /** As above, resuming from and saving to {@code checkpoint} ({@link #translateLatents(float[][], int, int, float[], float[], float[], Settings, EditCheckpoint, BiConsumer)}). */
    public float[][] edit(float[][] images, int h, int w, Settings s, EditCheckpoint checkpoint, BiConsumer<Integer, Integer> progress) {
        int m = sd.sizeMultiple();
        if (h % m != 0 || w % m != 0 || images.length == 0) {
            throw new IllegalArgumentException(w + "x" + h + " keyframes: both sides must be multiples of " + m);
        }
        int f = sd.vae().downsamplingFactor(), lh = h / f, lw = w / f, b = images.length;
        double scale = sd.vae().scalingFactor();
        float[][] z = new float[b][];
        for (int i = 0; i < b; i++) {
            z[i] = mul(sd.vae().encode(images[i], h, w), scale);
        }
        z = translateLatents(z, lh, lw, sd.encodePrompt(""), sd.encodePrompt(s.prompt()), sd.encodePrompt(s.negative()), s, checkpoint, progress);
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = sd.vae().decode(mul(z[i], 1 / scale), lh, lw);
        }
        return out;
    }

    /**
     * The edit in latent space ({@link #edit} without the VAE): the keyframes' clean latents {@code z0}
     * {@code [4][lh][lw]}, the text encoder's states for the empty prompt (inversion and the PnP source pass), the
     * prompt and the negative prompt. Steps in all: {@link #stepsInAll}.
     */
    public float[][] translateLatents(float[][] z0, int lh, int lw, float[] empty, float[] cond, float[] uncond, Settings s,
                                      BiConsumer<Integer, Integer> progress) {
        return translateLatents(z0, lh, lw, empty, cond, uncond, s, EditCheckpoint.NONE, progress);
    }

    /**
     * As above, keeping the state in {@code checkpoint} after every step and continuing from the state saved there for
     * the same edit (settings, text states and input latents), so a cancelled or killed edit resumes where it stopped
     * and ends as an uninterrupted one would (the inversion and DDIM are deterministic, the noise is drawn per seed,
     * step and keyframe). The caller clears the checkpoint once the result is stored.
     */
    public float[][] translateLatents(float[][] z0, int lh, int lw, float[] empty, float[] cond, float[] uncond, Settings s,
                                      EditCheckpoint checkpoint, BiConsumer<Integer, Integer> progress) {
        int b = z0.length;
        DdimScheduler ddim = sd.scheduler();
        int[] ts = ddim.timesteps(s.steps());
        int first = firstStep(s), denoising = s.steps() - first, total = stepsInAll(s);
        int tokens = cond.length / unet.config().crossAttentionDim();
        if (tokens < 1 || empty.length != cond.length || uncond.length != cond.length) {
            throw new IllegalArgumentException("the text states do not have the UNet's sizes");
        }
        String key = fingerprint(z0, lh, lw, empty, cond, uncond, s);
        EditCheckpoint.State saved = checkpoint.load(key, b, z0[0].length, s.steps(), total);
        // inversion, frame by frame (plain attention): clean latent -> the level of ts[first]; each level kept for PnP
        float[][][] source = saved == null ? new float[s.steps()][][] : saved.source();
        float[][] z = saved == null ? z0.clone() : saved.z();
        int done = saved == null ? 0 : saved.done();
        continuedAfter = done;
        unet.plain();
        for (int d = done; d < denoising; d++) {
            int k = s.steps() - 1 - d, prev = d == 0 ? -1 : ts[k + 1];
            float[][] eps = unet.forward(z, lh, lw, ts[k], repeat(empty, b), tokens);
            for (int i = 0; i < b; i++) {
                z[i] = ddim.invertStep(z[i], eps[i], prev, ts[k]);
            }
            source[k] = pnpStep(s, k - first, denoising) ? z.clone() : null; // only the PnP steps read their level again
            checkpoint.save(key, new EditCheckpoint.State(++done, z, source));
            progress.accept(done, total);
        }
        // joint denoising with the prompt, extended (and slimmed) attention across all keyframes, guidance; over the
        // first steps the source's decoder queries/keys and features are injected (PnP)
        unet.extended(s.kvBudget());
        try {
            for (int k = first + done - denoising; k < s.steps(); k++) {
                int j = k - first;
                boolean attn = j < s.pnpAttention() * denoising, feat = j < s.pnpFeatures() * denoising;
                if (attn || feat) {
                    unet.record();
                    unet.forward(source[k], lh, lw, ts[k], repeat(empty, b), tokens);
                    unet.inject(attn, feat);
                } else {
                    unet.off();
                }
                float[][] eu = s.guidance() == 1 ? null : unet.forward(z, lh, lw, ts[k], repeat(uncond, b), tokens);
                float[][] ec = unet.forward(z, lh, lw, ts[k], repeat(cond, b), tokens);
                for (int i = 0; i < b; i++) {
                    float[] eps = eu == null ? ec[i] : StableDiffusion.guide(eu[i], ec[i], s.guidance());
                    // the noise of keyframe i at step k depends on the seed alone: a resumed job draws the same
                    z[i] = ddim.step(z[i], eps, ts[k], s.steps(), s.eta(), new Random(s.seed() * 1_000_003L + k * 1009L + i));
                }
                source[k] = null;
                checkpoint.save(key, new EditCheckpoint.State(++done, z, source));
                progress.accept(done, total);
            }
            largestKv = unet.largestKeyValueSet();
        } finally {
            unet.plain();
        }
        return z;
    }

    /** Whether denoising step {@code j} (0 = the first re-run) has the PnP source pass. */
    private static boolean pnpStep(Settings s, int j, int denoising) {
        return j < s.pnpAttention() * denoising || j < s.pnpFeatures() * denoising;
    }

    /** What a saved state must match: the settings, the latent size, the text states and the input latents (SHA-256). */
    private static String fingerprint(float[][] z0, int lh, int lw, float[] empty, float[] cond, float[] uncond, Settings s) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update((s + "|" + lh + "x" + lw + "|" + z0.length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4);
            for (float[] x : concat(z0, empty, cond, uncond)) {
                for (float v : x) {
                    md.update(buf.clear().putInt(Float.floatToIntBits(v)).array());
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException impossible) { // every JDK has SHA-256
            throw new IllegalStateException(impossible);
        }
    }

    private static float[][] concat(float[][] z0, float[]... more) {
        float[][] all = java.util.Arrays.copyOf(z0, z0.length + more.length);
        System.arraycopy(more, 0, all, z0.length, more.length);
        return all;
    }

    /** The first sampling step that is re-run. */
    private static int firstStep(Settings s) {
        return Math.min(s.steps() - (int) Math.round(s.strength() * s.steps()), s.steps() - 1);
    }

    /** Inversion plus denoising steps of an edit with these settings (what {@code progress} counts to). */
    public static int stepsInAll(Settings s) {
        return 2 * (s.steps() - firstStep(s));
    }

    /** The UNet forwards (one keyframe batch each) an edit with these settings runs: inversion, source passes, guidance. */
    public static int forwardsInAll(Settings s) {
        int d = s.steps() - firstStep(s), pnpSteps = 0;
        for (int j = 0; j < d; j++) {
            pnpSteps += pnpStep(s, j, d) ? 1 : 0;
        }
        return d + pnpSteps + d * (s.guidance() == 1 ? 1 : 2);
    }

    /** After how many steps the last edit continued a saved state (0: it ran from the start). */
    public int continuedAfter() {
        return continuedAfter;
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
