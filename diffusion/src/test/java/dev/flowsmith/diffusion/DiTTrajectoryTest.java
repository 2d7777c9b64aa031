package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window forward of the DiT: frames sharing the matrix products give the single-frame results,
 * and trajectory-aware attention at a vital layer matches a dense masked-softmax reference in PyTorch
 * (diffusion/reference/make_trajectory_golden.py).
 */
class DiTTrajectoryTest {
    @Test
    void trajectoryAttentionMatchesThePyTorchReference() {
        DiTModel model = DiTModel.load(DiTGoldenTest.golden("tiny-dit"));
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-dit-trajectory-golden.safetensors"))) {
            float[] x = g.tensor("latents").data(), want = g.tensor("output").data(), nbrF = g.tensor("neighbours").data();
            float t = g.tensor("timestep").data()[0];
            int frames = 3, n = model.config().grid() * model.config().grid(), m = nbrF.length / (frames * n);
            int[] nbr = new int[nbrF.length];
            for (int i = 0; i < nbr.length; i++) {
                nbr[i] = Math.round(nbrF[i]);
            }
            TrajectoryNeighbours nb = new TrajectoryNeighbours(frames, n, m, nbr, g.tensor("bias").data());
            assertThat(nb.valid()).isGreaterThan(nbr.length / 2);
            float[] got = model.forwardFrames(x, frames, t, model.config().classes(), nb, Set.of(1));
            assertThat(Compare.relErr(got, want)).as("max error relative to the largest output").isLessThan(1e-4);
            // the neighbours matter: without them the result is clearly different
            float[] plain = model.forwardFrames(x, frames, t, model.config().classes(), null, Set.of());
            assertThat(Compare.relErr(plain, want)).isGreaterThan(1e-3); // 7.7e-3 measured, 75x the tolerance above
        }
    }

    @Test
    void blasTrajectoryAttentionEqualsTheGatherKernel() {
        // above the size where Ops switches to OpenBLAS for the own-frame part
        int frames = 3, n = 64, heads = 2, d = 16, m = 12, tokens = frames * n;
        java.util.Random r = new java.util.Random(11);
        float[] q = new float[tokens * heads * d], k = new float[q.length], v = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) r.nextGaussian();
            k[i] = (float) r.nextGaussian();
            v[i] = (float) r.nextGaussian();
        }
        int[] nbr = new int[tokens * m];
        float[] bias = new float[nbr.length];
        for (int i = 0; i < nbr.length; i++) {
            int f = i / m / n;
            nbr[i] = r.nextInt(4) == 0 ? -1 : ((f + 1 + r.nextInt(frames - 1)) % frames) * n + r.nextInt(n);
            bias[i] = (float) r.nextGaussian();
        }
        float[] got = dev.flowsmith.diffusion.nn.Ops.trajectoryAttention(q, k, v, frames, n, heads, d, nbr, bias, m);
        // reference: the gpu-kernels oracle on [heads][tokens][d]
        float[] qh = new float[q.length], kh = new float[q.length], vh = new float[q.length], oh = new float[q.length];
        for (int i = 0; i < tokens; i++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(q, (i * heads + h) * d, qh, (h * tokens + i) * d, d);
                System.arraycopy(k, (i * heads + h) * d, kh, (h * tokens + i) * d, d);
                System.arraycopy(v, (i * heads + h) * d, vh, (h * tokens + i) * d, d);
            }
        }
        dev.flowsmith.kernels.AttentionKernels.gather(qh, kh, vh, nbr, bias, oh, frames, n, d, m, 0.25f, 0, heads * tokens);
        float[] want = new float[q.length];
        for (int i = 0; i < tokens; i++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(oh, (h * tokens + i) * d, want, (i * heads + h) * d, d);
            }
        }
        assertThat(Compare.relErr(got, want)).isLessThan(1e-5);
    }

    @Test
    void windowForwardEqualsPerFrameForwardAndMaskedNeighboursChangeNothing() {
        DiTModel model = DiTModel.load(DiTGoldenTest.golden("tiny-dit"));
        int c = model.config().inChannels(), s = model.config().sampleSize(), oc = model.config().outChannels(), frames = 4;
        int n = model.config().grid() * model.config().grid(), label = model.config().classes();
        java.util.Random rnd = new java.util.Random(5);
        float[] x = new float[frames * c * s * s];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] window = model.forwardFrames(x, frames, 250, label, null, Set.of());
        float[] masked = model.forwardFrames(x, frames, 250, label, TrajectoryNeighbours.none(frames, n, 9), Set.of(0, 1));
        for (int f = 0; f < frames; f++) {
            float[] one = model.forward(java.util.Arrays.copyOfRange(x, f * c * s * s, (f + 1) * c * s * s), 1, new float[]{250}, new int[]{label});
            assertThat(Compare.relErr(java.util.Arrays.copyOfRange(window, f * oc * s * s, (f + 1) * oc * s * s), one)).isLessThan(1e-5);
            assertThat(Compare.relErr(java.util.Arrays.copyOfRange(masked, f * oc * s * s, (f + 1) * oc * s * s), one)).isLessThan(1e-5);
        }
        assertThatThrownBy(() -> model.forwardFrames(x, frames, 250, label, null, Set.of(1)))
                .hasMessageContaining("need neighbour lists");
        assertThatThrownBy(() -> model.forwardFrames(x, frames, 250, label, TrajectoryNeighbours.none(frames, n, 9), Set.of(7)))
                .hasMessageContaining("outside");
    }
}
