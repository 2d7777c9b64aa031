package dev.flowsmith.diffusion.schedulers;

import java.util.Random;

/**
 * DDPM (Ho et al.) ancestral sampling as diffusers' DDPMScheduler with linear betas, epsilon
 * prediction, "fixed_small" variance and no clipping of the clean prediction (latents are not in
 * [-1, 1]); timesteps spaced as DDIM's when fewer steps than training steps are asked for.
 */
public final class DdpmScheduler implements Scheduler {
    private final double[] alphas;
    private final int trainSteps;

    public DdpmScheduler() {
        this(1000, 0.0001, 0.02);
    }

    public DdpmScheduler(int trainSteps, double betaStart, double betaEnd) {
        this.trainSteps = trainSteps;
        this.alphas = Scheduler.alphasCumprod(trainSteps, betaStart, betaEnd);
    }

    @Override
    public int[] timesteps(int steps) {
        return new DdimScheduler(trainSteps, 0.0001, 0.02).timesteps(steps);
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

    @Override
    public float[] step(float[] x, float[] eps, int t, int steps, Random noise) {
        int prev = t - trainSteps / steps;
        double a = alphas[t], aPrev = prev >= 0 ? alphas[prev] : 1.0;
        double alphaT = a / aPrev, betaT = 1 - alphaT;
        double cX0 = Math.sqrt(aPrev) * betaT / (1 - a), cX = Math.sqrt(alphaT) * (1 - aPrev) / (1 - a);
        double var = Math.max(1e-20, (1 - aPrev) / (1 - a) * betaT);
        float[] x0 = predictX0(x, eps, t), out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double mean = cX0 * x0[i] + cX * x[i];
            out[i] = (float) (t > 0 ? mean + Math.sqrt(var) * noise.nextGaussian() : mean);
        }
        return out;
    }
}
