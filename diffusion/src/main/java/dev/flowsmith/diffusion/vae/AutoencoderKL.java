package dev.flowsmith.diffusion.vae;

import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.diffusion.weights.ModelFolder;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.kernels.ConvKernels;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Stable Diffusion VAE in the diffusers {@code AutoencoderKL} layout: the encoder (ResNet blocks,
 * stride-2 downsampling with diffusers' (0,1,0,1) padding, a mid block with one self-attention, the
 * posterior's mean through {@code quant_conv}) and the decoder (post-quant conv, mid block, ResNet
 * blocks with nearest-neighbour 2x upsampling). Images are planar [3][H][W] in [-1, 1]; latents
 * [latent][H/f][W/f]; the pipeline's scaling factor is applied by the caller ({@link #scalingFactor()}).
 */
public final class AutoencoderKL {
    private final VaeConfig cfg;
    private final Map<String, float[]> w = new HashMap<>();

    private AutoencoderKL(VaeConfig cfg, SafetensorsFile f) {
        this.cfg = cfg;
        for (String name : f.names()) {
            w.put(name, f.tensor(name).data());
        }
    }

    public static AutoencoderKL load(Path folder) {
        ModelFolder m = ModelFolder.of(folder);
        try (SafetensorsFile f = SafetensorsFile.open(m.weights())) {
            return new AutoencoderKL(VaeConfig.read(m.config()), f);
        }
    }

    public double scalingFactor() {
        return cfg.scalingFactor();
    }

    /** Image pixels per latent pixel: 2 per downsampling block (8 for Stable Diffusion's VAE). */
    public int downsamplingFactor() {
        return 1 << (cfg.blockOutChannels().length - 1);
    }

    /** Planar feature maps: channels, height, width. */
    private record Map3(float[] x, int c, int h, int wd) {
    }

    private float[] p(String name) {
        float[] v = w.get(name);
        if (v == null) {
            throw new ModelFormatException("The VAE weights lack '" + name + "' (not a diffusers AutoencoderKL?).");
        }
        return v;
    }

    /** The posterior's mean (mode) for an image [in][H][W], H and W divisible by the downsampling factor. */
    public float[] encode(float[] image, int h, int wd) {
        int[] ch = cfg.blockOutChannels();
        Map3 m = conv(new Map3(image, cfg.inChannels(), h, wd), "encoder.conv_in", ch[0], 3, 1, 1);
        for (int i = 0; i < ch.length; i++) {
            for (int j = 0; j < cfg.layersPerBlock(); j++) {
                m = resnet(m, "encoder.down_blocks." + i + ".resnets." + j, ch[i]);
            }
            if (i < ch.length - 1) {
                m = conv(padRightBottom(m), "encoder.down_blocks." + i + ".downsamplers.0.conv", ch[i], 3, 2, 0);
            }
        }
        m = mid(m, "encoder.mid_block");
        m = conv(silu(groupNorm(m, "encoder.conv_norm_out")), "encoder.conv_out", 2 * cfg.latentChannels(), 3, 1, 1);
        m = conv(m, "quant_conv", 2 * cfg.latentChannels(), 1, 1, 0);
        return java.util.Arrays.copyOf(m.x(), cfg.latentChannels() * m.h() * m.wd()); // mean: the first half of the channels
    }

    /** An image [out][H*f][W*f] from a latent [latent][H][W]. */
    public float[] decode(float[] latent, int h, int wd) {
        int[] ch = cfg.blockOutChannels();
        int top = ch[ch.length - 1];
        Map3 m = conv(new Map3(latent, cfg.latentChannels(), h, wd), "post_quant_conv", cfg.latentChannels(), 1, 1, 0);
        m = conv(m, "decoder.conv_in", top, 3, 1, 1);
        m = mid(m, "decoder.mid_block");
        for (int i = 0; i < ch.length; i++) {
            int out = ch[ch.length - 1 - i];
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                m = resnet(m, "decoder.up_blocks." + i + ".resnets." + j, out);
            }
            if (i < ch.length - 1) {
                m = conv(upsample2x(m), "decoder.up_blocks." + i + ".upsamplers.0.conv", out, 3, 1, 1);
            }
        }
        return conv(silu(groupNorm(m, "decoder.conv_norm_out")), "decoder.conv_out", cfg.outChannels(), 3, 1, 1).x();
    }

    private Map3 mid(Map3 m, String prefix) {
        m = resnet(m, prefix + ".resnets.0", m.c());
        m = attention(m, prefix + ".attentions.0");
        return resnet(m, prefix + ".resnets.1", m.c());
    }

    private Map3 resnet(Map3 x, String prefix, int out) {
        Map3 h = conv(silu(groupNorm(x, prefix + ".norm1")), prefix + ".conv1", out, 3, 1, 1);
        h = conv(silu(groupNorm(h, prefix + ".norm2")), prefix + ".conv2", out, 3, 1, 1);
        Map3 skip = x.c() != out ? conv(x, prefix + ".conv_shortcut", out, 1, 1, 0) : x;
        float[] y = h.x().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += skip.x()[i];
        }
        return new Map3(y, out, h.h(), h.wd());
    }

    /** Single-head self-attention over the H*W positions, after a group norm, with the residual. */
    private Map3 attention(Map3 x, String prefix) {
        int c = x.c(), n = x.h() * x.wd();
        float[] normed = groupNorm(x, prefix + ".group_norm").x();
        float[] tokens = new float[n * c];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                tokens[i * c + ch] = normed[ch * n + i];
            }
        }
        float[] q = Ops.linear(tokens, n, c, p(prefix + ".to_q.weight"), p(prefix + ".to_q.bias"), c);
        float[] k = Ops.linear(tokens, n, c, p(prefix + ".to_k.weight"), p(prefix + ".to_k.bias"), c);
        float[] v = Ops.linear(tokens, n, c, p(prefix + ".to_v.weight"), p(prefix + ".to_v.bias"), c);
        float[] a = Ops.linear(Ops.selfAttention(q, k, v, n, 1, c), n, c, p(prefix + ".to_out.0.weight"), p(prefix + ".to_out.0.bias"), c);
        float[] y = x.x().clone();
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                y[ch * n + i] += a[i * c + ch];
            }
        }
        return new Map3(y, c, x.h(), x.wd());
    }

    private Map3 conv(Map3 x, String prefix, int out, int k, int stride, int pad) {
        float[] weight = p(prefix + ".weight"), bias = p(prefix + ".bias");
        if (weight.length != out * x.c() * k * k) {
            throw new ModelFormatException("'" + prefix + ".weight' has " + weight.length + " values; the config implies "
                    + out + "x" + x.c() + "x" + k + "x" + k);
        }
        int oh = ConvKernels.outSize(x.h(), k, stride, pad), ow = ConvKernels.outSize(x.wd(), k, stride, pad);
        return new Map3(Ops.conv2d(x.x(), weight, bias, x.c(), x.h(), x.wd(), out, k, stride, pad), out, oh, ow);
    }

    private Map3 groupNorm(Map3 x, String prefix) {
        return new Map3(Ops.groupNorm(x.x(), p(prefix + ".weight"), p(prefix + ".bias"), x.c(), x.h() * x.wd(), cfg.groups(), 1e-6f),
                x.c(), x.h(), x.wd());
    }

    private static Map3 silu(Map3 x) {
        return new Map3(Ops.silu(x.x()), x.c(), x.h(), x.wd());
    }

    /** diffusers' Downsample2D pads one zero row and column at the bottom and right before the stride-2 conv. */
    private static Map3 padRightBottom(Map3 x) {
        int h = x.h() + 1, wd = x.wd() + 1;
        float[] y = new float[x.c() * h * wd];
        for (int c = 0; c < x.c(); c++) {
            for (int r = 0; r < x.h(); r++) {
                System.arraycopy(x.x(), (c * x.h() + r) * x.wd(), y, (c * h + r) * wd, x.wd());
            }
        }
        return new Map3(y, x.c(), h, wd);
    }

    private static Map3 upsample2x(Map3 x) {
        int h = 2 * x.h(), wd = 2 * x.wd();
        float[] y = new float[x.c() * h * wd];
        for (int c = 0; c < x.c(); c++) {
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < wd; col++) {
                    y[(c * h + r) * wd + col] = x.x()[(c * x.h() + r / 2) * x.wd() + col / 2];
                }
            }
        }
        return new Map3(y, x.c(), h, wd);
    }
}
