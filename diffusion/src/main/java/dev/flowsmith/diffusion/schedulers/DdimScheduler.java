package dev.flowsmith.diffusion.schedulers;

import java.util.Random;

/**
 * DDIM (Song et al.) with diffusers' defaults for DiT: 1,000 training steps, linear betas
 * 0.0001..0.02, "leading" timestep spacing, the final step to alpha = 1, eta 0 (deterministic).
 */
public final class DdimScheduler extends LinearBetaSchedule {

    public DdimScheduler() {
        this(1000, 0.0001, 0.02);
    }

    public DdimScheduler(int trainSteps, double betaStart, double betaEnd) {
        super(trainSteps, betaStart, betaEnd);
    }

    @Override
    public float[] step(float[] x, float[] eps, int t, int steps, Random noise) {
        return stepFromX0(predictX0(x, eps, t), eps, t, steps);
    }

    /** The DDIM update given an (edited) clean-sample prediction and the noise it implies. */
    public float[] stepFromX0(float[] x0, float[] eps, int t, int steps) {
        double aPrev = alphaPrev(t, steps);
        double c0 = Math.sqrt(aPrev), c1 = Math.sqrt(1 - aPrev);
        float[] out = new float[x0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (c0 * x0[i] + c1 * eps[i]);
        }
        return out;
    }

    /** The noise consistent with {@code x} and an edited {@code x0}: {@code (x - sqrt(a) x0) / sqrt(1 - a)}. */
    public float[] epsFromX0(float[] x, float[] x0, int t) {
        double a = alphas[t], sa = Math.sqrt(a), sb = Math.sqrt(1 - a);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - sa * x0[i]) / sb);
        }
        return out;
    }
}
