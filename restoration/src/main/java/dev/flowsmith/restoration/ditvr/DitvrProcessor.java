package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.vae.AutoencoderKL;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.nio.file.Path;

/**
 * Generative super-resolution of a video in the resumable job engine: each output frame is cut into
 * tiles of the sampler's image size, each tile restored by {@link DitvrSampler} from the matching
 * block of the input frame (so the result, area-downsampled, is the input exactly), with a seed that
 * depends only on the tile position (every frame and every resume draws the same noise). With
 * {@code temporal}, DiTVR's flow-consistent low band: the result's Haar low band (8-px blocks) is
 * averaged with those of the neighbouring frames' results warped along optical flow and weighted by
 * forward-backward confidence, then the observation is enforced again. Neighbours' results are the
 * sampler's own (not averaged) outputs, so a resumed job recomputes them and matches a full run.
 */
public final class DitvrProcessor implements FrameProcessor {
    /** Which models and how hard: DiT and VAE folders (diffusers layout), scale, DDIM steps. */
    public record Params(Path dit, Path vae, int scale, int steps, boolean temporal) {
        public Params(Path dit, Path vae, int scale, int steps) {
            this(dit, vae, scale, steps, true);
        }
    }

    /** Low-band block for the temporal averaging (a Haar LL_3 band). */
    static final int LOW_BLOCK = 8;
    private final java.util.LinkedHashMap<Long, float[]> raw = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, float[]> e) {
            return size() > 4;
        }
    };

    private final Params p;
    private final DitvrSampler sampler;
    private final Degradation sr;

    public DitvrProcessor(Params p) {
        this.p = p;
        AutoencoderKL vae = AutoencoderKL.load(p.vae());
        this.sampler = new DitvrSampler(DiTModel.load(p.dit()), vae, vae.downsamplingFactor());
        this.sr = Degradation.areaDownsample(p.scale());
        if (sampler.imageSize() % p.scale() != 0) {
            throw new IllegalArgumentException("the model's image size " + sampler.imageSize() + " is not a multiple of x" + p.scale());
        }
    }

    @Override
    public int radius() {
        return p.temporal() ? 1 : 0;
    }

    @Override
    public int outputWidth(int inputWidth) {
        return inputWidth * p.scale();
    }

    @Override
    public int outputHeight(int inputHeight) {
        return inputHeight * p.scale();
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame in = window.get(0);
        int s = p.scale(), ow = in.width() * s, oh = in.height() * s;
        float[] r0 = restored(in);
        float[] result = r0;
        if (p.temporal()) {
            result = FlowLowBand.average(r0, neighbours(window), ow, oh, LOW_BLOCK);
            // the averaging moved block means a little: enforce the observation again (values stay in [0, 1])
            result = sr.projectBounded(result, in.data(), 3, oh, ow, 0f, 1f);
        }
        System.arraycopy(result, 0, out.data(), 0, result.length);
    }

    private java.util.List<float[]> neighbours(FrameWindow window) {
        java.util.List<float[]> n = new java.util.ArrayList<>();
        for (int off : new int[]{-1, 1}) {
            if (window.exists(off)) {
                n.add(restored(window.get(off)));
            }
        }
        return n;
    }

    /** The sampler's result for a frame, [3][H*s][W*s] in [0, 1] (kept for the neighbouring frames). */
    private float[] restored(VideoFrame in) {
        float[] cached = raw.get(in.index());
        if (cached != null) {
            return cached;
        }
        int s = p.scale(), tile = sampler.imageSize(), lt = tile / s;
        int w = in.width(), h = in.height(), ow = w * s, oh = h * s;
        float[] o = new float[3 * ow * oh];
        float[] y = new float[3 * lt * lt];
        for (int ty = 0; ty < oh; ty += tile) {
            for (int tx = 0; tx < ow; tx += tile) {
                // observation: the input block under this tile (edge tiles clamp to the frame), scaled to [-1, 1]
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < lt; yy++) {
                        for (int xx = 0; xx < lt; xx++) {
                            int sx = Math.min(w - 1, tx / s + xx), sy = Math.min(h - 1, ty / s + yy);
                            y[(c * lt + yy) * lt + xx] = in.get(c, sx, sy) * 2 - 1;
                        }
                    }
                }
                long seed = 31L * (ty / tile) + (tx / tile);
                float[] r = sampler.restore(y, sr, new DitvrSampler.Params(p.steps(), 0.8, seed));
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < tile && ty + yy < oh; yy++) {
                        for (int xx = 0; xx < tile && tx + xx < ow; xx++) {
                            float v = (r[(c * tile + yy) * tile + xx] + 1) / 2;
                            o[(c * oh + ty + yy) * ow + tx + xx] = Math.max(0f, Math.min(1f, v));
                        }
                    }
                }
            }
        }
        raw.put(in.index(), o);
        return o;
    }

    @Override
    public String describe() {
        return "ditvr x" + p.scale() + " steps " + p.steps() + (p.temporal() ? " temporal" : "") + " dit " + p.dit().toAbsolutePath() + " vae " + p.vae().toAbsolutePath();
    }
}
