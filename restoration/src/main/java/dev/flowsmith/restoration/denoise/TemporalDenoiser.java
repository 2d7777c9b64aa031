package dev.flowsmith.restoration.denoise;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.Locale;

/**
 * Flow-compensated temporal denoising, then BM3D's two collaborative steps with the noise left per pixel.
 * <ol>
 * <li>Each neighbour within +-radius frames is warped onto the current frame along DIS flow.</li>
 * <li>Per pixel it gets the weight {@code (1 - occluded) * exp(-max(0, D - 2 sigma^2) / (h^2 sigma^2))},
 * where D is the 5x5 mean squared difference between the warped neighbour and the current frame
 * (2 sigma^2 is what two aligned noisy copies differ by), so misaligned or occluded samples drop out.</li>
 * <li>The weighted mean leaves the noise variance {@code sigma^2 * sum(w^2) / sum(w)^2} per pixel: small where many
 * neighbours aligned, sigma^2 where none did (fast motion, occlusion). BM3D (Dabov et al. 2007) then removes what is
 * left, told that variance block by block: a hard-thresholding collaborative filter makes a basic estimate, and a
 * collaborative Wiener filter guided by it makes the output ({@link CollaborativeFilter}). So the spatial step is
 * as strong as the temporal support was weak, with no blend to tune.</li>
 * </ol>
 * Sigma is given (0..255 scale) or estimated per frame (Immerkaer).
 */
public final class TemporalDenoiser implements FrameProcessor {
    /** Parameters; {@code sigma <= 0} means estimate. */
    public record Params(int radius, double sigma, double h) {
        public Params {
            if (radius < 0 || radius > 8) {
                throw new IllegalArgumentException("radius must be 0..8, not " + radius);
            }
            if (h <= 0) {
                throw new IllegalArgumentException("h must be > 0, not " + h);
            }
        }

        public static Params defaults(double sigma) {
            // tuned on Vid4 calendar and DAVIS bmx-trees at sigma 25 (bench/quality-bench.sh)
            return new Params(3, sigma, 0.9);
        }
    }

    /*
     * The two BM3D steps: 8x8 blocks every 4 pixels (the Wiener step every 5), offsets [-4, 4) searched, groups of
     * up to 4; hard threshold 2.7 noise deviations (BM3D's own); the noise variance of the temporal average taken at
     * 0.7 of its value, as the bilinear warps smooth the neighbours' noise. Measured on bmx-trees, Vid4 city and
     * calendar at sigma 25 (docs/quality.md): larger searches and groups (offsets +-8, 16 blocks, every 3 pixels)
     * gain under 0.1 dB at 2-3x the time; the Wiener step every 5 pixels instead of 4 loses nothing (0.00-0.03 dB
     * either way) at a fifth less of the filters' time; both every 5 pixels loses 0.03-0.08 dB.
     */
    private static final CollaborativeFilter.Settings BASIC = new CollaborativeFilter.Settings(4, 4, 4, 0.02f, 2.7f, 0.7f);
    private static final CollaborativeFilter.Settings WIENER = new CollaborativeFilter.Settings(5, 4, 4, 0.006f, 0f, 0.7f);

    /** Patch window for the neighbour distance: a Gaussian of 0.85 px, about a 5x5 patch. */
    private static final float[] PATCH = ResampleKernels.gaussianTaps(0.85f);
    private final Params params;
    private final FlowEstimator flow;
    private final PairFlows pairs;
    /**
     * The row-parallel stages (forward-backward check, warp, patch distances) on all cores: each output row depends on
     * its inputs only, so the result is the same bit for bit on any number of threads ({@code bench/denoise-profile.sh}
     * measures the gain; {@code -Dflowsmith.denoise.threads=1} runs them on one).
     */
    private final dev.flowsmith.kernels.backend.ParallelRange rows = new dev.flowsmith.kernels.backend.ParallelRange(
            Integer.getInteger("flowsmith.denoise.threads", Runtime.getRuntime().availableProcessors()));
    private float[] fwdScratch = new float[0], bwdScratch = new float[0], occ = new float[0];
    private float[] warped = new float[0], diff = new float[0], tmp = new float[0], acc = new float[0], wsum = new float[0], wsq = new float[0], variance = new float[0];
    private final CollaborativeFilter collaborative = new CollaborativeFilter(rows,
            Boolean.getBoolean("flowsmith.denoise.scalar"));
    private final VideoFrame temporal = new VideoFrame();
    private final VideoFrame basic = new VideoFrame();

    public TemporalDenoiser(Params params) {
        this.params = params;
        // DIS FAST: measured on Vid4 calendar at sigma 25, 29.77 dB vs 29.71 dB with MEDIUM at about 4x less flow time
        this.flow = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
        this.pairs = new PairFlows(flow);
    }

    @Override
    public int radius() {
        return params.radius();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "denoise(radius=%d, sigma=%s, h=%.2f, spatial=bm3d)", params.radius(),
                params.sigma() > 0 ? String.format(Locale.ROOT, "%.2f", params.sigma()) : "auto", params.h());
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame c = window.get(0);
        int w = c.width(), h = c.height(), plane = w * h;
        ensure(plane);
        pairs.moveTo(c.index());
        double sigma = params.sigma() > 0 ? params.sigma() / 255.0 : NoiseEstimator.sigma(c);
        float s2 = (float) (sigma * sigma);
        float[] cd = c.data();
        System.arraycopy(cd, 0, acc, 0, 3 * plane);
        java.util.Arrays.fill(wsum, 0, plane, 1f);
        java.util.Arrays.fill(wsq, 0, plane, 1f);
        float inv = (float) (1.0 / (params.h() * params.h() * Math.max(s2, 1e-6f)));
        for (int off = -params.radius(); off <= params.radius(); off++) {
            if (off == 0 || !window.exists(off)) {
                continue;
            }
            VideoFrame n = window.get(off);
            float[] fwd = pairs.flow(c, n, params.radius(), fwdScratch);
            float[] bwd = pairs.flow(n, c, params.radius(), bwdScratch);
            float[] nd = n.data();
            rows.run(h, 8, (from, to) -> FlowKernels.occlusionCheck(fwd, bwd, occ, h, w, 0.01f, 0.5f, from, to));
            rows.run(h, 8, (from, to) -> FlowKernels.warpBilinearClampedPlanes(nd, fwd, warped, 3, h, w, from, to));
            rows.run(h, 8, (from, to) -> {
                for (int i = from * w; i < to * w; i++) {
                    float d0 = warped[i] - cd[i], d1 = warped[plane + i] - cd[plane + i], d2 = warped[2 * plane + i] - cd[2 * plane + i];
                    diff[i] = (d0 * d0 + d1 * d1 + d2 * d2) / 3f;
                }
            });
            rows.run(h, 8, (from, to) -> ResampleKernels.convolveRows(diff, PATCH, tmp, w, from, to));
            rows.run(h, 8, (from, to) -> ResampleKernels.convolveColumns(tmp, PATCH, diff, h, w, from, to));
            rows.run(h, 8, (from, to) -> {
                for (int i = from * w; i < to * w; i++) {
                    if (occ[i] > 0) {
                        continue;
                    }
                    // aligned samples (most of them) differ by no more than the noise: weight exactly 1, no exponential
                    float excess = diff[i] - 2 * s2;
                    float wt = excess <= 0 ? 1f : (float) Math.exp(-excess * inv);
                    if (wt < 1e-3f) {
                        continue;
                    }
                    wsum[i] += wt;
                    wsq[i] += wt * wt;
                    acc[i] += wt * warped[i];
                    acc[plane + i] += wt * warped[plane + i];
                    acc[2 * plane + i] += wt * warped[2 * plane + i];
                }
            });
        }
        temporal.resize(w, h);
        float[] t = temporal.data();
        rows.run(h, 8, (from, to) -> {
            for (int i = from * w; i < to * w; i++) {
                float iw = 1f / wsum[i];
                t[i] = acc[i] * iw;
                t[plane + i] = acc[plane + i] * iw;
                t[2 * plane + i] = acc[2 * plane + i] * iw;
                variance[i] = s2 * wsq[i] * iw * iw;
            }
        });
        out.resize(w, h);
        if (sigma < 0.5 / 255) {
            System.arraycopy(t, 0, out.data(), 0, 3 * plane); // nothing left worth filtering
            return;
        }
        collaborative.hardThreshold(temporal, variance, BASIC, basic);
        collaborative.wiener(temporal, variance, basic, WIENER, out);
    }

    private void ensure(int plane) {
        if (fwdScratch.length != 2 * plane) {
            fwdScratch = new float[2 * plane];
            bwdScratch = new float[2 * plane];
            occ = new float[plane];
            warped = new float[3 * plane];
            diff = new float[plane];
            tmp = new float[plane];
            acc = new float[3 * plane];
            wsum = new float[plane];
            wsq = new float[plane];
            variance = new float[plane];
        }
    }

    @Override
    public void close() {
        flow.close();
        rows.close();
    }
}
