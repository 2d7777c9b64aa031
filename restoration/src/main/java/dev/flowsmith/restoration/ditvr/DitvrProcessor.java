package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.DitConfig;
import dev.flowsmith.diffusion.weights.ModelFolder;
import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import dev.flowsmith.diffusion.vae.AutoencoderKL;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generative video restoration after DiTVR in the resumable job engine. Frames are restored in
 * windows of {@code window} frames that overlap by {@code overlap}; within a window every output tile
 * (the sampler's image size) is sampled for all frames together by {@link DitvrSampler}: trajectory
 * attention at the vital layers along flows estimated once per window on the input frames
 * ({@link WindowFlows}, {@link TrajectoryCache}), the flow-consistent low band, and the overlap frames
 * anchored to the previous window's results early in sampling. Overlap frames are cross-faded between
 * the two windows (both satisfy the observation, so the blend does too). Noise is fixed per tile.
 * <p>
 * Windows are laid out from the start of each job segment ({@link #beginSegment}); the first window
 * of a segment after the first is anchored to a warm-up window ending in its overlap, so a resumed
 * segment is computed exactly as in an uninterrupted run. Without {@code temporal}, each frame is
 * restored alone.
 */
public final class DitvrProcessor implements FrameProcessor {
    /** The degradation the observation went through. */
    public enum Task { SR, DENOISE, DEBLUR }

    /** Trajectory neighbours come from frames up to this far away (DiTVR's W_t). */
    static final int REACH = 2;
    /** Fraction of the steps during which overlap frames are pinned to the previous window. */
    static final double ANCHOR_FRACTION = 0.3;

    /**
     * Which models and how hard: DiT and VAE folders (diffusers layout); the task and its parameter
     * ({@code scale} for SR, {@code sigma}: noise on the 0-255 scale for denoise, blur in pixels for
     * deblur); DDIM steps; windows of {@code window} frames overlapping by {@code overlap}; the vital
     * layers (null: the model's calibration, else the defaults).
     */
    public record Params(Path dit, Path vae, Task task, int scale, double sigma, int steps, boolean temporal, int window,
                         int overlap, Set<Integer> vital) {
        public Params {
            if (task == Task.SR ? scale < 2 : scale != 1) {
                throw new IllegalArgumentException(task == Task.SR ? "super-resolution needs a scale of 2 or more" : task + " works at scale 1");
            }
            if (window < 1 || overlap < 0 || (window > 1 && overlap >= window)) {
                throw new IllegalArgumentException("window " + window + " frames with overlap " + overlap + " is not a layout");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1");
            }
        }

        /** Super-resolution by {@code scale}, windows of 8 with overlap 2. */
        public Params(Path dit, Path vae, int scale, int steps) {
            this(dit, vae, scale, steps, true);
        }

        public Params(Path dit, Path vae, int scale, int steps, boolean temporal) {
            this(dit, vae, Task.SR, scale, 0, steps, temporal, temporal ? 8 : 1, temporal ? REACH : 0, null);
        }

        Degradation degradation() {
            return switch (task) {
                case SR -> Degradation.areaDownsample(scale);
                case DENOISE -> Degradation.identity(sigma * 2 / 255);
                case DEBLUR -> Degradation.gaussianBlur(sigma);
            };
        }
    }

    private final Params p;
    private final DitvrSampler sampler;
    private final Degradation degradation;
    private final Set<Integer> vital;
    private final int stride;

    private boolean ownsSampler;
    private long segStart = -1, curStart = Long.MIN_VALUE;
    private Map<Long, float[]> cur = new HashMap<>(), prev = new HashMap<>();

    public DitvrProcessor(Params p) {
        this(p, loadSampler(p));
    }

    /** Loads the models itself, the DiT on {@code device} (null: the host), and frees them on close. */
    public DitvrProcessor(Params p, String device) {
        this(p, loadSampler(p, device));
        this.ownsSampler = true;
    }

    /** With an already loaded sampler (calibration runs many processors on one model). */
    public DitvrProcessor(Params p, DitvrSampler sampler) {
        this.p = p;
        this.sampler = sampler;
        this.degradation = p.degradation();
        if (sampler.imageSize() % p.scale() != 0) {
            throw new IllegalArgumentException("the model's image size " + sampler.imageSize() + " is not a multiple of x" + p.scale());
        }
        int layers = sampler.model().config().layers();
        this.vital = p.temporal() ? (p.vital() != null ? p.vital() : VitalLayers.forModel(p.dit(), layers)) : Set.of();
        checkVital(vital, layers);
        this.stride = Math.max(1, p.window() - p.overlap());
    }

    /**
     * Checks a job's settings against the model folders' configs and the device without loading any
     * weights (what a command line checks before it starts): folders, scale vs tile size, vital layers, device.
     */
    public static void check(Params p, String device) {
        DitConfig dc = DitConfig.read(ModelFolder.of(p.dit()).config());
        dev.flowsmith.diffusion.vae.VaeConfig vc = dev.flowsmith.diffusion.vae.VaeConfig.read(ModelFolder.of(p.vae()).config());
        int tile = dc.sampleSize() * (1 << (vc.blockOutChannels().length - 1));
        if (tile % p.scale() != 0) {
            throw new IllegalArgumentException("the model's image size " + tile + " is not a multiple of x" + p.scale());
        }
        Set<Integer> v = p.temporal() ? (p.vital() != null ? p.vital() : VitalLayers.forModel(p.dit(), dc.layers())) : Set.of();
        checkVital(v, dc.layers());
        p.degradation();
        if (device != null) {
            dev.flowsmith.kernels.device.Backends.open(device).close();
        }
    }

    private static void checkVital(Set<Integer> vital, int layers) {
        for (int l : vital) {
            if (l < 0 || l >= layers) {
                throw new IllegalArgumentException("vital layer " + l + " outside the model's layers 0.." + (layers - 1));
            }
        }
    }

    public static DitvrSampler loadSampler(Params p) {
        AutoencoderKL vae = AutoencoderKL.load(p.vae());
        return new DitvrSampler(DiTModel.load(p.dit()), vae, vae.downsamplingFactor());
    }

    /**
     * With the DiT on a compute backend: {@code device} as given to {@code --device} ("cpu", "opencl:0",
     * "gpu:0"), or null for the host. A device that is not there is an error, never a silent fall-back.
     */
    public static DitvrSampler loadSampler(Params p, String device) {
        if (device == null) {
            return loadSampler(p);
        }
        AutoencoderKL vae = AutoencoderKL.load(p.vae());
        DiTModel dit = DiTModel.load(p.dit());
        dev.flowsmith.kernels.backend.ComputeBackend backend = dev.flowsmith.kernels.device.Backends.open(device);
        return new DitvrSampler(dit, new dev.flowsmith.diffusion.dit.DiTOnDevice(dit, backend), vae, vae.downsamplingFactor());
    }

    @Override
    public void close() {
        if (ownsSampler) {
            sampler.close();
        }
    }

    public Set<Integer> vitalLayers() {
        return vital;
    }

    @Override
    public int radius() {
        return p.temporal() ? p.window() : 0;
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
    public void beginSegment(long firstFrame) {
        segStart = firstFrame;
        curStart = Long.MIN_VALUE;
        cur = new HashMap<>();
        prev = new HashMap<>();
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        long i = window.centreIndex();
        if (!p.temporal()) {
            float[] r = restoreWindow(window, i, i + 1, Map.of()).get(i);
            System.arraycopy(r, 0, out.data(), 0, r.length);
            return;
        }
        if (segStart < 0 || i < segStart) {
            beginSegment(i);
        }
        long start = segStart + (i - segStart) / stride * stride;
        if (start != curStart) {
            if (curStart == Long.MIN_VALUE) {
                // warm-up: the window that ends in this segment's first overlap, so resumes match full runs
                prev = segStart > 0 && p.overlap() > 0
                        ? restoreWindow(window, Math.max(0, segStart + p.overlap() - p.window()), segStart + p.overlap(), Map.of())
                        : new HashMap<>();
            } else {
                // keep only what the new window needs of the old one: its overlap frames (anchors and cross-fade)
                prev = new HashMap<>();
                for (long k = start; k < start + p.overlap(); k++) {
                    if (cur.containsKey(k)) {
                        prev.put(k, cur.get(k));
                    }
                }
            }
            cur = restoreWindow(window, start, start + p.window(), prev);
            curStart = start;
        }
        float[] r = cur.get(i), before = prev.get(i);
        long pos = i - start;
        if (before != null && pos < p.overlap()) {
            float wk = (pos + 1f) / (p.overlap() + 1f);
            float[] blend = new float[r.length];
            for (int k = 0; k < r.length; k++) {
                blend[k] = wk * r[k] + (1 - wk) * before[k];
            }
            r = blend;
        }
        System.arraycopy(r, 0, out.data(), 0, r.length);
    }

    /**
     * Restores frames [from, to) (cut at the video's end) together; results [3][H*s][W*s] in [0, 1]
     * by frame index. {@code anchors}: earlier results for some of these frames.
     */
    private Map<Long, float[]> restoreWindow(FrameWindow fw, long from, long to, Map<Long, float[]> anchors) {
        long centre = fw.centreIndex();
        List<VideoFrame> inputs = new ArrayList<>();
        for (long idx = from; idx < to; idx++) {
            int off = (int) (idx - centre);
            if (!fw.exists(off)) {
                break;
            }
            inputs.add(fw.get(off));
        }
        int frames = inputs.size(), s = p.scale(), tile = sampler.imageSize(), lt = tile / s;
        int w = inputs.get(0).width(), h = inputs.get(0).height(), ow = w * s, oh = h * s;
        int grid = sampler.model().config().grid();
        WindowFlows flows = frames > 1 ? WindowFlows.estimate(inputs, REACH) : null;
        List<float[]> outs = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            outs.add(new float[3 * ow * oh]);
        }
        for (int ty = 0; ty < oh; ty += tile) {
            for (int tx = 0; tx < ow; tx += tile) {
                int ix = tx / s, iy = ty / s;
                List<float[]> ys = new ArrayList<>(), anchorTiles = new ArrayList<>();
                List<List<DitvrSampler.FrameLink>> links = new ArrayList<>();
                boolean anyAnchor = false;
                for (int f = 0; f < frames; f++) {
                    ys.add(observation(inputs.get(f), ix, iy, lt));
                    float[] a = anchors.get(from + f);
                    anchorTiles.add(a == null ? null : crop(a, ow, oh, tx, ty, tile));
                    anyAnchor |= a != null;
                    List<DitvrSampler.FrameLink> l = new ArrayList<>();
                    for (int g = Math.max(0, f - REACH); flows != null && g <= Math.min(frames - 1, f + REACH); g++) {
                        if (g != f) {
                            float[][] fc = TrajectoryCache.tileFlow(flows, f, g, ix, iy, tile, s);
                            l.add(new DitvrSampler.FrameLink(g, fc[0], fc[1]));
                        }
                    }
                    links.add(l);
                }
                TrajectoryNeighbours nb = flows != null && !vital.isEmpty() ? TrajectoryCache.neighbours(flows, ix, iy, lt, grid) : null;
                DitvrSampler.Window win = new DitvrSampler.Window(ys, nb, nb == null ? Set.of() : vital, flows == null ? null : links,
                        anyAnchor ? anchorTiles : null, ANCHOR_FRACTION);
                long seed = 31L * (ty / tile) + (tx / tile);
                List<float[]> r = sampler.restore(win, degradation, new DitvrSampler.Params(p.steps(), 0.8, seed));
                for (int f = 0; f < frames; f++) {
                    paste(r.get(f), outs.get(f), ow, oh, tx, ty, tile);
                }
            }
        }
        Map<Long, float[]> res = new HashMap<>();
        for (int f = 0; f < frames; f++) {
            res.put(from + f, outs.get(f));
        }
        return res;
    }

    /** The input block under a tile (edge tiles clamp to the frame), scaled to [-1, 1]. */
    private static float[] observation(VideoFrame in, int ix, int iy, int lt) {
        float[] y = new float[3 * lt * lt];
        int w = in.width(), h = in.height();
        for (int c = 0; c < 3; c++) {
            for (int yy = 0; yy < lt; yy++) {
                for (int xx = 0; xx < lt; xx++) {
                    y[(c * lt + yy) * lt + xx] = in.get(c, Math.min(w - 1, ix + xx), Math.min(h - 1, iy + yy)) * 2 - 1;
                }
            }
        }
        return y;
    }

    /** A tile of a [0, 1] frame as [-1, 1] (edge tiles clamp). */
    private static float[] crop(float[] img, int w, int h, int tx, int ty, int tile) {
        float[] out = new float[3 * tile * tile];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    out[(c * tile + y) * tile + x] = img[(c * h + Math.min(h - 1, ty + y)) * w + Math.min(w - 1, tx + x)] * 2 - 1;
                }
            }
        }
        return out;
    }

    private static void paste(float[] r, float[] o, int ow, int oh, int tx, int ty, int tile) {
        for (int c = 0; c < 3; c++) {
            for (int yy = 0; yy < tile && ty + yy < oh; yy++) {
                for (int xx = 0; xx < tile && tx + xx < ow; xx++) {
                    float v = (r[(c * tile + yy) * tile + xx] + 1) / 2;
                    o[(c * oh + ty + yy) * ow + tx + xx] = Math.max(0f, Math.min(1f, v));
                }
            }
        }
    }

    @Override
    public String describe() {
        return "ditvr " + p.task().name().toLowerCase(java.util.Locale.ROOT) + (p.task() == Task.SR ? " x" + p.scale() : " sigma " + p.sigma())
                + " steps " + p.steps() + (p.temporal() ? " window " + p.window() + " overlap " + p.overlap() + " vital " + vital : "")
                + " dit " + p.dit().toAbsolutePath() + " vae " + p.vae().toAbsolutePath();
    }
}
