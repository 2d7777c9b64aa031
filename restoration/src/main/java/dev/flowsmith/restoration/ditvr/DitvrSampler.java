package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.vae.AutoencoderKL;

import java.util.Random;

/**
 * The zero-shot restoration loop of DiTVR for one image (the per-frame core; the temporal parts,
 * trajectory attention and flow-consistent low-band averaging, build on it): DDIM over the DiT's
 * latent, and for the first {@code consistencyFraction} of the steps the predicted clean latent is
 * decoded, pulled to the observation in the Haar low band only ({@link LowBandConsistency}, J from
 * 3 to 1), encoded back, and the step taken from it; the result gets a last exact consistency step
 * in pixel space. Unconditional (the DiT's null class). Deterministic for a seed.
 */
public final class DitvrSampler {
    public record Params(int steps, double consistencyFraction, long seed) {
        public static final Params DEFAULTS = new Params(25, 0.8, 0);
    }

    private final DiTModel dit;
    private final AutoencoderKL vae;
    private final DdimScheduler ddim = new DdimScheduler();
    private final int factor;

    /** {@code factor}: image pixels per latent pixel of the VAE (8 for SD's, 2 for the tiny test VAE). */
    public DitvrSampler(DiTModel dit, AutoencoderKL vae, int factor) {
        this.dit = dit;
        this.vae = vae;
        this.factor = factor;
    }

    /** Image size this sampler works at (the DiT's latent size times the VAE factor). */
    public int imageSize() {
        return dit.config().sampleSize() * factor;
    }

    /** Restores one image [3][S][S] in [-1, 1] from its observation {@code y = A x}. */
    public float[] restore(float[] y, Degradation a, Params p) {
        int s = imageSize(), ls = dit.config().sampleSize(), lc = dit.config().inChannels();
        double sf = vae.scalingFactor();
        Random rnd = new Random(p.seed());
        float[] z = new float[lc * ls * ls];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextGaussian();
        }
        int[] ts = ddim.timesteps(p.steps());
        int consistent = (int) Math.round(p.steps() * p.consistencyFraction());
        for (int i = 0; i < ts.length; i++) {
            int t = ts[i];
            float[] out = dit.forward(z, 1, new float[]{t}, new int[]{dit.config().classes()});
            float[] eps = java.util.Arrays.copyOf(out, z.length); // learned sigma: the noise comes first
            float[] x0 = ddim.predictX0(z, eps, t);
            if (i < consistent) {
                float[] img = vae.decode(scale(x0, 1 / sf), ls, ls);
                img = LowBandConsistency.apply(img, y, a, 3, s, s, LowBandConsistency.levelAt(i, consistent));
                x0 = scale(vae.encode(img, s, s), sf);
                eps = ddim.epsFromX0(z, x0, t);
            }
            z = ddim.stepFromX0(x0, eps, t, p.steps());
        }
        float[] img = vae.decode(scale(z, 1 / sf), ls, ls);
        // exact consistency A(result) = y with every value in the valid range [-1, 1]
        img = a.projectBounded(img, y, 3, s, s, -1f, 1f);
        return img;
    }

    private static float[] scale(float[] x, double k) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * k);
        }
        return out;
    }
}
