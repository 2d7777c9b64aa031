package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.Ops;

/**
 * Computes one attention inside the UNet from its projected queries, keys and values. The default is plain
 * scaled dot-product attention; editing replaces it per layer (AdaFlow's self-attention extended to the
 * keyframes' keys and values and slimmed to the most relevant of them; PnP's injection from the inversion).
 */
public interface AttentionProcessor {
    /**
     * @param layer the attention's weight prefix, e.g. {@code down_blocks.0.attentions.1.transformer_blocks.0.attn1}
     * @param self  self-attention over the image tokens (attn1), not cross-attention to the text (attn2)
     * @param q     [n][heads*d]
     * @param k     [m][heads*d]
     * @param v     [m][heads*d]
     * @return [n][heads*d]
     */
    float[] attend(String layer, boolean self, float[] q, float[] k, float[] v, int n, int m, int heads, int d);

    AttentionProcessor DEFAULT = (layer, self, q, k, v, n, m, heads, d) -> Ops.attention(q, k, v, n, m, heads, d);
}
