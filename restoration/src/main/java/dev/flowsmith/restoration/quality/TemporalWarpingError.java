package dev.flowsmith.restoration.quality;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;

import java.util.ArrayList;
import java.util.List;

/**
 * Temporal warping error (Lai et al. 2018): for consecutive frames, warp result frame t+1 back onto
 * frame t with the optical flow of the reference (clean) video and average the squared difference
 * over the pixels the forward-backward check calls visible. Lower means steadier video; reported x1e-3
 * for values in 0..1, as in DiffIR2VR-Zero.
 */
public final class TemporalWarpingError {
    private final List<float[]> flows = new ArrayList<>();
    private final List<float[]> masks = new ArrayList<>();

    /** Computes the reference flows (t -> t+1) and visibility masks once per clip. */
    public TemporalWarpingError(List<VideoFrame> reference) {
        FlowEstimator fe = FlowEstimator.forThisThread(FlowEstimator.Preset.MEDIUM);
        for (int t = 0; t + 1 < reference.size(); t++) {
            VideoFrame a = reference.get(t), b = reference.get(t + 1);
            int plane = a.width() * a.height();
            float[] fwd = new float[2 * plane], bwd = new float[2 * plane], occ = new float[plane], conf = new float[plane];
            fe.flow(a, b, fwd);
            fe.flow(b, a, bwd);
            FlowEstimator.check(fwd, bwd, occ, conf, a.width(), a.height());
            flows.add(fwd);
            masks.add(occ);
        }
    }

    /** The error of {@code frames} (same length and size as the reference), x 1e-3. */
    public double of(List<VideoFrame> frames) {
        double sum = 0;
        int pairs = 0;
        for (int t = 0; t + 1 < frames.size() && t < flows.size(); t++) {
            VideoFrame a = frames.get(t), b = frames.get(t + 1);
            int w = a.width(), h = a.height(), plane = w * h;
            float[] warped = new float[3 * plane];
            FlowKernels.warpBilinear(b.data(), flows.get(t), warped, h, w, FlowKernels.BORDER_CLAMP, 0, 3 * h);
            float[] occ = masks.get(t);
            double se = 0;
            long n = 0;
            for (int i = 0; i < plane; i++) {
                if (occ[i] > 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    double d = warped[c * plane + i] - a.data()[c * plane + i];
                    se += d * d;
                }
                n += 3;
            }
            sum += se / Math.max(1, n);
            pairs++;
        }
        return pairs == 0 ? 0 : 1000 * sum / pairs;
    }
}
