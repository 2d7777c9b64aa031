package dev.flowsmith.diffusion.unet;

/**
 * A UNet as the keyframe edit drives it, wherever it runs (the host, {@link HostEditableUNet}; a compute backend,
 * {@link UNetOnDevice}): plain forwards for the inversion, then joint forwards with self-attention extended across
 * the batch and slimmed to a budget, with PnP's source pass recorded and injected. Both give the same numbers, to
 * float rounding (tests).
 */
public interface EditableUNet {
    UNetConfig config();

    /** Batch in lockstep, each latent {@code [in][h][w]} with its text states {@code [tokens][cross_attention_dim]}. */
    float[][] forward(float[][] latents, int h, int w, float timestep, float[][] texts, int tokens);

    /** Plain per-sample attention, no injection (the inversion). */
    void plain();

    /** Self-attention extended to all samples' keys and values, slimmed to {@code budget} samples' worth; PnP off. */
    void extended(int budget);

    /** The next forward is PnP's source pass: its decoder queries/keys and feature residual are kept. */
    void record();

    /** The following forwards use the recorded queries/keys ({@code attention}) and residual ({@code feature}). */
    void inject(boolean attention, boolean feature);

    /** Extended attention alone, nothing kept or injected. */
    void off();

    /** The most key/value tokens one sample attended to since {@link #extended}. */
    int largestKeyValueSet();
}
