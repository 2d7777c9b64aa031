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
 * goes through an {@link AttentionProcessor}, so editing can extend or replace it; a batch runs in lockstep so the
 * processor sees all samples of a layer together.
 */
public final class UNet2DConditionModel {
    private final UNetConfig cfg;
    private final Weights w;
    private AttentionProcessor attention = AttentionProcessor.DEFAULT;
    private FeatureHook features = FeatureHook.NONE;

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

    /** The hook every ResNet block's residual branch goes through from now on ({@link FeatureHook#NONE}: none). */
    public void setFeatureHook(FeatureHook hook) {
        this.features = hook;
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
        return forward(new float[][]{latent}, h, wd, timestep, new float[][]{text}, tokens)[0];
    }

    /**
     * A batch run in lockstep, layer by layer, so an {@link AttentionProcessor} sees every sample's queries, keys
     * and values of a layer at once (extended attention across keyframes); each latent with its own text states.
     */
    public float[][] forward(float[][] latents, int h, int wd, float timestep, float[][] texts, int tokens) {
        checkInputs(latents, h, wd, texts, tokens);
        int[] ch = cfg.blockOutChannels();
        int blocks = ch.length, b = latents.length;
        FeatureMap[] x = new FeatureMap[b];
        for (int i = 0; i < b; i++) {
            x[i] = w.conv(new FeatureMap(latents[i], cfg.inChannels(), h, wd), "conv_in", ch[0], 3, 1, 1);
        }
        float[] tembAct = timeEmbeddingAct(timestep);
        Text ctx = new Text(texts, tokens);
        List<FeatureMap[]> skips = new ArrayList<>();
        skips.add(x);
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
                x = each(x, m -> w.conv(m, p + ".downsamplers.0.conv", m.c(), 3, 2, 1));
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
                FeatureMap[] skip = skips.remove(skips.size() - 1), cur = x;
                FeatureMap[] joined = new FeatureMap[b];
                for (int s = 0; s < b; s++) {
                    joined[s] = cur[s].concat(skip[s]);
                }
                x = resnet(joined, p + ".resnets." + j, out, tembAct);
                if (cross) {
                    x = transformer(x, p + ".attentions." + j, cfg.heads()[blocks - 1 - i], ctx);
                }
            }
            if (i < blocks - 1) {
                x = each(x, m -> w.conv(m.upsample2x(), p + ".upsamplers.0.conv", out, 3, 1, 1));
            }
        }
        float[][] result = new float[b][];
        for (int s = 0; s < b; s++) {
            result[s] = w.conv(w.groupNorm(x[s], "conv_norm_out", cfg.groups(), cfg.normEps()).silu(), "conv_out", cfg.outChannels(), 3, 1, 1).x();
        }
        return result;
    }

    /** Throws unless the batch's latents and text states have this UNet's sizes (both forwards check the same). */
    void checkInputs(float[][] latents, int h, int wd, float[][] texts, int tokens) {
        int b = latents.length;
        if (h < 1 || wd < 1 || h % sizeMultiple() != 0 || wd % sizeMultiple() != 0) {
            throw new IllegalArgumentException("a " + wd + "x" + h + " latent: both sides must be multiples of " + sizeMultiple());
        }
        if (b < 1 || texts.length != b || tokens < 1) {
            throw new IllegalArgumentException(b + " latents with " + texts.length + " text states");
        }
        for (int i = 0; i < b; i++) {
            if (latents[i].length != cfg.inChannels() * h * wd || texts[i].length != tokens * cfg.crossAttentionDim()) {
                throw new IllegalArgumentException("the latent or the text states do not have the UNet's sizes");
            }
        }
    }

    /** SiLU of the time embedding: what every ResNet block projects ({@code time_emb_proj}). */
    float[] timeEmbeddingAct(float timestep) {
        int c0 = cfg.blockOutChannels()[0], ted = cfg.timeEmbedDim();
        float[] proj = Ops.timestepEmbedding(timestep, c0, cfg.flipSinToCos(), cfg.freqShift());
        float[] temb = w.linear(Ops.silu(w.linear(proj, 1, c0, "time_embedding.linear_1", ted)), 1, ted, "time_embedding.linear_2", ted);
        return Ops.silu(temb);
    }

    /** The weights, for {@link UNetOnDevice} to upload. */
    Weights weights() {
        return w;
    }

    /** The number of transformer blocks under a Transformer2DModel prefix. */
    int transformerBlocks(String p) {
        int blocks = 0;
        while (w.has(p + ".transformer_blocks." + blocks + ".norm1.weight")) {
            blocks++;
        }
        if (blocks == 0) {
            throw new ModelFormatException("The UNet weights have no transformer blocks under '" + p + "'.");
        }
        return blocks;
    }

    /** The text encoder's hidden states per sample: {@code tokens} rows of {@code cross_attention_dim}. */
    private record Text(float[][] states, int tokens) {
    }

    private static FeatureMap[] each(FeatureMap[] xs, java.util.function.UnaryOperator<FeatureMap> f) {
        FeatureMap[] out = new FeatureMap[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = f.apply(xs[i]);
        }
        return out;
    }

    private FeatureMap[] resnet(FeatureMap[] xs, String p, int out, float[] tembAct) {
        float[] t = w.linear(tembAct, 1, cfg.timeEmbedDim(), p + ".time_emb_proj", out);
        FeatureMap[] hs = each(xs, x -> {
            FeatureMap h = w.conv(w.groupNorm(x, p + ".norm1", cfg.groups(), cfg.normEps()).silu(), p + ".conv1", out, 3, 1, 1);
            float[] hx = h.x();
            int plane = h.plane();
            for (int c = 0; c < out; c++) {
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    hx[i] += t[c];
                }
            }
            return w.conv(w.groupNorm(h, p + ".norm2", cfg.groups(), cfg.normEps()).silu(), p + ".conv2", out, 3, 1, 1);
        });
        hs = features.residual(p, hs); // PnP's feature injection replaces the branch, the skip stays the sample's own
        FeatureMap[] result = new FeatureMap[xs.length];
        for (int s = 0; s < xs.length; s++) {
            FeatureMap x = xs[s];
            FeatureMap skip = x.c() != out ? w.conv(x, p + ".conv_shortcut", out, 1, 1, 0) : x;
            result[s] = skip.plus(hs[s]);
        }
        return result;
    }

    /** Transformer2DModel: group norm, projection in, the blocks on the tokens, projection out, residual. */
    private FeatureMap[] transformer(FeatureMap[] xs, String p, int heads, Text text) {
        int b = xs.length, c = xs[0].c(), n = xs[0].plane();
        float[][] t = new float[b][];
        for (int s = 0; s < b; s++) {
            // proj_in/proj_out: a Linear in SD 2.x, a 1x1 convolution in SD 1.x: the same [c][c] numbers
            t[s] = w.linear(w.groupNorm(xs[s], p + ".norm", cfg.groups(), 1e-6f).tokens(), n, c, p + ".proj_in", c);
        }
        for (int i = 0, blocks = transformerBlocks(p); i < blocks; i++) {
            block(t, n, c, p + ".transformer_blocks." + i, heads, text);
        }
        FeatureMap[] out = new FeatureMap[b];
        for (int s = 0; s < b; s++) {
            out[s] = xs[s].plusTokens(w.linear(t[s], n, c, p + ".proj_out", c));
        }
        return out;
    }

    /** BasicTransformerBlock on every sample's tokens (in place): self-attention, cross-attention, GEGLU feed-forward. */
    private void block(float[][] t, int n, int c, String p, int heads, Text text) {
        int b = t.length;
        float[][] a = new float[b][];
        for (int s = 0; s < b; s++) {
            a[s] = w.layerNorm(t[s], n, c, p + ".norm1", 1e-5f);
        }
        float[][] o = attend(a, n, c, a, n, c, p + ".attn1", heads, true);
        for (int s = 0; s < b; s++) {
            add(t[s], o[s]);
            a[s] = w.layerNorm(t[s], n, c, p + ".norm2", 1e-5f);
        }
        o = attend(a, n, c, text.states(), text.tokens(), cfg.crossAttentionDim(), p + ".attn2", heads, false);
        int inner = 4 * c;
        for (int s = 0; s < b; s++) {
            add(t[s], o[s]);
            float[] g = w.linear(w.layerNorm(t[s], n, c, p + ".norm3", 1e-5f), n, c, p + ".ff.net.0.proj", 2 * inner);
            float[] gate = new float[n * inner], hidden = new float[n * inner];
            for (int r = 0; r < n; r++) {
                System.arraycopy(g, r * 2 * inner, hidden, r * inner, inner);
                System.arraycopy(g, r * 2 * inner + inner, gate, r * inner, inner);
            }
            float[] gelu = Ops.gelu(gate);
            for (int i = 0; i < hidden.length; i++) {
                hidden[i] *= gelu[i];
            }
            add(t[s], w.linear(hidden, n, inner, p + ".ff.net.2", c));
        }
    }

    private float[][] attend(float[][] x, int n, int c, float[][] src, int m, int srcDim, String p, int heads, boolean self) {
        int b = x.length;
        float[][] q = new float[b][], k = new float[b][], v = new float[b][];
        for (int s = 0; s < b; s++) {
            q[s] = w.linear(x[s], n, c, p + ".to_q", c);
            k[s] = w.linear(src[s], m, srcDim, p + ".to_k", c);
            v[s] = w.linear(src[s], m, srcDim, p + ".to_v", c);
        }
        float[][] o = attention.attend(p, self, q, k, v, n, m, heads, c / heads);
        float[][] out = new float[b][];
        for (int s = 0; s < b; s++) {
            out[s] = w.linear(o[s], n, c, p + ".to_out.0", c);
        }
        return out;
    }

    private static void add(float[] into, float[] y) {
        for (int i = 0; i < into.length; i++) {
            into[i] += y[i];
        }
    }
}
