package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java DiT against PyTorch: a tiny random-weight model in the diffusers layout and its outputs for
 * two inputs (a class and the null class), made by diffusion/reference/make_goldens.py.
 */
class DiTGoldenTest {
    static Path golden(String name) {
        try {
            return Path.of(DiTGoldenTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void forwardMatchesThePyTorchReference() {
        DiTModel model = DiTModel.load(golden("tiny-dit"));
        assertThat(model.config().outChannels()).isEqualTo(2 * model.config().inChannels()); // learned sigma
        try (SafetensorsFile g = SafetensorsFile.open(golden("tiny-dit-golden.safetensors"))) {
            float[] x = g.tensor("sample").data(), t = g.tensor("timestep").data(), labels = g.tensor("class_labels").data();
            float[] want = g.tensor("output").data();
            int[] lab = new int[labels.length];
            for (int i = 0; i < lab.length; i++) {
                lab[i] = Math.round(labels[i]);
            }
            float[] got = model.forward(x, 2, t, lab);
            assertThat(got).hasSameSizeAs(want);
            double maxErr = 0, maxRef = 0;
            for (int i = 0; i < want.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
                maxRef = Math.max(maxRef, Math.abs(want[i]));
            }
            assertThat(maxErr / maxRef).as("max error relative to the largest output").isLessThan(1e-4);
        }
    }
}
