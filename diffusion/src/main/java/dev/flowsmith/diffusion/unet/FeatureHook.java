package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.FeatureMap;

/**
 * Sees (and may replace) the residual branch of every ResNet block of the UNet for a whole batch, before the block's
 * skip is added: PnP's feature injection swaps in the source pass's branch at a decoder block so the edit keeps the
 * source's layout.
 */
public interface FeatureHook {
    /**
     * @param layer the block's weight prefix, e.g. {@code up_blocks.1.resnets.1}
     * @param h     per sample, the branch {@code conv2(silu(norm2(...)))} [channels][h][w]
     * @return the branch to add to each sample's skip ({@code h} itself to leave it)
     */
    FeatureMap[] residual(String layer, FeatureMap[] h);

    FeatureHook NONE = (layer, h) -> h;
}
