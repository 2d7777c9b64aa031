package dev.flowsmith.diffusion.unet;

import dev.flowsmith.diffusion.nn.FeatureMap;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Plug-and-Play injection (Tumanyan et al., as TokenFlow and AdaFlow use it) for structure: the source keyframes'
 * latents from the inversion run through the UNet with the empty prompt first ({@link #record()}), keeping the
 * decoder's self-attention queries and keys and one decoder ResNet block's residual; the edit's passes then use those
 * in place of their own ({@link #inject}), so the edited keyframes keep the source's layout while the values (and so
 * the look) come from the prompt. PnP's layers for SD: self-attention in every cross-attention up block but the very
 * first layer (its layers 4 to 11), and the second ResNet of the first such block ({@code up_blocks.1.resnets.1});
 * the same rule is applied to any configuration. The attention itself is still done by the wrapped processor
 * (extended, slimmed attention across keyframes), with the source's queries and keys in it.
 */
public final class PnpInjection implements AttentionProcessor, FeatureHook {
    private enum Mode { RECORD, INJECT, OFF }

    private final AttentionProcessor inner;
    private final Set<String> attentionBlocks = new HashSet<>();
    private final String featureLayer;
    private final Map<String, float[][][]> queriesKeys = new HashMap<>();
    private final Map<String, FeatureMap[]> residuals = new HashMap<>();
    private Mode mode = Mode.OFF;
    private boolean attention, feature;

    public PnpInjection(UNetConfig cfg, AttentionProcessor inner) {
        this.inner = inner;
        int first = -1;
        for (int i = 0; i < cfg.upBlocks().size(); i++) {
            if (!cfg.upBlocks().get(i).startsWith("CrossAttn")) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                if (i != first || j != 0) {
                    attentionBlocks.add("up_blocks." + i + ".attentions." + j + ".");
                }
            }
        }
        // no cross-attention up block: inject the residual of the second up block's second ResNet all the same
        featureLayer = "up_blocks." + Math.max(first, Math.min(1, cfg.upBlocks().size() - 1)) + ".resnets." + Math.min(1, cfg.layersPerBlock());
    }

    /** The self-attention blocks whose queries and keys are injected (prefixes of their weight names). */
    public Set<String> attentionBlocks() {
        return Set.copyOf(attentionBlocks);
    }

    /** The ResNet block whose residual is injected. */
    public String featureLayer() {
        return featureLayer;
    }

    /** The next forward is the source pass: its queries, keys and the residual are kept. */
    public void record() {
        mode = Mode.RECORD;
        queriesKeys.clear();
        residuals.clear();
    }

    /** The following forwards use the recorded source's queries and keys ({@code attention}) and residual ({@code feature}). */
    public void inject(boolean attention, boolean feature) {
        mode = Mode.INJECT;
        this.attention = attention;
        this.feature = feature;
    }

    /** Neither kept nor injected: the wrapped attention alone. */
    public void off() {
        mode = Mode.OFF;
        queriesKeys.clear();
        residuals.clear();
    }

    private boolean injected(String layer) {
        int cut = layer.indexOf(".transformer_blocks.");
        return cut > 0 && attentionBlocks.contains(layer.substring(0, cut + 1));
    }

    @Override
    public float[][] attend(String layer, boolean self, float[][] q, float[][] k, float[][] v, int n, int m, int heads, int d) {
        if (self && injected(layer)) {
            if (mode == Mode.RECORD) {
                queriesKeys.put(layer, new float[][][]{q.clone(), k.clone()});
            } else if (mode == Mode.INJECT && attention) {
                float[][][] src = queriesKeys.get(layer);
                if (src == null || src[0].length != q.length) {
                    throw new IllegalStateException("no source pass was recorded for " + layer);
                }
                q = src[0];
                k = src[1];
            }
        }
        return inner.attend(layer, self, q, k, v, n, m, heads, d);
    }

    @Override
    public FeatureMap[] residual(String layer, FeatureMap[] h) {
        if (!layer.equals(featureLayer)) {
            return h;
        }
        if (mode == Mode.RECORD) {
            residuals.put(layer, h.clone());
        } else if (mode == Mode.INJECT && feature) {
            FeatureMap[] src = residuals.get(layer);
            if (src == null || src.length != h.length) {
                throw new IllegalStateException("no source pass was recorded for " + layer);
            }
            return src;
        }
        return h;
    }
}
