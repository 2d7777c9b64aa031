package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import dev.flowsmith.diffusion.schedulers.DdimScheduler;
import dev.flowsmith.diffusion.vae.AutoencoderKL;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * DiTVR's zero-shot, flow-consistent sampler (ALGORITHMS.md 3.2.6) for a window of frames of one
 * tile: DDIM over the DiT's latents, all frames denoised together, with trajectory-aware attention
 * at the vital layers. For the first {@code consistencyFraction} of the steps each predicted clean
 * frame is decoded, pulled to its observation in the Haar low band only ({@link LowBandConsistency},
 * J from 3 to 1), its low band averaged with the flow-warped low bands of the other frames
 * ({@link FlowLowBand}), and, for the frames the previous window already restored (the anchors), replaced by that
 * result during the first {@code anchorFraction} of the steps so consecutive windows do not drift apart;
 * then encoded back and the step taken from it. Each result gets a last exact consistency step in pixel
 * space. Unconditional (the DiT's null class). All frames start from the same noise (drawn from the
 * seed), which is deterministic and keeps static content still.
 */
public final class DitvrSampler {
    public record Params(int steps, double consistencyFraction, long seed) {
        public static final Params DEFAULTS = new Params(25, 0.8, 0);
    }

    /** The flow from a frame of the window to frame {@code other}, at image resolution, and its confidence. */
    public record FrameLink(int other, float[] flow, float[] confidence) {
    }

    /**
     * A window of frames to restore together: observations {@code [3][S/s][S/s]} in [-1, 1]; the
     * trajectory neighbour cache and the vital layers that use it (null / empty: per-frame attention);
     * per frame its flow links for the low-band averaging (null: none); per frame the previous window's
     * result, [3][S][S] in [-1, 1], or null.
     */
    public record Window(List<float[]> observations, TrajectoryNeighbours neighbours, Set<Integer> vital,
                         List<List<FrameLink>> links, List<float[]> anchors, double anchorFraction) {
        public static Window single(float[] y) {
            return new Window(List.of(y), null, Set.of(), null, null, 0);
        }

        int frames() {
            return observations.size();
        }
    }

    private final DiTModel dit;
    /** The same model on a compute backend (a GPU through OpenCL), or null to run on the host. */
    private final dev.flowsmith.diffusion.dit.DiTOnDevice device;
    private final AutoencoderKL vae;
    private final DdimScheduler ddim = new DdimScheduler();
    private final int factor;

    /** {@code factor}: image pixels per latent pixel of the VAE (8 for SD's, 2 for the tiny test VAE). */
    public DitvrSampler(DiTModel dit, AutoencoderKL vae, int factor) {
        this(dit, null, vae, factor);
    }

    /** With the DiT's forward passes on {@code device} (null: the host). */
    public DitvrSampler(DiTModel dit, dev.flowsmith.diffusion.dit.DiTOnDevice device, AutoencoderKL vae, int factor) {
        this.dit = dit;
        this.device = device;
        this.vae = vae;
        this.factor = factor;
    }

    /** Image size this sampler works at (the DiT's latent size times the VAE factor). */
    public int imageSize() {
        return dit.config().sampleSize() * factor;
    }

    public DiTModel model() {
        return dit;
    }

    /** Where the DiT runs, in words. */
    public String device() {
        return device == null ? "host" : device.device();
    }

    /** Frees the device's buffers (nothing on the host). */
    public void close() {
        if (device != null) {
            device.close();
        }
    }

    /** Restores one image [3][S][S] in [-1, 1] from its observation {@code y = A x}. */
    public float[] restore(float[] y, Degradation a, Params p) {
        return restore(Window.single(y), a, p).get(0);
    }

    /** Restores a window of frames; results [3][S][S] in [-1, 1], one per observation. */
    public List<float[]> restore(Window win, Degradation a, Params p) {
        int s = imageSize(), ls = dit.config().sampleSize(), lc = dit.config().inChannels(), frames = win.frames();
        int lat = lc * ls * ls, oc = dit.config().outChannels();
        double sf = vae.scalingFactor();
        Random rnd = new Random(p.seed());
        float[] noise = new float[lat], z = new float[frames * lat];
        for (int i = 0; i < lat; i++) {
            noise[i] = (float) rnd.nextGaussian();
        }
        for (int f = 0; f < frames; f++) {
            System.arraycopy(noise, 0, z, f * lat, lat);
        }
        boolean trajectory = win.neighbours() != null && !win.vital().isEmpty();
        int[] ts = ddim.timesteps(p.steps());
        int consistent = (int) Math.round(p.steps() * p.consistencyFraction());
        int anchored = (int) Math.round(p.steps() * win.anchorFraction());
        for (int i = 0; i < ts.length; i++) {
            int t = ts[i];
            TrajectoryNeighbours nb = trajectory ? win.neighbours() : null;
            Set<Integer> vital = trajectory ? win.vital() : Set.of();
            float[] out = device != null ? device.forwardFrames(z, frames, t, dit.config().classes(), nb, vital)
                    : dit.forwardFrames(z, frames, t, dit.config().classes(), nb, vital);
            float[] eps = new float[frames * lat];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(out, f * oc * ls * ls, eps, f * lat, lat); // learned sigma: the noise comes first
            }
            float[] x0 = ddim.predictX0(z, eps, t);
            if (i < consistent) {
                int level = LowBandConsistency.levelAt(i, consistent);
                List<float[]> imgs = new ArrayList<>(frames);
                for (int f = 0; f < frames; f++) {
                    float[] img = vae.decode(scale(x0, f * lat, lat, 1 / sf), ls, ls);
                    imgs.add(LowBandConsistency.apply(img, win.observations().get(f), a, 3, s, s, level));
                }
                float[][] lows = new float[frames][];
                if (win.links() != null) {
                    for (int f = 0; f < frames; f++) {
                        lows[f] = FlowLowBand.lowBand(imgs.get(f), s, s, 1 << level);
                    }
                }
                for (int f = 0; f < frames; f++) {
                    float[] img = imgs.get(f);
                    float[] anchor = win.anchors() == null ? null : win.anchors().get(f);
                    if (anchor != null && i < anchored) {
                        img = anchor;
                    } else if (win.links() != null && !win.links().get(f).isEmpty()) {
                        List<FlowLowBand.Neighbour> nbs = new ArrayList<>();
                        for (FrameLink l : win.links().get(f)) {
                            nbs.add(new FlowLowBand.Neighbour(lows[l.other()], l.flow(), l.confidence()));
                        }
                        img = FlowLowBand.average(img, lows[f], nbs, s, s);
                    }
                    float[] enc = scale(vae.encode(img, s, s), 0, lat, sf);
                    System.arraycopy(enc, 0, x0, f * lat, lat);
                }
                eps = ddim.epsFromX0(z, x0, t);
            }
            z = ddim.stepFromX0(x0, eps, t, p.steps());
        }
        List<float[]> results = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            float[] img = vae.decode(scale(z, f * lat, lat, 1 / sf), ls, ls);
            if (a.noiseSigma() > 0) {
                // a noisy observation: enforce only its coarse band (8-px block means, noise averaged away)
                img = LowBandConsistency.apply(img, win.observations().get(f), a, 3, s, s, 3);
                for (int k = 0; k < img.length; k++) {
                    img[k] = Math.max(-1f, Math.min(1f, img[k]));
                }
                results.add(img);
            } else {
                // exact consistency A(result) = y with every value in the valid range [-1, 1]
                results.add(a.projectBounded(img, win.observations().get(f), 3, s, s, -1f, 1f));
            }
        }
        return results;
    }

    private static float[] scale(float[] x, int from, int len, double k) {
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = (float) (x[from + i] * k);
        }
        return out;
    }
}
