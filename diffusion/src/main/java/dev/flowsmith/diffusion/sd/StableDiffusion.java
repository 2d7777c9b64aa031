package dev.flowsmith.diffusion.sd;

import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.text.ClipTextModel;
import dev.flowsmith.diffusion.text.ClipTokenizer;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.vae.AutoencoderKL;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Stable Diffusion 1.x/2.x pipeline folder in the diffusers layout ({@code unet/}, {@code text_encoder/},
 * {@code tokenizer/}, {@code vae/}; the scheduler is SD's DDIM): its parts loaded, prompts turned into the UNet's
 * text states, and classifier-free guidance.
 */
public final class StableDiffusion {
    private final UNet2DConditionModel unet;
    private final ClipTextModel textEncoder;
    private final ClipTokenizer tokenizer;
    private final AutoencoderKL vae;
    private final DdimScheduler scheduler = DdimScheduler.stableDiffusion();

    public StableDiffusion(UNet2DConditionModel unet, ClipTextModel textEncoder, ClipTokenizer tokenizer, AutoencoderKL vae) {
        if (textEncoder.config().hidden() != unet.config().crossAttentionDim()) {
            throw new ModelFormatException("The text encoder gives " + textEncoder.config().hidden() + " values per token but the UNet "
                    + "reads " + unet.config().crossAttentionDim() + ": the two do not belong to the same pipeline.");
        }
        this.unet = unet;
        this.textEncoder = textEncoder;
        this.tokenizer = tokenizer;
        this.vae = vae;
    }

    /** Loads a diffusers pipeline folder (stable-diffusion-2-1-base's layout). */
    public static StableDiffusion load(Path root) {
        for (String part : new String[]{"unet", "text_encoder", "tokenizer", "vae"}) {
            if (!Files.isDirectory(root.resolve(part))) {
                throw new ModelFormatException("'" + root + "' is not a Stable Diffusion folder: it has no " + part
                        + "/ (expected unet/, text_encoder/, tokenizer/ and vae/ as diffusers saves a pipeline).");
            }
        }
        return new StableDiffusion(UNet2DConditionModel.load(root.resolve("unet")), ClipTextModel.load(root.resolve("text_encoder")),
                ClipTokenizer.load(root.resolve("tokenizer")), AutoencoderKL.load(root.resolve("vae")));
    }

    public UNet2DConditionModel unet() {
        return unet;
    }

    public AutoencoderKL vae() {
        return vae;
    }

    public DdimScheduler scheduler() {
        return scheduler;
    }

    /** Tokens per prompt: the tokenizer's length, at most the text encoder's positions. */
    public int tokens() {
        return Math.min(tokenizer.maxLength(), textEncoder.config().maxPositions());
    }

    /** The UNet's text states {@code [tokens][cross_attention_dim]} for {@code prompt} ("" for the unconditional branch). */
    public float[] encodePrompt(String prompt) {
        return textEncoder.encode(tokenizer.encode(prompt, tokens()), 0);
    }

    /** The picture size the model was trained at: the UNet's sample size in pixels (512 for SD 2.1-base). */
    public int nativeSize() {
        return unet.config().sampleSize() * vae.downsamplingFactor();
    }

    /** Image pixels per latent pixel side that a picture's size must be a multiple of (VAE and UNet together). */
    public int sizeMultiple() {
        return vae.downsamplingFactor() * unet.sizeMultiple();
    }

    /** {@code uncond + guidance * (cond - uncond)}: classifier-free guidance of two noise predictions. */
    static float[] guide(float[] uncond, float[] cond, double guidance) {
        float[] out = new float[cond.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (uncond[i] + guidance * (cond[i] - uncond[i]));
        }
        return out;
    }
}
