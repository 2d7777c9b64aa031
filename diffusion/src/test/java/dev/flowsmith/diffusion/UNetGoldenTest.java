package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.unet.AttentionProcessor;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java UNet (diffusers UNet2DConditionModel, Stable Diffusion 2.x structure) against PyTorch on a tiny
 * random-weight model in the published tensor names (diffusion/reference/make_unet_golden.py).
 */
class UNetGoldenTest {
    @Test
    void aForwardMatchesThePyTorchReference() {
        UNet2DConditionModel unet = UNet2DConditionModel.load(DiTGoldenTest.golden("tiny-unet"));
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-unet-golden.safetensors"))) {
            float[] x = g.tensor("sample").data(), text = g.tensor("encoder_hidden_states").data();
            int tokens = text.length / unet.config().crossAttentionDim();
            float[] y = unet.forward(x, 8, 8, g.tensor("timestep").data()[0], text, tokens);
            System.out.println("tiny UNet vs PyTorch: relative error " + Compare.relErr(y, g.tensor("output").data()));
            assertThat(Compare.relErr(y, g.tensor("output").data())).isLessThan(1e-4);
        }
    }

    /** Every attention goes through the processor: 2 blocks of 2 (down), 1 (mid), 3 (up) transformers, self and cross each. */
    @Test
    void everyAttentionGoesThroughTheProcessor() {
        UNet2DConditionModel unet = UNet2DConditionModel.load(DiTGoldenTest.golden("tiny-unet"));
        AtomicInteger self = new AtomicInteger(), cross = new AtomicInteger();
        unet.setAttentionProcessor((layer, isSelf, q, k, v, n, m, heads, d) -> {
            (isSelf ? self : cross).incrementAndGet();
            assertThat(q.length).isEqualTo(1);
            assertThat(layer).endsWith(isSelf ? ".attn1" : ".attn2");
            return AttentionProcessor.DEFAULT.attend(layer, isSelf, q, k, v, n, m, heads, d);
        });
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-unet-golden.safetensors"))) {
            float[] text = g.tensor("encoder_hidden_states").data();
            float[] y = unet.forward(g.tensor("sample").data(), 8, 8, g.tensor("timestep").data()[0], text, text.length / 32);
            assertThat(Compare.relErr(y, g.tensor("output").data())).isLessThan(1e-4);
        }
        assertThat(self.get()).isEqualTo(6);
        assertThat(cross.get()).isEqualTo(6);
        // a processor that ignores the text changes the result: the hook is really in the path
        unet.setAttentionProcessor((layer, isSelf, q, k, v, n, m, heads, d) -> isSelf
                ? AttentionProcessor.DEFAULT.attend(layer, true, q, k, v, n, m, heads, d) : new float[][]{new float[q[0].length]});
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-unet-golden.safetensors"))) {
            float[] text = g.tensor("encoder_hidden_states").data();
            float[] y = unet.forward(g.tensor("sample").data(), 8, 8, g.tensor("timestep").data()[0], text, text.length / 32);
            assertThat(Compare.relErr(y, g.tensor("output").data())).isGreaterThan(1e-2);
        }
    }

    @Test
    void aLatentOfTheWrongSizeAndAForeignConfigAreRefused(@TempDir Path dir) throws Exception {
        UNet2DConditionModel unet = UNet2DConditionModel.load(DiTGoldenTest.golden("tiny-unet"));
        assertThatThrownBy(() -> unet.forward(new float[4 * 7 * 8], 7, 8, 1, new float[32], 1)).hasMessageContaining("multiples of 2");
        Path folder = Files.createDirectories(dir.resolve("unet"));
        Files.writeString(folder.resolve("config.json"), Files.readString(DiTGoldenTest.golden("tiny-unet").resolve("config.json"))
                .replace("\"DownBlock2D\"", "\"KDownBlock2D\""));
        Files.copy(DiTGoldenTest.golden("tiny-unet").resolve("diffusion_pytorch_model.safetensors"),
                folder.resolve("diffusion_pytorch_model.safetensors"));
        assertThatThrownBy(() -> UNet2DConditionModel.load(folder)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("KDownBlock2D");
    }
}
