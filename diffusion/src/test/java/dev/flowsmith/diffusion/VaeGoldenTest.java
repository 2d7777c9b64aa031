package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.vae.AutoencoderKL;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java VAE (diffusers AutoencoderKL layout) against PyTorch on a tiny random-weight model. */
class VaeGoldenTest {
    @Test
    void encodeAndDecodeMatchThePyTorchReference() {
        AutoencoderKL vae = AutoencoderKL.load(DiTGoldenTest.golden("tiny-vae"));
        assertThat(vae.scalingFactor()).isEqualTo(0.18215);
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-vae-golden.safetensors"))) {
            assertThat(Compare.relErr(vae.encode(g.tensor("image").data(), 16, 16), g.tensor("latent_mean").data())).isLessThan(1e-4);
            assertThat(Compare.relErr(vae.decode(g.tensor("latent").data(), 8, 8), g.tensor("decoded").data())).isLessThan(1e-4);
        }
    }
}
