package dev.flowsmith.diffusion.schedulers;

/**
 * What DDIM and DDPM share: the cumulative alphas of linear betas over the training steps, "leading"
 * timestep spacing, and the clean-sample prediction from an epsilon prediction.
 */
abstract class LinearBetaSchedule implements Scheduler {
    final double[] alphas;
    final int trainSteps;

    LinearBetaSchedule(int trainSteps, double betaStart, double betaEnd) {
        this.trainSteps = trainSteps;
        this.alphas = Scheduler.alphasCumprod(trainSteps, betaStart, betaEnd);
    }

    @Override
    public int[] timesteps(int steps) {
        int ratio = trainSteps / steps;
        int[] t = new int[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = (steps - 1 - i) * ratio;
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
        return prev >= 0 ? alphas[prev] : 1.0;
    }
}
