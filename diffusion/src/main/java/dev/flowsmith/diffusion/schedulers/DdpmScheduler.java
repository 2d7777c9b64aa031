package dev.flowsmith.diffusion.schedulers;

import java.util.Random;

/**
 * DDPM (Ho et al.) ancestral sampling as diffusers' DDPMScheduler with linear betas, epsilon
 * prediction, "fixed_small" variance and no clipping of the clean prediction (latents are not in
 * [-1, 1]); timesteps spaced as DDIM's when fewer steps than training steps are asked for.
 */
public final class DdpmScheduler extends LinearBetaSchedule {

    public DdpmScheduler() {
        this(1000, 0.0001, 0.02);
    }

    public DdpmScheduler(int trainSteps, double betaStart, double betaEnd) {
        super(trainSteps, betaStart, betaEnd);
    }

    @Override
    public float[] step(float[] x, float[] eps, int t, int steps, Random noise) {
        double a = alphas[t], aPrev = alphaPrev(t, steps);
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
