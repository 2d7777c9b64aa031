package dev.flowsmith.diffusion.schedulers;

import java.util.Random;

/**
 * A diffusion sampler's timestep schedule and update rule for epsilon-predicting models (the diffusers
 * formulas, linear betas). {@link #predictX0} is what a restoration sampler edits (data consistency)
 * before taking the step.
 */
public interface Scheduler {
    /** The timesteps of an {@code steps}-step run, from noisy to clean. */
    int[] timesteps(int steps);

    /** The clean sample implied by the noise prediction: {@code (x - sqrt(1 - a_t) eps) / sqrt(a_t)}. */
    float[] predictX0(float[] x, float[] eps, int t);

    /** One step from {@code t} to the next timestep of an {@code steps}-step run. */
    float[] step(float[] x, float[] eps, int t, int steps, Random noise);

    /** Linear betas from {@code betaStart} to {@code betaEnd} over {@code trainSteps}; cumulative alphas. */
    static double[] alphasCumprod(int trainSteps, double betaStart, double betaEnd) {
        double[] a = new double[trainSteps];
        double prod = 1;
        for (int i = 0; i < trainSteps; i++) {
            double beta = betaStart + (betaEnd - betaStart) * i / (trainSteps - 1);
            prod *= 1 - beta;
            a[i] = prod;
        }
        return a;
    }
}
