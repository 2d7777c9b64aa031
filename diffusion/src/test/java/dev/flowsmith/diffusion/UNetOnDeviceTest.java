package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.unet.EditableUNet;
import dev.flowsmith.diffusion.unet.HostEditableUNet;
import dev.flowsmith.diffusion.unet.UNet2DConditionModel;
import dev.flowsmith.diffusion.unet.UNetOnDevice;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The UNet on a compute backend (the CPU backend, and the first OpenCL device: PoCL in CI, a GPU where there is one)
 * against the host UNet and the PyTorch golden, through the keyframe edit's whole sequence: plain batches (the
 * inversion), extended attention over all keyframes, slimmed attention, PnP's source pass recorded and injected.
 */
class UNetOnDeviceTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl:0"})
    void theDeviceUNetGivesTheHostsNumbersThroughAnEditsSequence(String device) {
        DiTOnDeviceTest.requirePresent(device);
        UNet2DConditionModel unet = UNet2DConditionModel.load(DiTGoldenTest.golden("tiny-unet"));
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-unet-golden.safetensors"));
             ComputeBackend backend = Backends.open(device); UNetOnDevice dev = new UNetOnDevice(unet, backend)) {
            float[] x = g.tensor("sample").data(), text = g.tensor("encoder_hidden_states").data(), want = g.tensor("output").data();
            float t = g.tensor("timestep").data()[0];
            int tokens = text.length / 32;
            float[][] one = {x}, oneText = {text};
            assertThat(Compare.relErr(dev.forward(one, 8, 8, t, oneText, tokens)[0], want)).as(device + " vs PyTorch").isLessThan(1e-4);

            List<float[][]> host = sequence(new HostEditableUNet(unet), x, text, t, tokens);
            List<float[][]> onDevice = sequence(dev, x, text, t, tokens);
            List<float[][]> again = sequence(dev, x, text, t, tokens); // the second run reuses the device's buffers
            String[] what = {"plain batch", "extended, 3 of budget 5", "slimmed to 2 of 6", "PnP source pass",
                    "PnP attention and features injected", "PnP features only", "PnP off", "largest key/value set"};
            for (int i = 0; i < host.size(); i++) {
                for (int s = 0; s < host.get(i).length; s++) {
                    assertThat(Compare.relErr(onDevice.get(i)[s], host.get(i)[s])).as(device + " " + what[i] + ", sample " + s).isLessThan(1e-4);
                    assertThat(again.get(i)[s]).as(device + " " + what[i] + " repeated").isEqualTo(onDevice.get(i)[s]);
                }
            }
            // the sequence's steps really differ, so matching them means the device follows each mode
            assertThat(Compare.relErr(host.get(1)[0], host.get(0)[0])).isGreaterThan(1e-3);
            assertThat(Compare.relErr(host.get(4)[0], host.get(6)[0])).isGreaterThan(1e-3);
            assertThat(host.get(7)[0][0]).isEqualTo(2 * 64);

            dev.plain();
            assertThatThrownBy(dev::record).hasMessageContaining("extended attention first");
            assertThatThrownBy(() -> dev.forward(new float[][]{new float[4 * 7 * 8]}, 7, 8, t, oneText, tokens))
                    .hasMessageContaining("multiples of 2");
        }
    }

    /** Every mode the keyframe edit uses, in its order, on batches of 3 and 6 related latents. */
    private static List<float[][]> sequence(EditableUNet u, float[] x, float[] text, float t, int tokens) {
        float[][] three = ExtendedAttentionTest.latents(3, x), six = ExtendedAttentionTest.latents(6, x);
        float[][] other = perturbed(six);
        Function<float[][], float[][]> texts = b -> ExtendedAttentionTest.texts(b.length, text);
        List<float[][]> out = new ArrayList<>();
        u.plain();
        out.add(u.forward(three, 8, 8, t, texts.apply(three), tokens));
        u.extended(5);
        out.add(u.forward(three, 8, 8, t, texts.apply(three), tokens));
        u.extended(2);
        out.add(u.forward(six, 8, 8, t, texts.apply(six), tokens));
        u.record();
        out.add(u.forward(six, 8, 8, t, texts.apply(six), tokens));
        u.inject(true, true);
        out.add(u.forward(other, 8, 8, t, texts.apply(other), tokens));
        u.inject(false, true);
        out.add(u.forward(other, 8, 8, t, texts.apply(other), tokens));
        u.off();
        out.add(u.forward(other, 8, 8, t, texts.apply(other), tokens));
        out.add(new float[][]{{u.largestKeyValueSet()}});
        return out;
    }

    private static float[][] perturbed(float[][] xs) {
        java.util.Random r = new java.util.Random(11);
        float[][] y = new float[xs.length][];
        for (int s = 0; s < xs.length; s++) {
            y[s] = xs[s].clone();
            for (int i = 0; i < y[s].length; i++) {
                y[s][i] += (float) (0.3 * r.nextGaussian());
            }
        }
        return y;
    }
}
