package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.Weights;
import dev.flowsmith.kernels.ConvKernels;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The UNet of {@link UNet2DConditionModel#forward(float[][], int, int, float, float[][], int)} on a
 * {@link ComputeBackend} (the CPU backend, or an OpenCL GPU named by {@code --device}), with the keyframe edit's
 * extended and slimmed self-attention and PnP injection done there too, so the activations of a whole keyframe batch
 * stay on the device for the pass and only the noise prediction comes back. The batch is one {@code [b][c][h][w]}
 * buffer: convolutions and group norms take it whole; transformers turn it into {@code [b*hw][c]} tokens by
 * {@code swapAxes}, so every projection is one GEMM over all samples (weights uploaded once, on first use, transposed
 * to {@code [in][out]}; biases added as rank-1 GEMM updates with a column of ones). Heads are split by
 * {@code swapAxes}. Extended attention without slimming is one attention of all {@code b*hw} queries over all
 * {@code b*hw} keys per head; with slimming each sample's kept keys come from {@code normalizeRows},
 * {@code slimScores}, {@code topK} and {@code gatherRows}, as {@link ExtendedAttention} does on the host. PnP keeps
 * device copies of the source pass's queries, keys and feature residual ({@link PnpInjection}'s layers). The time
 * embedding MLP (one row) runs on the host. Matched against the host forward by the tests, on both backends.
 */
public final class UNetOnDevice implements EditableUNet, AutoCloseable {
    private enum Pnp { RECORD, INJECT, OFF }

    private final UNet2DConditionModel model;
    private final UNetConfig cfg;
    private final Weights w;
    private final Plan plan;
    private final String device;
    private final Map<String, Buf> uploaded = new HashMap<>();
    /** Working buffers by exact length (the CPU backend's BLAS path wants exact sizes), reused across forwards. */
    private final Map<Integer, ArrayDeque<Buf>> spare = new HashMap<>();
    private final Map<Integer, Buf> ones = new HashMap<>();
    /** The slimming's top-k row indices, by count. */
    private final Map<Integer, Buf> keptRows = new HashMap<>();
    private final Set<String> pnpBlocks;
    private final String featureLayer;
    private final Map<String, Buf[]> recordedQueriesKeys = new HashMap<>();
    private Buf recordedFeature;
    private boolean extended;
    private int budget;
    private Pnp pnp = Pnp.OFF;
    private boolean injectAttention, injectFeature;
    private int largestKv;

    /** A batch of feature maps on the device: {@code [b][c][h][w]}. */
    private record Maps(Buf x, int b, int c, int h, int w) {
        int plane() {
            return h * w;
        }
    }

    public UNetOnDevice(UNet2DConditionModel model, ComputeBackend backend) {
        this.model = model;
        this.cfg = model.config();
        this.w = model.weights();
        this.device = backend.description();
        this.plan = backend.newPlan();
        PnpInjection layers = new PnpInjection(cfg, AttentionProcessor.DEFAULT);
        this.pnpBlocks = layers.attentionBlocks();
        this.featureLayer = layers.featureLayer();
    }

    public String device() {
        return device;
    }

    @Override
    public UNetConfig config() {
        return cfg;
    }

    @Override
    public void plain() {
        extended = false;
        pnp = Pnp.OFF;
        dropRecorded();
    }

    @Override
    public void extended(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("a key/value budget of " + budget + " keyframes");
        }
        this.extended = true;
        this.budget = budget;
        this.largestKv = 0;
        pnp = Pnp.OFF;
        dropRecorded();
    }

    @Override
    public void record() {
        requireExtended();
        pnp = Pnp.RECORD;
        dropRecorded();
    }

    @Override
    public void inject(boolean attention, boolean feature) {
        requireExtended();
        pnp = Pnp.INJECT;
        injectAttention = attention;
        injectFeature = feature;
    }

    @Override
    public void off() {
        requireExtended();
        pnp = Pnp.OFF;
        dropRecorded();
    }

    @Override
    public int largestKeyValueSet() {
        return largestKv;
    }

    private void requireExtended() {
        if (!extended) {
            throw new IllegalStateException("PnP needs extended attention first");
        }
    }

    private void dropRecorded() {
        for (Buf[] qk : recordedQueriesKeys.values()) {
            give(qk[0]);
            give(qk[1]);
        }
        recordedQueriesKeys.clear();
        if (recordedFeature != null) {
            give(recordedFeature);
            recordedFeature = null;
        }
    }

    // --- buffers ---

    private Buf take(int length) {
        ArrayDeque<Buf> q = spare.get(length);
        Buf b = q == null ? null : q.poll();
        return b != null ? b : plan.floats(length);
    }

    private void give(Buf b) {
        spare.computeIfAbsent(b.length(), k -> new ArrayDeque<>()).push(b);
    }

    private Buf ones(int n) {
        return ones.computeIfAbsent(n, k -> {
            float[] o = new float[k];
            java.util.Arrays.fill(o, 1f);
            return plan.floats(o);
        });
    }

    /** A tensor as it is (convolutions, norms, biases), checked to hold {@code size} values. */
    private Buf tensor(String name, long size) {
        Buf b = uploaded.get(name);
        if (b == null) {
            b = plan.floats(w.p(name, size));
            uploaded.put(name, b);
        }
        return b;
    }

    /** A torch Linear weight {@code [out][in]} as {@code [in][out]}. */
    private Buf linearWeight(String name, int out, int in) {
        Buf b = uploaded.get(name);
        if (b == null) {
            float[] t = w.p(name, (long) out * in), tr = new float[t.length];
            for (int r = 0; r < out; r++) {
                for (int c = 0; c < in; c++) {
                    tr[c * out + r] = t[r * in + c];
                }
            }
            b = plan.floats(tr);
            uploaded.put(name, b);
        }
        return b;
    }

    // --- layers ---

    /** {@code y[rows][out] = x[rows][in] W^T + b} (torch Linear {@code prefix}; the bias when the model has one). */
    private Buf linear(Buf x, int rows, int in, String prefix, int out) {
        Buf y = take(rows * out);
        plan.sgemm(x, linearWeight(prefix + ".weight", out, in), y, rows, out, in, 1f, 0f, false, false);
        if (w.has(prefix + ".bias")) {
            plan.sgemm(ones(rows), tensor(prefix + ".bias", out), y, rows, out, 1, 1f, 1f, false, false);
        }
        return y;
    }

    private Maps conv(Maps x, String prefix, int out, int k, int stride, int pad) {
        int oh = ConvKernels.outSize(x.h(), k, stride, pad), ow = ConvKernels.outSize(x.w(), k, stride, pad);
        Buf y = take(x.b() * out * oh * ow);
        plan.conv2d(x.x(), tensor(prefix + ".weight", (long) out * x.c() * k * k), tensor(prefix + ".bias", out), y, x.b(), x.c(),
                x.h(), x.w(), out, k, k, stride, pad);
        return new Maps(y, x.b(), out, oh, ow);
    }

    private Maps groupNormSilu(Maps x, String prefix) {
        Buf y = take(x.x().length());
        plan.groupNorm(x.x(), tensor(prefix + ".weight", x.c()), tensor(prefix + ".bias", x.c()), y, x.b(), x.c(), x.plane(),
                cfg.groups(), cfg.normEps());
        plan.silu(y, y, y.length());
        return new Maps(y, x.b(), x.c(), x.h(), x.w());
    }

    private Buf layerNorm(Buf x, int rows, int cols, String prefix) {
        Buf y = take(rows * cols);
        plan.layerNorm(x, tensor(prefix + ".weight", cols), tensor(prefix + ".bias", cols), y, rows, cols, 1e-5f);
        return y;
    }

    /** {@code x += y}, both {@code [rows][cols]} ({@code addScaledColumns} with a gate of ones). */
    private void addInto(Buf x, Buf y, int rows, int cols) {
        plan.addScaledColumns(x, y, ones(cols), rows, cols);
    }

    // --- the forward ---

    @Override
    public float[][] forward(float[][] latents, int h, int wd, float timestep, float[][] texts, int tokens) {
        model.checkInputs(latents, h, wd, texts, tokens);
        int[] ch = cfg.blockOutChannels();
        int blocks = ch.length, b = latents.length, in = cfg.inChannels(), cross = cfg.crossAttentionDim();
        float[] packed = new float[b * in * h * wd], text = new float[b * tokens * cross];
        for (int s = 0; s < b; s++) {
            System.arraycopy(latents[s], 0, packed, s * in * h * wd, in * h * wd);
            System.arraycopy(texts[s], 0, text, s * tokens * cross, tokens * cross);
        }
        Buf lat = take(packed.length), txt = take(text.length);
        plan.write(lat, packed);
        plan.write(txt, text);
        Maps x = conv(new Maps(lat, b, in, h, wd), "conv_in", ch[0], 3, 1, 1);
        give(lat);
        float[] tembAct = model.timeEmbeddingAct(timestep);
        List<Maps> skips = new ArrayList<>();
        skips.add(x);
        for (int i = 0; i < blocks; i++) {
            String p = "down_blocks." + i;
            boolean crossBlock = cfg.downBlocks().get(i).startsWith("CrossAttn");
            for (int j = 0; j < cfg.layersPerBlock(); j++) {
                x = resnet(x, p + ".resnets." + j, ch[i], tembAct, false);
                if (crossBlock) {
                    x = transformer(x, p + ".attentions." + j, cfg.heads()[i], txt, tokens);
                }
                skips.add(x);
            }
            if (i < blocks - 1) {
                x = conv(x, p + ".downsamplers.0.conv", x.c(), 3, 2, 1);
                skips.add(x);
            }
        }
        x = resnet(x, "mid_block.resnets.0", ch[blocks - 1], tembAct, false);
        x = transformer(x, "mid_block.attentions.0", cfg.heads()[blocks - 1], txt, tokens);
        x = resnet(x, "mid_block.resnets.1", ch[blocks - 1], tembAct, true);
        for (int i = 0; i < blocks; i++) {
            String p = "up_blocks." + i;
            int out = ch[blocks - 1 - i];
            boolean crossBlock = cfg.upBlocks().get(i).startsWith("CrossAttn");
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                Maps skip = skips.remove(skips.size() - 1);
                Maps joined = concat(x, skip);
                give(x.x());
                give(skip.x());
                x = resnet(joined, p + ".resnets." + j, out, tembAct, true);
                if (crossBlock) {
                    x = transformer(x, p + ".attentions." + j, cfg.heads()[blocks - 1 - i], txt, tokens);
                }
            }
            if (i < blocks - 1) {
                Buf up = take(x.b() * x.c() * 4 * x.plane());
                plan.nearest(x.x(), up, x.b() * x.c(), x.h(), x.w(), 2 * x.h(), 2 * x.w());
                give(x.x());
                Maps big = new Maps(up, x.b(), x.c(), 2 * x.h(), 2 * x.w());
                x = conv(big, p + ".upsamplers.0.conv", out, 3, 1, 1);
                give(up);
            }
        }
        give(txt);
        Maps act = groupNormSilu(x, "conv_norm_out");
        give(x.x());
        Maps y = conv(act, "conv_out", cfg.outChannels(), 3, 1, 1);
        give(act.x());
        float[] all = new float[y.x().length()];
        plan.read(y.x(), all);
        give(y.x());
        int per = cfg.outChannels() * h * wd;
        float[][] result = new float[b][];
        for (int s = 0; s < b; s++) {
            result[s] = java.util.Arrays.copyOfRange(all, s * per, (s + 1) * per);
        }
        return result;
    }

    /** Each sample's channels of {@code a} then of {@code b} (torch.cat on dim 1). */
    private Maps concat(Maps a, Maps b) {
        int pa = a.c() * a.plane(), pb = b.c() * b.plane(), per = pa + pb;
        Buf y = take(a.b() * per);
        for (int s = 0; s < a.b(); s++) {
            plan.copy(a.x(), s * pa, y, s * per, pa);
            plan.copy(b.x(), s * pb, y, s * per + pa, pb);
        }
        return new Maps(y, a.b(), a.c() + b.c(), a.h(), a.w());
    }

    /**
     * ResnetBlock2D; gives back {@code x}'s buffer unless it is kept as a skip ({@code consumes} is false on the down
     * path and the first mid block, whose inputs are skips or are still needed).
     */
    private Maps resnet(Maps x, String p, int out, float[] tembAct, boolean consumes) {
        float[] t = w.linear(tembAct, 1, cfg.timeEmbedDim(), p + ".time_emb_proj", out);
        Maps a = groupNormSilu(x, p + ".norm1");
        Maps h = conv(a, p + ".conv1", out, 3, 1, 1);
        give(a.x());
        // + the time embedding per channel: [b*out][hw] += t_rep[b*out] x ones[hw], one rank-1 update
        float[] rep = new float[x.b() * out];
        for (int s = 0; s < x.b(); s++) {
            System.arraycopy(t, 0, rep, s * out, out);
        }
        Buf tb = take(rep.length);
        plan.write(tb, rep);
        plan.sgemm(tb, ones(h.plane()), h.x(), x.b() * out, h.plane(), 1, 1f, 1f, false, false);
        give(tb);
        Maps a2 = groupNormSilu(h, p + ".norm2");
        give(h.x());
        Maps branch = conv(a2, p + ".conv2", out, 3, 1, 1);
        give(a2.x());
        branch = featureHook(p, branch);
        Maps skip = x.c() != out ? conv(x, p + ".conv_shortcut", out, 1, 1, 0) : null;
        Buf sum = take(branch.x().length());
        plan.copy(skip != null ? skip.x() : x.x(), 0, sum, 0, sum.length());
        addInto(sum, branch.x(), x.b() * out, branch.plane());
        if (branch.x() != recordedFeature) {
            give(branch.x());
        }
        if (skip != null) {
            give(skip.x());
        }
        if (consumes) {
            give(x.x());
        }
        return new Maps(sum, x.b(), out, branch.h(), branch.w());
    }

    /** PnP's feature injection: keep the source pass's branch at {@link #featureLayer}, or use it in its place. */
    private Maps featureHook(String layer, Maps branch) {
        if (!extended || !layer.equals(featureLayer)) {
            return branch;
        }
        if (pnp == Pnp.RECORD) {
            if (recordedFeature != null) {
                give(recordedFeature);
            }
            recordedFeature = take(branch.x().length());
            plan.copy(branch.x(), 0, recordedFeature, 0, branch.x().length());
        } else if (pnp == Pnp.INJECT && injectFeature) {
            if (recordedFeature == null || recordedFeature.length() != branch.x().length()) {
                throw new IllegalStateException("no source pass was recorded for " + layer);
            }
            give(branch.x());
            return new Maps(recordedFeature, branch.b(), branch.c(), branch.h(), branch.w());
        }
        return branch;
    }

    /** Transformer2DModel: group norm, projection in, the blocks on the tokens, projection out, residual. */
    private Maps transformer(Maps x, String p, int heads, Buf text, int tokens) {
        int b = x.b(), c = x.c(), n = x.plane(), rows = b * n;
        Buf normed = take(x.x().length());
        plan.groupNorm(x.x(), tensor(p + ".norm.weight", c), tensor(p + ".norm.bias", c), normed, b, c, n, cfg.groups(), 1e-6f);
        Buf tok = take(rows * c);
        plan.swapAxes(normed, tok, b, c, n, 1); // [b][c][n] -> [b][n][c]
        give(normed);
        Buf t = linear(tok, rows, c, p + ".proj_in", c);
        give(tok);
        for (int i = 0, blocks = model.transformerBlocks(p); i < blocks; i++) {
            block(t, b, n, c, p + ".transformer_blocks." + i, heads, text, tokens);
        }
        Buf o = linear(t, rows, c, p + ".proj_out", c);
        give(t);
        Buf planar = take(rows * c);
        plan.swapAxes(o, planar, b, n, c, 1); // back to [b][c][n]
        give(o);
        Buf sum = take(rows * c);
        plan.copy(x.x(), 0, sum, 0, rows * c);
        addInto(sum, planar, b * c, n);
        give(planar);
        give(x.x());
        return new Maps(sum, b, c, x.h(), x.w());
    }

    /** BasicTransformerBlock on the batch's tokens {@code t} {@code [b*n][c]}, in place. */
    private void block(Buf t, int b, int n, int c, String p, int heads, Buf text, int tokens) {
        int rows = b * n, cross = cfg.crossAttentionDim(), inner = 4 * c;
        Buf a = layerNorm(t, rows, c, p + ".norm1");
        Buf o = selfAttention(a, b, n, c, p + ".attn1", heads);
        give(a);
        addInto(t, o, rows, c);
        give(o);
        a = layerNorm(t, rows, c, p + ".norm2");
        o = crossAttention(a, b, n, c, text, tokens, cross, p + ".attn2", heads);
        give(a);
        addInto(t, o, rows, c);
        give(o);
        a = layerNorm(t, rows, c, p + ".norm3");
        Buf g = linear(a, rows, c, p + ".ff.net.0.proj", 2 * inner);
        give(a);
        Buf hidden = take(rows * inner);
        plan.geglu(g, hidden, rows, inner);
        give(g);
        Buf f = linear(hidden, rows, inner, p + ".ff.net.2", c);
        give(hidden);
        addInto(t, f, rows, c);
        give(f);
    }

    /** {@code [batch][rows][heads*d]} to {@code [batch][heads][rows][d]}. */
    private Buf heads(Buf x, int batch, int rows, int heads, int d) {
        Buf y = take(batch * rows * heads * d);
        plan.swapAxes(x, y, batch, rows, heads, d);
        return y;
    }

    private Buf crossAttention(Buf a, int b, int n, int c, Buf text, int tokens, int cross, String p, int heads) {
        int d = c / heads;
        Buf q = linear(a, b * n, c, p + ".to_q", c), k = linear(text, b * tokens, cross, p + ".to_k", c),
                v = linear(text, b * tokens, cross, p + ".to_v", c);
        Buf qh = heads(q, b, n, heads, d), kh = heads(k, b, tokens, heads, d), vh = heads(v, b, tokens, heads, d);
        give(q);
        give(k);
        give(v);
        Buf oh = take(b * n * c);
        plan.attention(qh, kh, vh, oh, b * heads, n, tokens, d, scale(d));
        give(qh);
        give(kh);
        give(vh);
        Buf merged = take(b * n * c);
        plan.swapAxes(oh, merged, b, heads, n, d);
        give(oh);
        Buf out = linear(merged, b * n, c, p + ".to_out.0", c);
        give(merged);
        return out;
    }

    private static float scale(int d) {
        return (float) (1 / Math.sqrt(d));
    }

    private boolean pnpLayer(String layer) {
        int cut = layer.indexOf(".transformer_blocks.");
        return cut > 0 && pnpBlocks.contains(layer.substring(0, cut + 1));
    }

    private Buf selfAttention(Buf a, int b, int n, int c, String p, int heads) {
        int d = c / heads, rows = b * n;
        Buf q = linear(a, rows, c, p + ".to_q", c), k = linear(a, rows, c, p + ".to_k", c), v = linear(a, rows, c, p + ".to_v", c);
        boolean ownQk = true;
        if (extended && pnpLayer(p)) {
            if (pnp == Pnp.RECORD) {
                Buf rq = take(rows * c), rk = take(rows * c);
                plan.copy(q, 0, rq, 0, rows * c);
                plan.copy(k, 0, rk, 0, rows * c);
                Buf[] old = recordedQueriesKeys.put(p, new Buf[]{rq, rk});
                if (old != null) {
                    give(old[0]);
                    give(old[1]);
                }
            } else if (pnp == Pnp.INJECT && injectAttention) {
                Buf[] src = recordedQueriesKeys.get(p);
                if (src == null || src[0].length() != rows * c) {
                    throw new IllegalStateException("no source pass was recorded for " + p);
                }
                give(q);
                give(k);
                q = src[0];
                k = src[1];
                ownQk = false;
            }
        }
        Buf att = take(rows * c);
        if (!extended) {
            Buf qh = heads(q, b, n, heads, d), kh = heads(k, b, n, heads, d), vh = heads(v, b, n, heads, d);
            Buf oh = take(rows * c);
            plan.attention(qh, kh, vh, oh, b * heads, n, n, d, scale(d));
            plan.swapAxes(oh, att, b, heads, n, d);
            give(qh);
            give(kh);
            give(vh);
            give(oh);
        } else if (b <= budget) {
            // every query of every sample over the pooled keys of all samples: one attention per head
            Buf qh = heads(q, 1, rows, heads, d), kh = heads(k, 1, rows, heads, d), vh = heads(v, 1, rows, heads, d);
            Buf oh = take(rows * c);
            plan.attention(qh, kh, vh, oh, heads, rows, rows, d, scale(d));
            plan.swapAxes(oh, att, 1, heads, rows, d);
            give(qh);
            give(kh);
            give(vh);
            give(oh);
            largestKv = Math.max(largestKv, rows);
        } else {
            slimmedAttention(q, k, v, att, b, n, c, heads);
        }
        if (ownQk) {
            give(q);
            give(k);
        }
        give(v);
        Buf out = linear(att, rows, c, p + ".to_out.0", c);
        give(att);
        return out;
    }

    /**
     * Each sample's queries over the {@code budget * n} pooled keys/values whose best cosine match among that sample's
     * own keys is highest ({@link ExtendedAttention}'s adaptive slimming).
     */
    private void slimmedAttention(Buf q, Buf k, Buf v, Buf att, int b, int n, int c, int heads) {
        int d = c / heads, pool = b * n, keep = budget * n;
        Buf normed = take(pool * c), own = take(n * c), score = take(pool), val = take(keep);
        Buf idx = keptRows.computeIfAbsent(keep, plan::ints); // one per size, reused by every layer and step
        Buf ks = take(keep * c), vs = take(keep * c), qs = take(n * c), os = take(n * c);
        plan.normalizeRows(k, normed, pool, c);
        for (int s = 0; s < b; s++) {
            plan.copy(normed, s * n * c, own, 0, n * c);
            plan.slimScores(normed, own, score, pool, n, c);
            plan.topK(score, idx, val, 1, pool, keep);
            plan.gatherRows(k, idx, ks, keep, c);
            plan.gatherRows(v, idx, vs, keep, c);
            plan.copy(q, s * n * c, qs, 0, n * c);
            Buf qh = heads(qs, 1, n, heads, d), kh = heads(ks, 1, keep, heads, d), vh = heads(vs, 1, keep, heads, d);
            Buf oh = take(n * c);
            plan.attention(qh, kh, vh, oh, heads, n, keep, d, scale(d));
            plan.swapAxes(oh, os, 1, heads, n, d);
            plan.copy(os, 0, att, s * n * c, n * c);
            give(qh);
            give(kh);
            give(vh);
            give(oh);
        }
        for (Buf t : new Buf[]{normed, own, score, val, ks, vs, qs, os}) {
            give(t);
        }
        largestKv = Math.max(largestKv, keep);
    }

    @Override
    public void close() {
        plan.close();
    }
}
