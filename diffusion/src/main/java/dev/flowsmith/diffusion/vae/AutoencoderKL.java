package dev.flowsmith.diffusion.vae;

import dev.flowsmith.diffusion.nn.FeatureMap;
import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.diffusion.nn.Weights;
import dev.flowsmith.diffusion.weights.ModelFolder;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.nio.file.Path;

/**
 * The Stable Diffusion VAE in the diffusers {@code AutoencoderKL} layout: the encoder (ResNet blocks,
 * stride-2 downsampling with diffusers' (0,1,0,1) padding, a mid block with one self-attention, the
 * posterior's mean through {@code quant_conv}) and the decoder (post-quant conv, mid block, ResNet
 * blocks with nearest-neighbour 2x upsampling). Images are planar [3][H][W] in [-1, 1]; latents
 * [latent][H/f][W/f]; the pipeline's scaling factor is applied by the caller ({@link #scalingFactor()}).
 */
public final class AutoencoderKL {
    private final VaeConfig cfg;
    private final Weights w;

    private AutoencoderKL(VaeConfig cfg, Weights w) {
        this.cfg = cfg;
        this.w = w;
    }

    public static AutoencoderKL load(Path folder) {
        ModelFolder m = ModelFolder.of(folder);
        try (SafetensorsFile f = SafetensorsFile.open(m.weights())) {
            return new AutoencoderKL(VaeConfig.read(m.config()), new Weights(f, "VAE"));
        }
    }

    public double scalingFactor() {
        return cfg.scalingFactor();
    }

    /** Image pixels per latent pixel: 2 per downsampling block (8 for Stable Diffusion's VAE). */
    public int downsamplingFactor() {
        return 1 << (cfg.blockOutChannels().length - 1);
    }

    /** The posterior's mean (mode) for an image [in][H][W], H and W divisible by the downsampling factor. */
    public float[] encode(float[] image, int h, int wd) {
        int[] ch = cfg.blockOutChannels();
        FeatureMap m = w.conv(new FeatureMap(image, cfg.inChannels(), h, wd), "encoder.conv_in", ch[0], 3, 1, 1);
        for (int i = 0; i < ch.length; i++) {
            for (int j = 0; j < cfg.layersPerBlock(); j++) {
                m = resnet(m, "encoder.down_blocks." + i + ".resnets." + j, ch[i]);
            }
            if (i < ch.length - 1) {
                // diffusers' Downsample2D here pads one zero row and column at the bottom and right, then a stride-2 conv
                m = w.conv(m.padRightBottom(), "encoder.down_blocks." + i + ".downsamplers.0.conv", ch[i], 3, 2, 0);
            }
        }
        m = mid(m, "encoder.mid_block");
        m = w.conv(groupNorm(m, "encoder.conv_norm_out").silu(), "encoder.conv_out", 2 * cfg.latentChannels(), 3, 1, 1);
        m = w.conv(m, "quant_conv", 2 * cfg.latentChannels(), 1, 1, 0);
        return java.util.Arrays.copyOf(m.x(), cfg.latentChannels() * m.h() * m.w()); // mean: the first half of the channels
    }

    /** An image [out][H*f][W*f] from a latent [latent][H][W]. */
    public float[] decode(float[] latent, int h, int wd) {
        int[] ch = cfg.blockOutChannels();
        int top = ch[ch.length - 1];
        FeatureMap m = w.conv(new FeatureMap(latent, cfg.latentChannels(), h, wd), "post_quant_conv", cfg.latentChannels(), 1, 1, 0);
        m = w.conv(m, "decoder.conv_in", top, 3, 1, 1);
        m = mid(m, "decoder.mid_block");
        for (int i = 0; i < ch.length; i++) {
            int out = ch[ch.length - 1 - i];
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                m = resnet(m, "decoder.up_blocks." + i + ".resnets." + j, out);
            }
            if (i < ch.length - 1) {
                m = w.conv(m.upsample2x(), "decoder.up_blocks." + i + ".upsamplers.0.conv", out, 3, 1, 1);
            }
        }
        return w.conv(groupNorm(m, "decoder.conv_norm_out").silu(), "decoder.conv_out", cfg.outChannels(), 3, 1, 1).x();
    }

    private FeatureMap mid(FeatureMap m, String prefix) {
        m = resnet(m, prefix + ".resnets.0", m.c());
        m = attention(m, prefix + ".attentions.0");
        return resnet(m, prefix + ".resnets.1", m.c());
    }

    private FeatureMap resnet(FeatureMap x, String prefix, int out) {
        FeatureMap h = w.conv(groupNorm(x, prefix + ".norm1").silu(), prefix + ".conv1", out, 3, 1, 1);
        h = w.conv(groupNorm(h, prefix + ".norm2").silu(), prefix + ".conv2", out, 3, 1, 1);
        FeatureMap skip = x.c() != out ? w.conv(x, prefix + ".conv_shortcut", out, 1, 1, 0) : x;
        return skip.plus(h);
    }

    /** Single-head self-attention over the H*W positions, after a group norm, with the residual. */
    private FeatureMap attention(FeatureMap x, String prefix) {
        int c = x.c(), n = x.plane();
        float[] tokens = groupNorm(x, prefix + ".group_norm").tokens();
        float[] q = w.linear(tokens, n, c, prefix + ".to_q", c);
        float[] k = w.linear(tokens, n, c, prefix + ".to_k", c);
        float[] v = w.linear(tokens, n, c, prefix + ".to_v", c);
        return x.plusTokens(w.linear(Ops.selfAttention(q, k, v, n, 1, c), n, c, prefix + ".to_out.0", c));
    }

    private FeatureMap groupNorm(FeatureMap x, String prefix) {
        return w.groupNorm(x, prefix, cfg.groups(), 1e-6f);
    }
}
