package dev.flowsmith.diffusion.unet;

/** {@link EditableUNet} on the host: the UNet with {@link ExtendedAttention} wrapped by {@link PnpInjection}. */
public final class HostEditableUNet implements EditableUNet {
    private final UNet2DConditionModel unet;
    private ExtendedAttention extended;
    private PnpInjection pnp;

    public HostEditableUNet(UNet2DConditionModel unet) {
        this.unet = unet;
    }

    @Override
    public UNetConfig config() {
        return unet.config();
    }

    @Override
    public float[][] forward(float[][] latents, int h, int w, float timestep, float[][] texts, int tokens) {
        return unet.forward(latents, h, w, timestep, texts, tokens);
    }

    @Override
    public void plain() {
        unet.setAttentionProcessor(AttentionProcessor.DEFAULT);
        unet.setFeatureHook(FeatureHook.NONE);
        pnp = null;
    }

    @Override
    public void extended(int budget) {
        extended = new ExtendedAttention(budget);
        pnp = new PnpInjection(unet.config(), extended);
        unet.setAttentionProcessor(pnp);
        unet.setFeatureHook(pnp);
    }

    @Override
    public void record() {
        pnpOrFail().record();
    }

    @Override
    public void inject(boolean attention, boolean feature) {
        pnpOrFail().inject(attention, feature);
    }

    @Override
    public void off() {
        pnpOrFail().off();
    }

    private PnpInjection pnpOrFail() {
        if (pnp == null) {
            throw new IllegalStateException("PnP needs extended attention first");
        }
        return pnp;
    }

    @Override
    public int largestKeyValueSet() {
        return extended == null ? 0 : extended.largestKeyValueSet();
    }
}
