package dev.flowsmith.diffusion.dit;

import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.diffusion.weights.ModelFolder;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.kernels.ConvKernels;

import java.nio.file.Path;

/**
 * A class-conditional diffusion transformer in the diffusers {@code DiTTransformer2DModel} layout
 * (DiT-XL/2 and friends): patch embedding with 2-D sin-cos positions, N blocks of adaLN-Zero
 * self-attention + tanh-GELU MLP conditioned on timestep + class (the null class, index
 * {@code classes}, for unconditional use), then the modulated final layer and unpatchify. With
 * learned sigma the output has twice the input channels (noise prediction first). Weights are read
 * from the model folder ({@code config.json}, {@code diffusion_pytorch_model.safetensors}) with every
 * shape checked against the config.
 */
public final class DiTModel {
    // package-private: DiTOnDevice uploads the same weights to a compute backend
    final DitConfig cfg;
    final float[] patchW, patchB, pos;
    final Block[] blocks;
    final float[] out1W, out1B, out2W, out2B;

    /** One transformer block's weights (each block has its own conditioning embedder, as in diffusers). */
    record Block(float[] t1W, float[] t1B, float[] t2W, float[] t2B, float[] classTable, float[] adaW, float[] adaB,
                         float[] qW, float[] qB, float[] kW, float[] kB, float[] vW, float[] vB, float[] oW, float[] oB,
                         float[] ff1W, float[] ff1B, float[] ff2W, float[] ff2B) {
    }

    public DiTModel(DitConfig cfg, SafetensorsFile w) {
        this.cfg = cfg;
        int d = cfg.dim(), p = cfg.patchSize();
        patchW = w.tensor("pos_embed.proj.weight", d, cfg.inChannels(), p, p).data();
        patchB = w.tensor("pos_embed.proj.bias", d).data();
        pos = w.has("pos_embed.pos_embed") ? w.tensor("pos_embed.pos_embed", 1, cfg.grid() * cfg.grid(), d).data()
                : Ops.sincos2d(d, cfg.grid());
        blocks = new Block[cfg.layers()];
        for (int i = 0; i < cfg.layers(); i++) {
            String b = "transformer_blocks." + i + ".";
            String e = b + "norm1.emb.";
            int hd = cfg.heads() * cfg.headDim();
            blocks[i] = new Block(
                    w.tensor(e + "timestep_embedder.linear_1.weight", d, 256).data(), w.tensor(e + "timestep_embedder.linear_1.bias", d).data(),
                    w.tensor(e + "timestep_embedder.linear_2.weight", d, d).data(), w.tensor(e + "timestep_embedder.linear_2.bias", d).data(),
                    w.tensor(e + "class_embedder.embedding_table.weight", cfg.classes() + 1, d).data(),
                    w.tensor(b + "norm1.linear.weight", 6 * d, d).data(), w.tensor(b + "norm1.linear.bias", 6 * d).data(),
                    w.tensor(b + "attn1.to_q.weight", hd, d).data(), w.tensor(b + "attn1.to_q.bias", hd).data(),
                    w.tensor(b + "attn1.to_k.weight", hd, d).data(), w.tensor(b + "attn1.to_k.bias", hd).data(),
                    w.tensor(b + "attn1.to_v.weight", hd, d).data(), w.tensor(b + "attn1.to_v.bias", hd).data(),
                    w.tensor(b + "attn1.to_out.0.weight", d, hd).data(), w.tensor(b + "attn1.to_out.0.bias", d).data(),
                    w.tensor(b + "ff.net.0.proj.weight", 4 * d, d).data(), w.tensor(b + "ff.net.0.proj.bias", 4 * d).data(),
                    w.tensor(b + "ff.net.2.weight", d, 4 * d).data(), w.tensor(b + "ff.net.2.bias", d).data());
        }
        out1W = w.tensor("proj_out_1.weight", 2 * d, d).data();
        out1B = w.tensor("proj_out_1.bias", 2 * d).data();
        out2W = w.tensor("proj_out_2.weight", p * p * cfg.outChannels(), d).data();
        out2B = w.tensor("proj_out_2.bias", p * p * cfg.outChannels()).data();
    }

    /** Loads a diffusers model folder (config.json + diffusion_pytorch_model.safetensors). */
    public static DiTModel load(Path folder) {
        ModelFolder m = ModelFolder.of(folder);
        try (SafetensorsFile w = SafetensorsFile.open(m.weights())) {
            return new DiTModel(DitConfig.read(m.config()), w);
        }
    }

    public DitConfig config() {
        return cfg;
    }

    /**
     * One forward pass: {@code sample[b][inC][S][S]}, a timestep and a class label per batch element
     * ({@code classes} = unconditional); returns {@code [b][outC][S][S]}.
     */
    public float[] forward(float[] sample, int batch, float[] timesteps, int[] labels) {
        int c = cfg.inChannels(), s = cfg.sampleSize(), oc = cfg.outChannels(), p = cfg.patchSize(), g = cfg.grid();
        if (sample.length != batch * c * s * s) {
            throw new IllegalArgumentException("sample has " + sample.length + " values, expected " + batch + "x" + c + "x" + s + "x" + s);
        }
        float[] out = new float[batch * oc * s * s];
        for (int b = 0; b < batch; b++) {
            if (labels[b] < 0 || labels[b] > cfg.classes()) {
                throw new IllegalArgumentException("class " + labels[b] + " outside 0.." + cfg.classes());
            }
            float[] x = java.util.Arrays.copyOfRange(sample, b * c * s * s, (b + 1) * c * s * s);
            float[] y = forwardOne(x, timesteps[b], labels[b]);
            System.arraycopy(y, 0, out, b * oc * s * s, oc * s * s);
        }
        return out;
    }

    private float[] forwardOne(float[] x, float t, int label) {
        return forwardFrames(x, 1, t, label, null, java.util.Set.of());
    }

    /**
     * One forward pass over a window of {@code frames} latents {@code [frames][inC][S][S]} at one
     * timestep: the frames share every matrix product (rows = frames x tokens), attention is per frame
     * except at the {@code vital} layers, where each token also attends to its trajectory neighbours in
     * the other frames ({@code nb}, DiTVR's trajectory-aware attention). Returns {@code [frames][outC][S][S]}.
     * With one frame and no vital layers this is exactly {@link #forward}.
     */
    public float[] forwardFrames(float[] latents, int frames, float t, int label, TrajectoryNeighbours nb,
                                 java.util.Set<Integer> vital) {
        int d = cfg.dim(), p = cfg.patchSize(), g = cfg.grid(), n = g * g, c = cfg.inChannels(), s = cfg.sampleSize();
        int oc = cfg.outChannels(), po = p * p * oc;
        if (latents.length != frames * c * s * s) {
            throw new IllegalArgumentException("latents have " + latents.length + " values, expected " + frames + "x" + c + "x" + s + "x" + s);
        }
        if (!vital.isEmpty() && (nb == null || nb.frames() != frames || nb.tokens() != n)) {
            throw new IllegalArgumentException("vital layers " + vital + " need neighbour lists for " + frames + " frames of " + n + " tokens");
        }
        for (int l : vital) {
            if (l < 0 || l >= blocks.length) {
                throw new IllegalArgumentException("vital layer " + l + " outside 0.." + (blocks.length - 1));
            }
        }
        // patch embedding: a p x p stride-p convolution per frame, then tokens in row-major grid order
        float[] h = new float[frames * n * d], conv = new float[d * n], x = new float[c * s * s];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(latents, f * c * s * s, x, 0, x.length);
            ConvKernels.conv2d(x, patchW, patchB, conv, c, s, s, d, p, p, p, 0, g, g, 0, d * g);
            for (int ch = 0; ch < d; ch++) {
                for (int i = 0; i < n; i++) {
                    h[(f * n + i) * d + ch] = conv[ch * n + i] + pos[i * d + ch];
                }
            }
        }
        float[] cond0 = null;
        for (int i = 0; i < blocks.length; i++) {
            float[] cond = conditioning(blocks[i], t, label);
            if (i == 0) {
                cond0 = cond;
            }
            h = block(blocks[i], h, frames, n, cond, vital.contains(i) ? nb : null);
        }
        int rows = frames * n;
        float[] ss = Ops.linear(Ops.silu(cond0), 1, d, out1W, out1B, 2 * d); // shift | scale
        float[] hn = Ops.layerNorm(h, rows, d, 1e-6f);
        Ops.modulate(hn, rows, d, ss, 0, ss, d);
        float[] o = Ops.linear(hn, rows, d, out2W, out2B, po);
        return unpatchify(o, frames, g, p, oc);
    }

    /** Tokens [frames][g*g][p*p*oc] (token (gy, gx) holds [py][px][oc]) to images [frames][oc][g*p][g*p]. */
    static float[] unpatchify(float[] o, int frames, int g, int p, int oc) {
        int s = g * p, n = g * g, po = p * p * oc;
        float[] img = new float[frames * oc * s * s];
        for (int f = 0; f < frames; f++) {
            int fo = f * oc * s * s;
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    int tok = (f * n + gy * g + gx) * po;
                    for (int py = 0; py < p; py++) {
                        for (int px = 0; px < p; px++) {
                            for (int ch = 0; ch < oc; ch++) {
                                img[fo + (ch * s + gy * p + py) * s + gx * p + px] = o[tok + (py * p + px) * oc + ch];
                            }
                        }
                    }
                }
            }
        }
        return img;
    }

    /** Timestep MLP on the sinusoidal embedding plus the class embedding. */
    float[] conditioning(Block bl, float t, int label) {
        int d = cfg.dim();
        float[] te = Ops.linear(Ops.silu(Ops.linear(Ops.timestepEmbedding(t, 256), 1, 256, bl.t1W(), bl.t1B(), d)), 1, d,
                bl.t2W(), bl.t2B(), d);
        for (int j = 0; j < d; j++) {
            te[j] += bl.classTable()[label * d + j];
        }
        return te;
    }

    /** One block over frames x n token rows; {@code nb} non-null makes its attention trajectory-aware. */
    private float[] block(Block bl, float[] x, int frames, int tokens, float[] cond, TrajectoryNeighbours nb) {
        int d = cfg.dim(), hd = cfg.heads() * cfg.headDim(), n = frames * tokens;
        float[] ada = Ops.linear(Ops.silu(cond), 1, d, bl.adaW(), bl.adaB(), 6 * d);
        // chunks: shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp
        float[] h = Ops.layerNorm(x, n, d, 1e-6f);
        Ops.modulate(h, n, d, ada, 0, ada, d);
        float[] q = Ops.linear(h, n, d, bl.qW(), bl.qB(), hd), k = Ops.linear(h, n, d, bl.kW(), bl.kB(), hd),
                v = Ops.linear(h, n, d, bl.vW(), bl.vB(), hd);
        float[] att = nb == null ? Ops.framewiseAttention(q, k, v, frames, tokens, cfg.heads(), cfg.headDim())
                : Ops.trajectoryAttention(q, k, v, frames, tokens, cfg.heads(), cfg.headDim(), nb.index(), nb.bias(), nb.perToken());
        float[] a = Ops.linear(att, n, hd, bl.oW(), bl.oB(), d);
        float[] out = x.clone();
        Ops.gatedAdd(out, a, n, d, ada, 2 * d);
        float[] h2 = Ops.layerNorm(out, n, d, (float) cfg.normEps());
        Ops.modulate(h2, n, d, ada, 3 * d, ada, 4 * d);
        float[] f = Ops.linear(Ops.geluTanh(Ops.linear(h2, n, d, bl.ff1W(), bl.ff1B(), 4 * d)), n, 4 * d, bl.ff2W(), bl.ff2B(), d);
        Ops.gatedAdd(out, f, n, d, ada, 5 * d);
        return out;
    }
}
