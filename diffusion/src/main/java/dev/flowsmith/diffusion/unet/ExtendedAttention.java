package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.kernels.KeyframeKernels;

/**
 * AdaFlow's keyframe attention. In every self-attention layer the queries of each keyframe attend to the keys and
 * values of all the keyframes in the batch (TokenFlow's extended attention), so the keyframes are edited as one
 * consistent set. With more keyframes than the budget, adaptive attention slimming keeps for each query frame only
 * {@code budget x S} of the pooled tokens (S tokens per frame): those whose best cosine match among the query frame's
 * own keys is highest, i.e. the content that frame actually shows. The keys and values one frame attends to then stay
 * at {@code budget x S} however many keyframes there are, so memory per frame is flat and the total linear in the
 * keyframes, not quadratic. Relevance is scored on this layer's keys (AdaFlow scores DIFT features of the source
 * frames; the keys are what this layer compares anyway). Cross-attention to the text is left as it is.
 */
public final class ExtendedAttention implements AttentionProcessor {
    /** Pooled rows scored at a time (bounds the score block at 8,192 x S floats). */
    private static final int SCORE_BLOCK = 8192;
    private final int budget;
    private final boolean alwaysGather;
    private int largestKv;

    /** {@code budget}: keyframes' worth of tokens each frame may attend to (AdaFlow's max_kv_size, 20 by default). */
    public ExtendedAttention(int budget) {
        this(budget, false);
    }

    /** As above; {@code alwaysGather} takes the slimming path (score, top-k, gather) even when nothing is dropped. */
    public ExtendedAttention(int budget, boolean alwaysGather) {
        if (budget < 1) {
            throw new IllegalArgumentException("a key/value budget of " + budget + " keyframes");
        }
        this.budget = budget;
        this.alwaysGather = alwaysGather;
    }

    /** The most key/value tokens one query frame has attended to so far. */
    public int largestKeyValueSet() {
        return largestKv;
    }

    @Override
    public float[][] attend(String layer, boolean self, float[][] q, float[][] k, float[][] v, int n, int m, int heads, int d) {
        if (!self) {
            return DEFAULT.attend(layer, false, q, k, v, n, m, heads, d);
        }
        int b = q.length, c = heads * d, pool = b * n;
        float[] kAll = new float[pool * c], vAll = new float[pool * c];
        for (int s = 0; s < b; s++) {
            System.arraycopy(k[s], 0, kAll, s * n * c, n * c);
            System.arraycopy(v[s], 0, vAll, s * n * c, n * c);
        }
        int keep = b > budget ? budget * n : pool;
        float[][] out = new float[b][];
        if (keep == pool && !alwaysGather) {
            for (int s = 0; s < b; s++) {
                out[s] = Ops.attention(q[s], kAll, vAll, n, pool, heads, d);
            }
            largestKv = Math.max(largestKv, pool);
            return out;
        }
        float[] normed = new float[kAll.length];
        KeyframeKernels.normalizeRows(kAll, normed, c, 0, pool);
        int[] idx = new int[keep];
        float[] val = new float[keep], score = new float[pool], ks = new float[keep * c], vs = new float[keep * c];
        for (int s = 0; s < b; s++) {
            float[] own = java.util.Arrays.copyOfRange(normed, s * n * c, (s + 1) * n * c);
            for (int r0 = 0; r0 < pool; r0 += SCORE_BLOCK) {
                int rows = Math.min(SCORE_BLOCK, pool - r0);
                float[] sims = Ops.linear(java.util.Arrays.copyOfRange(normed, r0 * c, (r0 + rows) * c), rows, c, own, null, n);
                for (int r = 0; r < rows; r++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        best = Math.max(best, sims[r * n + j]);
                    }
                    score[r0 + r] = best;
                }
            }
            KeyframeKernels.topK(score, idx, val, pool, keep, 0, 1);
            for (int i = 0; i < keep; i++) {
                System.arraycopy(kAll, idx[i] * c, ks, i * c, c);
                System.arraycopy(vAll, idx[i] * c, vs, i * c, c);
            }
            out[s] = Ops.attention(q[s], ks, vs, n, keep, heads, d);
        }
        largestKv = Math.max(largestKv, keep);
        return out;
    }
}
