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

    private DdimScheduler(double[] alphas, int offset, double finalAlpha) {
        super(alphas, offset, finalAlpha);
    }

    /**
     * Stable Diffusion's DDIM as SD 1.x/2.x ship it (scheduler/scheduler_config.json): "scaled_linear" betas (the
     * square of a line from sqrt(0.00085) to sqrt(0.012)) over 1,000 steps, steps_offset 1, set_alpha_to_one false.
     */
    public static DdimScheduler stableDiffusion() {
        double[] a = new double[1000];
        double prod = 1, s0 = Math.sqrt(0.00085), s1 = Math.sqrt(0.012);
        for (int i = 0; i < a.length; i++) {
            double b = s0 + (s1 - s0) * i / (a.length - 1);
            prod *= 1 - b * b;
            a[i] = prod;
        }
        return new DdimScheduler(a, 1, a[0]);
    }

    /** The cumulative alpha at training step {@code t} (-1: past the end of sampling). */
    public double alpha(int t) {
        return t < 0 ? finalAlpha : alphas[t];
    }

    /**
     * One step of DDIM inversion (TokenFlow's and AdaFlow's preprocessing): the latent {@code z} at the level of
     * {@code tPrev} (-1: the clean latent) moved up to {@code t} along the noise {@code eps} predicted there,
     * {@code sqrt(a_t) x0 + sqrt(1 - a_t) eps} with {@code x0 = (z - sqrt(1 - a_prev) eps) / sqrt(a_prev)}.
     */
    public float[] invertStep(float[] z, float[] eps, int tPrev, int t) {
        double ap = alpha(tPrev), a = alphas[t];
        double ca = Math.sqrt(a / ap), ce = Math.sqrt(1 - a) - Math.sqrt(a) * Math.sqrt(1 - ap) / Math.sqrt(ap);
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (ca * z[i] + ce * eps[i]);
        }
        return out;
    }

    @Override
    public float[] step(float[] x, float[] eps, int t, int steps, Random noise) {
        return stepFromX0(predictX0(x, eps, t), eps, t, steps);
    }

    /**
     * DDIM with {@code eta} (0: deterministic, 1: as stochastic as DDPM): {@code sqrt(a_prev) x0 + sqrt(1 - a_prev -
     * sigma^2) eps + sigma z}, {@code sigma = eta sqrt((1 - a_prev) / (1 - a)) sqrt(1 - a / a_prev)}, z drawn from
     * {@code noise} only when eta is above 0.
     */
    public float[] step(float[] x, float[] eps, int t, int steps, double eta, Random noise) {
        if (eta == 0) {
            return step(x, eps, t, steps, noise);
        }
        double a = alphas[t], aPrev = alphaPrev(t, steps);
        double sigma = eta * Math.sqrt((1 - aPrev) / (1 - a)) * Math.sqrt(1 - a / aPrev);
        double c0 = Math.sqrt(aPrev), c1 = Math.sqrt(Math.max(0, 1 - aPrev - sigma * sigma));
        float[] x0 = predictX0(x, eps, t), out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (c0 * x0[i] + c1 * eps[i] + sigma * noise.nextGaussian());
        }
        return out;
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
