package dev.flowsmith.diffusion.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.diffusion.nn.Weights;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stable Diffusion's text encoder, a CLIP text transformer in the transformers {@code CLIPTextModel} layout
 * ({@code text_encoder/config.json} and {@code model.safetensors}): token plus position embeddings, pre-norm encoder
 * layers (causal multi-head self-attention, an MLP with the exact GELU for OpenCLIP ViT-H/14 in SD 2.x or quick-GELU
 * for CLIP ViT-L/14 in SD 1.x), a final layer norm. SD 2.x takes the penultimate layer of OpenCLIP; its published
 * {@code text_encoder} already has that layer removed (23 of 24), so {@link #encode} with {@code skipLast} 0 is
 * what its pipeline uses; {@code skipLast} is diffusers' {@code clip_skip} for the others.
 */
public final class ClipTextModel {
    /** The config values the encoder needs. */
    public record Config(int hidden, int intermediate, int heads, int layers, int maxPositions, int vocab, boolean quickGelu, float eps) {
    }

    private final Config cfg;
    private final Weights w;

    private ClipTextModel(Config cfg, Weights w) {
        this.cfg = cfg;
        this.w = w;
    }

    /** Loads {@code folder}/config.json and {@code folder}/model.safetensors (diffusers' text_encoder/). */
    public static ClipTextModel load(Path folder) {
        Path config = folder.resolve("config.json"), weights = folder.resolve("model.safetensors");
        if (!Files.isRegularFile(config) || !Files.isRegularFile(weights)) {
            throw new ModelFormatException("'" + folder + "' is not a text encoder folder: it needs config.json and model.safetensors.");
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("'" + config + "' cannot be read as JSON: " + e.getMessage(), e);
        }
        String act = n.path("hidden_act").asText("quick_gelu");
        if (!act.equals("gelu") && !act.equals("quick_gelu")) {
            throw new ModelFormatException("'" + config + "' uses the activation " + act + "; CLIP text encoders use gelu or quick_gelu.");
        }
        Config c = new Config(n.path("hidden_size").asInt(0), n.path("intermediate_size").asInt(0), n.path("num_attention_heads").asInt(0),
                n.path("num_hidden_layers").asInt(0), n.path("max_position_embeddings").asInt(77), n.path("vocab_size").asInt(49408),
                act.equals("quick_gelu"), (float) n.path("layer_norm_eps").asDouble(1e-5));
        if (c.hidden() < 1 || c.heads() < 1 || c.hidden() % c.heads() != 0 || c.layers() < 1 || c.intermediate() < 1) {
            throw new ModelFormatException("'" + config + "' has hidden_size " + c.hidden() + ", " + c.heads() + " heads, "
                    + c.layers() + " layers and intermediate_size " + c.intermediate() + ": not a usable text encoder.");
        }
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            return new ClipTextModel(c, new Weights(f, "text encoder"));
        }
    }

    public Config config() {
        return cfg;
    }

    /**
     * The hidden states {@code [ids.length][hidden]} for token ids (the tokenizer's, padded): the last layer's
     * output ({@code skipLast} 0) or that of {@code skipLast} layers earlier, through the final layer norm either way.
     */
    public float[] encode(int[] ids, int skipLast) {
        int n = ids.length, d = cfg.hidden();
        if (n < 1 || n > cfg.maxPositions()) {
            throw new IllegalArgumentException(n + " tokens: the text encoder takes 1 to " + cfg.maxPositions());
        }
        if (skipLast < 0 || skipLast >= cfg.layers()) {
            throw new IllegalArgumentException("skipLast " + skipLast + " of " + cfg.layers() + " layers");
        }
        float[] tok = w.p("text_model.embeddings.token_embedding.weight", (long) cfg.vocab() * d);
        float[] pos = w.p("text_model.embeddings.position_embedding.weight", (long) cfg.maxPositions() * d);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= cfg.vocab()) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary of " + cfg.vocab());
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] = tok[ids[i] * d + j] + pos[i * d + j];
            }
        }
        for (int l = 0; l < cfg.layers() - skipLast; l++) {
            x = layer(x, n, "text_model.encoder.layers." + l);
        }
        return w.layerNorm(x, n, d, "text_model.final_layer_norm", cfg.eps());
    }

    private float[] layer(float[] x, int n, String p) {
        int d = cfg.hidden(), f = cfg.intermediate();
        float[] h = w.layerNorm(x, n, d, p + ".layer_norm1", cfg.eps());
        float[] a = w.linear(causalAttention(w.linear(h, n, d, p + ".self_attn.q_proj", d), w.linear(h, n, d, p + ".self_attn.k_proj", d),
                w.linear(h, n, d, p + ".self_attn.v_proj", d), n), n, d, p + ".self_attn.out_proj", d);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += a[i];
        }
        h = w.linear(w.layerNorm(y, n, d, p + ".layer_norm2", cfg.eps()), n, d, p + ".mlp.fc1", f);
        if (cfg.quickGelu()) {
            for (int i = 0; i < h.length; i++) {
                h[i] = h[i] / (1 + (float) Math.exp(-1.702f * h[i]));
            }
        } else {
            h = Ops.gelu(h);
        }
        float[] m = w.linear(h, n, f, p + ".mlp.fc2", d);
        for (int i = 0; i < y.length; i++) {
            y[i] += m[i];
        }
        return y;
    }

    /** Multi-head attention in which token i sees tokens 0..i only; q, k, v and the result [n][hidden]. */
    private float[] causalAttention(float[] q, float[] k, float[] v, int n) {
        int d = cfg.hidden(), heads = cfg.heads(), hd = d / heads;
        float scale = (float) (1 / Math.sqrt(hd));
        float[] out = new float[n * d], s = new float[n];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    float dot = 0;
                    for (int t = 0; t < hd; t++) {
                        dot += q[i * d + h * hd + t] * k[j * d + h * hd + t];
                    }
                    s[j] = dot * scale;
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = (float) Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    float pj = (float) (s[j] / sum);
                    for (int t = 0; t < hd; t++) {
                        out[i * d + h * hd + t] += pj * v[j * d + h * hd + t];
                    }
                }
            }
        }
        return out;
    }
}
