package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.DiTOnDevice;
import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.kernels.opencl.OpenClDevices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DiT forward on a compute backend (the CPU backend, and the first OpenCL device: PoCL in CI, a GPU
 * where there is one) against the host forward and the PyTorch trajectory golden, per-frame and
 * trajectory attention, repeated calls on the same device buffers.
 */
class DiTOnDeviceTest {
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl:0"})
    void deviceForwardMatchesTheHostAndThePyTorchReference(String device) {
        requirePresent(device);
        DiTModel model = DiTModel.load(DiTGoldenTest.golden("tiny-dit"));
        try (ComputeBackend backend = Backends.open(device); DiTOnDevice dev = new DiTOnDevice(model, backend);
             SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-dit-trajectory-golden.safetensors"))) {
            float[] x = g.tensor("latents").data(), want = g.tensor("output").data(), nbrF = g.tensor("neighbours").data();
            float t = g.tensor("timestep").data()[0];
            int frames = 3, n = model.config().grid() * model.config().grid(), label = model.config().classes();
            int[] nbr = new int[nbrF.length];
            for (int i = 0; i < nbr.length; i++) {
                nbr[i] = Math.round(nbrF[i]);
            }
            TrajectoryNeighbours nb = new TrajectoryNeighbours(frames, n, nbr.length / (frames * n), nbr, g.tensor("bias").data());
            float[] plainHost = model.forwardFrames(x, frames, t, label, null, Set.of());
            for (int rep = 0; rep < 2; rep++) { // the second pass reuses the device buffers
                assertThat(Compare.relErr(dev.forwardFrames(x, frames, t, label, nb, Set.of(1)), want)).as(device + " trajectory").isLessThan(1e-4);
                assertThat(Compare.relErr(dev.forwardFrames(x, frames, t, label, null, Set.of()), plainHost)).as(device + " per frame").isLessThan(1e-4);
            }
            float[] one = java.util.Arrays.copyOf(x, x.length / frames);
            assertThat(Compare.relErr(dev.forwardFrames(one, 1, 10, 3, null, Set.of()), model.forward(one, 1, new float[]{10}, new int[]{3})))
                    .as(device + " one frame, a class").isLessThan(1e-4);
        }
    }

    /** An OpenCL device that is missing skips the test on a developer's machine and fails it under CI. */
    static void requirePresent(String device) {
        if (device.startsWith("opencl") && OpenClDevices.list().isEmpty()) {
            Assumptions.assumeFalse(!"true".equals(System.getenv("CI")), "SKIPPED: " + OpenClDevices.unavailableReason());
            throw new AssertionError("OpenCL is required under CI but " + OpenClDevices.unavailableReason());
        }
    }
}
