package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.FeatureMap;
import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.diffusion.nn.Weights;
import dev.flowsmith.diffusion.weights.ModelFolder;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stable Diffusion's denoising UNet in the diffusers {@code UNet2DConditionModel} layout (SD 1.x/2.x, e.g. SD
 * 2.1-base: widths 320/640/1280/1280, 2 resnets per block, 5/10/20/20 heads of 64, text width 1024). One latent
 * {@code [in][H][W]}, a timestep and the text encoder's hidden states {@code [tokens][cross_attention_dim]} give the
 * predicted noise {@code [out][H][W]}. The pieces, as diffusers computes them: a sinusoidal time projection and
 * {@code TimestepEmbedding}; ResnetBlock2D (group norm, SiLU, 3x3 convolutions, the time embedding added after the
 * first); Transformer2DModel (group norm, projection in, BasicTransformerBlock: self-attention, cross-attention to
 * the text, GEGLU feed-forward, each after a layer norm with a residual; projection out); stride-2 convolutions down,
 * nearest-neighbour 2x and a convolution up, the down path's outputs concatenated into the up path. Every attention
 * goes through an {@link AttentionProcessor}, so editing can extend or replace it.
 */
public final class UNet2DConditionModel {
    private final UNetConfig cfg;
    private final Weights w;
    private AttentionProcessor attention = AttentionProcessor.DEFAULT;

    private UNet2DConditionModel(UNetConfig cfg, Weights w) {
        this.cfg = cfg;
        this.w = w;
    }

    public static UNet2DConditionModel load(Path folder) {
        ModelFolder m = ModelFolder.of(folder);
        UNetConfig cfg = UNetConfig.read(m.config());
        try (SafetensorsFile f = SafetensorsFile.open(m.weights())) {
            return new UNet2DConditionModel(cfg, new Weights(f, "UNet"));
        }
    }

    public UNetConfig config() {
        return cfg;
    }

    /** The attention every layer uses from now on ({@link AttentionProcessor#DEFAULT}: plain attention). */
    public void setAttentionProcessor(AttentionProcessor processor) {
        this.attention = processor;
    }

    /** Latent pixels per side must be a multiple of this (one halving per block but the last). */
    public int sizeMultiple() {
        return 1 << (cfg.blockOutChannels().length - 1);
    }

    /**
     * The predicted noise for {@code latent} {@code [in][h][w]} at {@code timestep}, conditioned on {@code text}
     * {@code [tokens][cross_attention_dim]}.
     */
    public float[] forward(float[] latent, int h, int wd, float timestep, float[] text, int tokens) {
        int[] ch = cfg.blockOutChannels();
        int blocks = ch.length, ted = cfg.timeEmbedDim();
        if (h < 1 || wd < 1 || h % sizeMultiple() != 0 || wd % sizeMultiple() != 0) {
            throw new IllegalArgumentException("a " + wd + "x" + h + " latent: both sides must be multiples of " + sizeMultiple());
        }
        if (latent.length != cfg.inChannels() * h * wd || tokens < 1 || text.length != tokens * cfg.crossAttentionDim()) {
            throw new IllegalArgumentException("the latent or the text states do not have the UNet's sizes");
        }
        float[] proj = Ops.timestepEmbedding(timestep, ch[0], cfg.flipSinToCos(), cfg.freqShift());
        float[] temb = w.linear(Ops.silu(w.linear(proj, 1, ch[0], "time_embedding.linear_1", ted)), 1, ted, "time_embedding.linear_2", ted);
        float[] tembAct = Ops.silu(temb); // every resnet projects SiLU(temb)
        Text ctx = new Text(text, tokens);
        FeatureMap x = w.conv(new FeatureMap(latent, cfg.inChannels(), h, wd), "conv_in", ch[0], 3, 1, 1);
        List<FeatureMap> skips = new ArrayList<>(List.of(x));
        for (int i = 0; i < blocks; i++) {
            String p = "down_blocks." + i;
            boolean cross = cfg.downBlocks().get(i).startsWith("CrossAttn");
            for (int j = 0; j < cfg.layersPerBlock(); j++) {
                x = resnet(x, p + ".resnets." + j, ch[i], tembAct);
                if (cross) {
                    x = transformer(x, p + ".attentions." + j, cfg.heads()[i], ctx);
                }
                skips.add(x);
            }
            if (i < blocks - 1) {
                x = w.conv(x, p + ".downsamplers.0.conv", ch[i], 3, 2, 1);
                skips.add(x);
            }
        }
        x = resnet(x, "mid_block.resnets.0", ch[blocks - 1], tembAct);
        x = transformer(x, "mid_block.attentions.0", cfg.heads()[blocks - 1], ctx);
        x = resnet(x, "mid_block.resnets.1", ch[blocks - 1], tembAct);
        for (int i = 0; i < blocks; i++) {
            String p = "up_blocks." + i;
            int out = ch[blocks - 1 - i];
            boolean cross = cfg.upBlocks().get(i).startsWith("CrossAttn");
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                x = resnet(x.concat(skips.remove(skips.size() - 1)), p + ".resnets." + j, out, tembAct);
                if (cross) {
                    x = transformer(x, p + ".attentions." + j, cfg.heads()[blocks - 1 - i], ctx);
                }
            }
            if (i < blocks - 1) {
                x = w.conv(x.upsample2x(), p + ".upsamplers.0.conv", out, 3, 1, 1);
            }
        }
        x = w.groupNorm(x, "conv_norm_out", cfg.groups(), cfg.normEps()).silu();
        return w.conv(x, "conv_out", cfg.outChannels(), 3, 1, 1).x();
    }

    /** The text encoder's hidden states: {@code tokens} rows of {@code cross_attention_dim}. */
    private record Text(float[] states, int tokens) {
    }

    private FeatureMap resnet(FeatureMap x, String p, int out, float[] tembAct) {
        FeatureMap h = w.conv(w.groupNorm(x, p + ".norm1", cfg.groups(), cfg.normEps()).silu(), p + ".conv1", out, 3, 1, 1);
        float[] t = w.linear(tembAct, 1, cfg.timeEmbedDim(), p + ".time_emb_proj", out);
        float[] hx = h.x();
        int plane = h.plane();
        for (int c = 0; c < out; c++) {
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                hx[i] += t[c];
            }
        }
        h = w.conv(w.groupNorm(h, p + ".norm2", cfg.groups(), cfg.normEps()).silu(), p + ".conv2", out, 3, 1, 1);
        FeatureMap skip = x.c() != out ? w.conv(x, p + ".conv_shortcut", out, 1, 1, 0) : x;
        return skip.plus(h);
    }

    /** Transformer2DModel: group norm, projection in, the blocks on the tokens, projection out, residual. */
    private FeatureMap transformer(FeatureMap x, String p, int heads, Text text) {
        int c = x.c(), n = x.plane();
        // proj_in/proj_out: a Linear in SD 2.x, a 1x1 convolution in SD 1.x: the same [c][c] numbers
        float[] t = w.linear(w.groupNorm(x, p + ".norm", cfg.groups(), 1e-6f).tokens(), n, c, p + ".proj_in", c);
        int blocks = 0;
        for (; w.has(p + ".transformer_blocks." + blocks + ".norm1.weight"); blocks++) {
            t = block(t, n, c, p + ".transformer_blocks." + blocks, heads, text);
        }
        if (blocks == 0) {
            throw new ModelFormatException("The UNet weights have no transformer blocks under '" + p + "'.");
        }
        return x.plusTokens(w.linear(t, n, c, p + ".proj_out", c));
    }

    /** BasicTransformerBlock: self-attention, cross-attention to the text, GEGLU feed-forward; layer norm and residual each. */
    private float[] block(float[] t, int n, int c, String p, int heads, Text text) {
        float[] a = w.layerNorm(t, n, c, p + ".norm1", 1e-5f);
        add(t, attend(a, n, c, a, n, c, p + ".attn1", heads, true));
        a = w.layerNorm(t, n, c, p + ".norm2", 1e-5f);
        add(t, attend(a, n, c, text.states(), text.tokens(), cfg.crossAttentionDim(), p + ".attn2", heads, false));
        a = w.layerNorm(t, n, c, p + ".norm3", 1e-5f);
        int inner = 4 * c;
        float[] g = w.linear(a, n, c, p + ".ff.net.0.proj", 2 * inner);
        float[] gate = new float[n * inner], hidden = new float[n * inner];
        for (int r = 0; r < n; r++) {
            System.arraycopy(g, r * 2 * inner, hidden, r * inner, inner);
            System.arraycopy(g, r * 2 * inner + inner, gate, r * inner, inner);
        }
        float[] gelu = Ops.gelu(gate);
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] *= gelu[i];
        }
        add(t, w.linear(hidden, n, inner, p + ".ff.net.2", c));
        return t;
    }

    private float[] attend(float[] x, int n, int c, float[] src, int m, int srcDim, String p, int heads, boolean self) {
        float[] q = w.linear(x, n, c, p + ".to_q", c), k = w.linear(src, m, srcDim, p + ".to_k", c), v = w.linear(src, m, srcDim, p + ".to_v", c);
        float[] o = attention.attend(p, self, q, k, v, n, m, heads, c / heads);
        return w.linear(o, n, c, p + ".to_out.0", c);
    }

    private static void add(float[] into, float[] y) {
        for (int i = 0; i < into.length; i++) {
            into[i] += y[i];
        }
    }
}
