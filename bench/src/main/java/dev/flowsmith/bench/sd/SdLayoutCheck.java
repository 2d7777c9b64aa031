package dev.flowsmith.bench.sd;

import dev.flowsmith.diffusion.text.ClipTextModel;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Stable Diffusion 2.1-base's full UNet and text-encoder configurations with random weights (made by the reference
 * scripts with --full): one Java forward each against PyTorch's, so the real checkpoint's layout and sizes are right
 * (issue #17); prints the relative error and both times. Arguments: the folder holding full-unet/, full-clip/ and
 * their -golden.safetensors.
 */
public final class SdLayoutCheck {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        UNet2DConditionModel unet = UNet2DConditionModel.load(dir.resolve("full-unet"));
        try (SafetensorsFile g = SafetensorsFile.open(dir.resolve("full-unet-golden.safetensors"))) {
            float[] x = g.tensor("sample").data(), text = g.tensor("encoder_hidden_states").data();
            int s = unet.config().sampleSize(), tokens = text.length / unet.config().crossAttentionDim();
            long t0 = System.nanoTime();
            float[] y = unet.forward(x, s, s, g.tensor("timestep").data()[0], text, tokens);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "UNet (SD 2.1-base layout, %dx%d latent, %d text tokens): relative error %.2e, Java forward %.2f s%n",
                    s, s, tokens, dev.flowsmith.bench.diffusion.DitFlops.relErr(y, g.tensor("output").data()), secs);
        }
        ClipTextModel clip = ClipTextModel.load(dir.resolve("full-clip"));
        try (SafetensorsFile g = SafetensorsFile.open(dir.resolve("full-clip-golden.safetensors"))) {
            float[] f = g.tensor("input_ids").data();
            int[] ids = new int[f.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Math.round(f[i]);
            }
            long t0 = System.nanoTime();
            float[] y = clip.encode(ids, 0);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "Text encoder (OpenCLIP ViT-H/14, 23 layers, %d tokens): relative error %.2e, Java forward %.2f s%n",
                    ids.length, dev.flowsmith.bench.diffusion.DitFlops.relErr(y, g.tensor("last_hidden_state").data()), secs);
        }
    }
}
