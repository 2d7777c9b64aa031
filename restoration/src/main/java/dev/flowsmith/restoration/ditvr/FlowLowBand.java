package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.WaveletKernels;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;

import java.util.List;

/**
 * DiTVR's flow-consistent low band: a frame's Haar low band (means of {@code block} x {@code block}
 * blocks) averaged with its neighbours' low bands, each warped onto the frame along optical flow and
 * weighted per pixel by forward-backward confidence (occluded pixels count zero); the high band is
 * the frame's own. Keeps coarse structure steady over time without blurring detail.
 */
final class FlowLowBand {
    private FlowLowBand() {
    }

    /** Frames are planar RGB [3][h][w]; returns the frame with its averaged low band. */
    static float[] average(float[] frame, List<float[]> neighbours, int w, int h, int block) {
        if (neighbours.isEmpty()) {
            return frame;
        }
        int n = w * h;
        float[] low = lowBand(frame, w, h, block), sum = low.clone(), weight = new float[n];
        java.util.Arrays.fill(weight, 1f);
        FlowEstimator fe = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
        VideoFrame a = wrap(frame, w, h);
        float[] fwd = new float[2 * n], bwd = new float[2 * n], occ = new float[n], conf = new float[n], warped = new float[3 * n];
        for (float[] nb : neighbours) {
            VideoFrame b = wrap(nb, w, h);
            fe.flow(a, b, fwd);
            fe.flow(b, a, bwd);
            FlowEstimator.check(fwd, bwd, occ, conf, w, h);
            FlowKernels.warpBilinear(lowBand(nb, w, h, block), fwd, warped, h, w, FlowKernels.BORDER_CLAMP, 0, 3 * h);
            for (int p = 0; p < n; p++) {
                float c = occ[p] > 0 ? 0f : conf[p];
                for (int ch = 0; ch < 3; ch++) {
                    sum[ch * n + p] += c * warped[ch * n + p];
                }
                weight[p] += c;
            }
        }
        float[] out = frame.clone();
        for (int ch = 0; ch < 3; ch++) {
            for (int p = 0; p < n; p++) {
                int i = ch * n + p;
                out[i] = frame[i] - low[i] + sum[i] / weight[p];
            }
        }
        return out;
    }

    private static float[] lowBand(float[] x, int w, int h, int block) {
        int n = w * h, rows = (h + block - 1) / block;
        float[] out = new float[x.length], plane = new float[n], res = new float[n];
        for (int ch = 0; ch < 3; ch++) {
            System.arraycopy(x, ch * n, plane, 0, n);
            WaveletKernels.projectLowBand(plane, res, h, w, block, 0, rows);
            System.arraycopy(res, 0, out, ch * n, n);
        }
        return out;
    }

    private static VideoFrame wrap(float[] planar, int w, int h) {
        VideoFrame f = new VideoFrame(w, h);
        System.arraycopy(planar, 0, f.data(), 0, planar.length);
        return f;
    }
}
