package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.Ops;

/**
 * Computes one attention layer of the UNet for a whole batch from its projected queries, keys and values. The
 * default is plain scaled dot-product attention per sample; editing replaces it (AdaFlow's self-attention extended to
 * the keyframes' keys and values and slimmed to the most relevant of them, {@link ExtendedAttention}; PnP injection).
 */
public interface AttentionProcessor {
    /**
     * @param layer the attention's weight prefix, e.g. {@code down_blocks.0.attentions.1.transformer_blocks.0.attn1}
     * @param self  self-attention over the image tokens (attn1), not cross-attention to the text (attn2)
     * @param q     per sample [n][heads*d]
     * @param k     per sample [m][heads*d]
     * @param v     per sample [m][heads*d]
     * @return per sample [n][heads*d]
     */
    float[][] attend(String layer, boolean self, float[][] q, float[][] k, float[][] v, int n, int m, int heads, int d);

    AttentionProcessor DEFAULT = (layer, self, q, k, v, n, m, heads, d) -> {
        float[][] out = new float[q.length][];
        for (int s = 0; s < q.length; s++) {
            out[s] = Ops.attention(q[s], k[s], v[s], n, m, heads, d);
        }
        return out;
    };
}
