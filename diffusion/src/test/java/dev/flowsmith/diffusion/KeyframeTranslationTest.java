package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.sd.EditCheckpoint;
import dev.flowsmith.diffusion.sd.KeyframeTranslation;
import dev.flowsmith.diffusion.sd.StableDiffusion;
import dev.flowsmith.diffusion.unet.AttentionProcessor;
import dev.flowsmith.diffusion.unet.PnpInjection;
import dev.flowsmith.diffusion.unet.UNetConfig;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text-driven joint keyframe editing on the tiny random-weight Stable Diffusion (UNet, CLIP, tokenizer, VAE goldens). */
class KeyframeTranslationTest {
    static Path tinySd(Path dir) throws Exception {
        return TinyStableDiffusion.copyTo(dir.resolve("tiny-sd"));
    }

    /** Three related 16x16 pictures in [-1, 1]: a gradient moving right by a pixel per frame. */
    static float[][] frames(int b) {
        float[][] out = new float[b][3 * 16 * 16];
        for (int f = 0; f < b; f++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        out[f][(c * 16 + y) * 16 + x] = (float) Math.sin((x + f) * 0.4 + c) * 0.8f - 0.1f * (y - 8) / 8f;
                    }
                }
            }
        }
        return out;
    }

    static double meanAbs(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    @Test
    void keyframesAreEditedTogetherDeterministicallyAndTheStrengthDecidesHowMuch(@TempDir Path dir) throws Exception {
        StableDiffusion sd = StableDiffusion.load(tinySd(dir));
        assertThat(sd.sizeMultiple()).isEqualTo(4);
        KeyframeTranslation edit = new KeyframeTranslation(sd);
        float[][] in = frames(3);
        int[] calls = new int[2];
        KeyframeTranslation.Settings s = new KeyframeTranslation.Settings("a watercolour painting", "", 0.8, 10, 5, 20);
        float[][] a = edit.edit(in, 16, 16, s, (d, t) -> {
            calls[0] = d;
            calls[1] = t;
        });
        assertThat(calls).containsExactly(16, 16); // 8 inversion steps and 8 denoising steps
        float[][] again = edit.edit(in, 16, 16, s, (d, t) -> { });
        float[][] third = edit.edit(in, 16, 16, s, (d, t) -> { });
        for (int i = 0; i < 3; i++) {
            // the same keyframes and settings: the same pictures; bit for bit once the JIT has compiled the Vector API
            // kernels (before, their scalar fallback sums in another order: a few 1e-6 apart on the first run)
            assertThat(third[i]).containsExactly(again[i]);
            assertThat(Compare.relErr(again[i], a[i])).isLessThan(1e-4);
            assertThat(meanAbs(a[i], in[i])).as("keyframe " + i + " is edited").isGreaterThan(0.01);
        }
        assertThat(edit.largestKeyValueSet()).as("each keyframe attended to all three").isEqualTo(3 * 64);
        float[][] other = edit.edit(in, 16, 16, new KeyframeTranslation.Settings("a pencil sketch", "", 0.8, 10, 5, 20), (d, t) -> { });
        assertThat(meanAbs(other[0], a[0])).as("the prompt matters").isGreaterThan(1e-4);
        float[][] light = edit.edit(in, 16, 16, new KeyframeTranslation.Settings("a watercolour painting", "", 0.2, 10, 5, 20), (d, t) -> { });
        assertThat(meanAbs(light[0], in[0])).as("a light edit stays nearer the source").isLessThan(meanAbs(a[0], in[0]));
        float[][] slim = edit.edit(in, 16, 16, new KeyframeTranslation.Settings("a watercolour painting", "", 0.8, 10, 5, 2), (d, t) -> { });
        assertThat(edit.largestKeyValueSet()).as("a budget of 2 keyframes").isEqualTo(2 * 64);
        assertThat(meanAbs(slim[0], a[0])).isGreaterThan(0);
    }

    /**
     * An edit stopped after any step (in the inversion, in the PnP steps, after them) and run again continues from the
     * checkpoint, runs only the steps left, and ends as the uninterrupted edit; another prompt never takes the state up,
     * and a damaged state file is ignored (the edit starts again).
     */
    @Test
    void anEditStoppedAfterAnyStepResumesFromItsCheckpointToTheSameResult(@TempDir Path dir) throws Exception {
        StableDiffusion sd = StableDiffusion.load(tinySd(dir));
        KeyframeTranslation edit = new KeyframeTranslation(sd);
        float[][] in = frames(3);
        KeyframeTranslation.Settings s = new KeyframeTranslation.Settings("a watercolour painting", "", 0.8, 10, 5, 20)
                .withNoise(0.5, 7);
        edit.edit(in, 16, 16, s, (d, t) -> { }); // JIT warm-up: compare like with like
        float[][] whole = edit.edit(in, 16, 16, s, (d, t) -> { });
        Path state = dir.resolve("edit-state.safetensors");
        for (int stopAfter : new int[]{3, 8, 10, 15, 16}) {
            EditCheckpoint cp = EditCheckpoint.file(state);
            cp.clear();
            assertThatThrownBy(() -> edit.edit(in, 16, 16, s, cp, (d, t) -> {
                if (d == stopAfter) {
                    throw new java.util.concurrent.CancellationException("stopped");
                }
            })).isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(state).exists();
            int[] first = {-1};
            float[][] resumed = edit.edit(in, 16, 16, s, cp, (d, t) -> first[0] = first[0] < 0 ? d : first[0]);
            assertThat(first[0]).as("stopped after " + stopAfter + ": the next step reported").isEqualTo(stopAfter == 16 ? -1 : stopAfter + 1);
            for (int i = 0; i < 3; i++) {
                assertThat(resumed[i]).as("stopped after step " + stopAfter).containsExactly(whole[i]);
            }
        }
        // another prompt does not take up this state; a damaged file is ignored
        int[] first = {-1};
        edit.edit(in, 16, 16, new KeyframeTranslation.Settings("a pencil sketch", "", 0.8, 10, 5, 20), EditCheckpoint.file(state),
                (d, t) -> first[0] = first[0] < 0 ? d : first[0]);
        assertThat(first[0]).isEqualTo(1);
        byte[] bytes = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        first[0] = -1;
        edit.edit(in, 16, 16, new KeyframeTranslation.Settings("a pencil sketch", "", 0.8, 10, 5, 20), EditCheckpoint.file(state),
                (d, t) -> first[0] = first[0] < 0 ? d : first[0]);
        assertThat(first[0]).isEqualTo(1);
    }

    /**
     * The latent-space edit against PyTorch (diffusion/reference/make_pnp_golden.py): inversion, extended attention,
     * guidance and PnP injection of the source's decoder queries/keys and features. Without PnP it would differ.
     */
    @Test
    void theLatentEditWithPnpInjectionMatchesThePyTorchReference(@TempDir Path dir) throws Exception {
        StableDiffusion sd = StableDiffusion.load(tinySd(dir));
        KeyframeTranslation edit = new KeyframeTranslation(sd);
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-pnp-golden.safetensors"))) {
            float[] all = g.tensor("z0").data();
            int b = 3, per = all.length / b;
            float[][] z0 = new float[b][];
            for (int i = 0; i < b; i++) {
                z0[i] = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
            }
            KeyframeTranslation.Settings s = new KeyframeTranslation.Settings("unused: the text states are given", "", 0.8, 10, 5, 20);
            float[][] z = edit.translateLatents(z0, 8, 8, g.tensor("empty").data(), g.tensor("cond").data(),
                    g.tensor("uncond").data(), s, (d, t) -> { });
            float[] flat = new float[all.length];
            for (int i = 0; i < b; i++) {
                System.arraycopy(z[i], 0, flat, i * per, per);
            }
            double err = Compare.relErr(flat, g.tensor("edited").data());
            System.out.println("PnP keyframe translation vs PyTorch: relative error " + err);
            assertThat(err).isLessThan(1e-4);
            assertThat(Compare.relErr(flat, g.tensor("edited_without_pnp").data())).as("PnP changes the edit").isGreaterThan(1e-3);
            float[][] plain = edit.translateLatents(z0, 8, 8, g.tensor("empty").data(), g.tensor("cond").data(),
                    g.tensor("uncond").data(), s.withPnp(0, 0), (d, t) -> { });
            for (int i = 0; i < b; i++) {
                System.arraycopy(plain[i], 0, flat, i * per, per);
            }
            assertThat(Compare.relErr(flat, g.tensor("edited_without_pnp").data())).as("PnP off").isLessThan(1e-4);
        }
        PnpInjection pnp = new PnpInjection(sd.unet().config(), AttentionProcessor.DEFAULT);
        assertThat(pnp.attentionBlocks()).containsExactlyInAnyOrder("up_blocks.1.attentions.1.", "up_blocks.1.attentions.2.");
        assertThat(pnp.featureLayer()).isEqualTo("up_blocks.1.resnets.1");
    }

    /** SD 2.1-base's layout gets PnP's own layers: 8 decoder self-attentions (its layers 4 to 11) and up_blocks.1.resnets.1. */
    @Test
    void pnpInjectsPnpsLayersOfStableDiffusion() {
        UNetConfig sd21 = new UNetConfig(4, 4, 64, new int[]{320, 640, 1280, 1280}, 2,
                java.util.List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
                java.util.List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
                1024, new int[]{5, 10, 20, 20}, 32, 1e-5f, true, 0);
        PnpInjection pnp = new PnpInjection(sd21, AttentionProcessor.DEFAULT);
        assertThat(pnp.attentionBlocks()).hasSize(8).doesNotContain("up_blocks.1.attentions.0.").contains("up_blocks.3.attentions.2.");
        assertThat(pnp.featureLayer()).isEqualTo("up_blocks.1.resnets.1");
    }

    @Test
    void badSettingsAndForeignFoldersAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new KeyframeTranslation.Settings(" ", "", 0.5, 10, 7.5, 20)).hasMessageContaining("needs a prompt");
        assertThatThrownBy(() -> new KeyframeTranslation.Settings("x", "", 1.5, 10, 7.5, 20)).hasMessageContaining("--strength");
        assertThatThrownBy(() -> new KeyframeTranslation.Settings("x", "", 0.5, 0, 7.5, 20)).hasMessageContaining("--steps");
        assertThatThrownBy(() -> StableDiffusion.load(dir)).isInstanceOf(ModelFormatException.class).hasMessageContaining("no unet/");
        StableDiffusion sd = StableDiffusion.load(tinySd(dir));
        KeyframeTranslation edit = new KeyframeTranslation(sd);
        assertThatThrownBy(() -> edit.edit(new float[][]{new float[3 * 18 * 18]}, 18, 18,
                new KeyframeTranslation.Settings("x", "", 0.5, 4, 7.5, 20), (d, t) -> { })).hasMessageContaining("multiples of 4");
    }
}
