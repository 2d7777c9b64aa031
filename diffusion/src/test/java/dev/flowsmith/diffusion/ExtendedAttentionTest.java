package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.unet.ExtendedAttention;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AdaFlow's extended attention across keyframes on the tiny UNet: lockstep batching alone mixes nothing, extension
 * does, slimming that drops nothing equals the full extension, and the keys one frame sees stay at the budget.
 */
class ExtendedAttentionTest {
    static float[][] latents(int b, float[] first) {
        Random r = new Random(5);
        float[][] x = new float[b][];
        x[0] = first;
        for (int s = 1; s < b; s++) {
            x[s] = first.clone();
            for (int i = 0; i < x[s].length; i++) {
                x[s][i] += (float) (0.5 * r.nextGaussian()); // a "neighbouring frame": related, not equal
            }
        }
        return x;
    }

    static float[][] texts(int b, float[] text) {
        float[][] t = new float[b][];
        java.util.Arrays.fill(t, text);
        return t;
    }

    @Test
    void extendedAttentionLinksTheKeyframesAndSlimmingKeepsTheirKeysAtTheBudget() {
        UNet2DConditionModel unet = UNet2DConditionModel.load(DiTGoldenTest.golden("tiny-unet"));
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-unet-golden.safetensors"))) {
            float[] x = g.tensor("sample").data(), text = g.tensor("encoder_hidden_states").data(), want = g.tensor("output").data();
            float t = g.tensor("timestep").data()[0];
            int tokens = text.length / 32;
            // a batch in lockstep with plain attention: every sample as if alone
            float[][] plain = unet.forward(latents(3, x), 8, 8, t, texts(3, text), tokens);
            assertThat(Compare.relErr(plain[0], want)).isLessThan(1e-4);
            // one keyframe extended to itself is plain attention
            unet.setAttentionProcessor(new ExtendedAttention(20));
            assertThat(Compare.relErr(unet.forward(new float[][]{x}, 8, 8, t, new float[][]{text}, tokens)[0], want)).isLessThan(1e-4);
            // three keyframes: frame 0 now sees the others
            float[][] full = unet.forward(latents(3, x), 8, 8, t, texts(3, text), tokens);
            assertThat(Compare.relErr(full[0], want)).isGreaterThan(1e-3);
            // the slimming path (score, top-k, gather) when it drops nothing: the same numbers
            unet.setAttentionProcessor(new ExtendedAttention(20, true));
            float[][] gathered = unet.forward(latents(3, x), 8, 8, t, texts(3, text), tokens);
            for (int s = 0; s < 3; s++) {
                assertThat(Compare.relErr(gathered[s], full[s])).isLessThan(1e-5);
            }
            // a budget of 2 keyframes: 3 and 6 keyframes both attend to 2 frames' tokens (64 at the 8x8 level) at most
            for (int b : new int[]{3, 6}) {
                ExtendedAttention slim = new ExtendedAttention(2);
                unet.setAttentionProcessor(slim);
                float[][] y = unet.forward(latents(b, x), 8, 8, t, texts(b, text), tokens);
                assertThat(slim.largestKeyValueSet()).as(b + " keyframes").isEqualTo(2 * 64);
                assertThat(Compare.relErr(y[0], full[0])).as("slimmed, not the full extension").isGreaterThan(0);
            }
        }
    }
}
