package dev.flowsmith.diffusion.schedulers;

/**
 * What DDIM and DDPM share: the cumulative alphas of the betas over the training steps, "leading"
 * timestep spacing (with an offset), and the clean-sample prediction from an epsilon prediction.
 */
abstract class LinearBetaSchedule implements Scheduler {
    final double[] alphas;
    final int trainSteps;
    /** diffusers' steps_offset: added to every "leading" timestep (1 in Stable Diffusion, 0 in DiT). */
    final int offset;
    /** The cumulative alpha past the last step: 1 (set_alpha_to_one) or that of step 0 (Stable Diffusion). */
    final double finalAlpha;

    LinearBetaSchedule(int trainSteps, double betaStart, double betaEnd) {
        this(Scheduler.alphasCumprod(trainSteps, betaStart, betaEnd), 0, 1.0);
    }

    LinearBetaSchedule(double[] alphas, int offset, double finalAlpha) {
        this.trainSteps = alphas.length;
        this.alphas = alphas;
        this.offset = offset;
        this.finalAlpha = finalAlpha;
    }

    @Override
    public int[] timesteps(int steps) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException(steps + " steps: choose 1 to " + trainSteps);
        }
        int ratio = trainSteps / steps;
        int[] t = new int[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = (steps - 1 - i) * ratio + offset;
        }
        return t;
    }

    @Override
    public float[] predictX0(float[] x, float[] eps, int t) {
        double a = alphas[t], sa = Math.sqrt(a), sb = Math.sqrt(1 - a);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - sb * eps[i]) / sa);
        }
        return out;
    }

    /** Cumulative alpha of the timestep after {@code t} in an {@code steps}-step run (1 past the end). */
    double alphaPrev(int t, int steps) {
        int prev = t - trainSteps / steps;
        return prev >= 0 ? alphas[prev] : finalAlpha;
    }
}
