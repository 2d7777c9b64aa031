package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.schedulers.DdpmScheduler;
import dev.flowsmith.diffusion.schedulers.Scheduler;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DDIM and DDPM steps against the PyTorch reference (diffusers' formulas, linear betas). */
class SchedulerGoldenTest {
    private static void close(float[] got, float[] want, double tol) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
        }
    }

    @Test
    void stepsMatchTheReference() {
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("schedulers-golden.safetensors"))) {
            double[] ac = Scheduler.alphasCumprod(1000, 1e-4, 0.02);
            float[] acRef = g.tensor("alphas_cumprod").data();
            for (int t : new int[]{0, 1, 500, 999}) {
                assertThat(ac[t]).isCloseTo(acRef[t], within(1e-5));
            }
            float[] x = g.tensor("x").data(), eps = g.tensor("eps").data();
            DdimScheduler ddim = new DdimScheduler();
            assertThat(ddim.timesteps(10)).containsExactly(900, 800, 700, 600, 500, 400, 300, 200, 100, 0);
            close(ddim.predictX0(x, eps, 900), g.tensor("x0_900").data(), 1e-4);
            close(ddim.step(x, eps, 900, 10, new Random(0)), g.tensor("ddim_900_to_800").data(), 1e-4);
            // the noise a DDIM step implies from an edited x0 gives back the step (data consistency relies on it)
            float[] x0 = ddim.predictX0(x, eps, 900);
            close(ddim.epsFromX0(x, x0, 900), eps, 1e-3);
            Random noNoise = new Random() {
                @Override
                public synchronized double nextGaussian() {
                    return 0;
                }
            };
            close(new DdpmScheduler().step(x, eps, 900, 10, noNoise), g.tensor("ddpm_mean_900_to_800").data(), 1e-4);
        }
    }

    /** Stable Diffusion's DDIM (scaled-linear betas, offset 1, final alpha of step 0) and DDIM inversion. */
    @Test
    void stableDiffusionDdimAndItsInversionMatchTheReference() {
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("sd-ddim-golden.safetensors"))) {
            DdimScheduler sd = DdimScheduler.stableDiffusion();
            float[] acRef = g.tensor("alphas_cumprod").data(), ts = g.tensor("timesteps").data();
            for (int t : new int[]{0, 1, 500, 999}) {
                assertThat(sd.alpha(t)).isCloseTo(acRef[t], within(1e-6));
            }
            int[] mine = sd.timesteps(50);
            for (int i = 0; i < 50; i++) {
                assertThat(mine[i]).isEqualTo(Math.round(ts[i]));
            }
            assertThat(mine[0]).isEqualTo(981);
            assertThat(mine[49]).isEqualTo(1);
            float[] x = g.tensor("x").data(), eps = g.tensor("eps").data();
            close(sd.step(x, eps, 981, 50, new Random(0)), g.tensor("ddim_981_to_961").data(), 1e-4);
            close(sd.step(x, eps, 1, 50, new Random(0)), g.tensor("ddim_1_to_end").data(), 1e-4);
            close(sd.invertStep(x, eps, -1, 1), g.tensor("invert_start_to_1").data(), 1e-4);
            close(sd.invertStep(x, eps, 961, 981), g.tensor("invert_961_to_981").data(), 1e-4);
            // an inversion step and the sampling step back with the same noise are inverse to each other
            close(sd.step(sd.invertStep(x, eps, 961, 981), eps, 981, 50, new Random(0)), x, 1e-4);
        }
    }
}
