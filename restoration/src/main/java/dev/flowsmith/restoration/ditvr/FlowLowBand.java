package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.WaveletKernels;

import java.util.List;

/**
 * DiTVR's flow-consistent low band (ALGORITHMS.md 3.2.6 step 2): a frame's Haar low band (means of
 * {@code block} x {@code block} blocks) averaged with its neighbours' low bands, each warped onto the
 * frame along the flow frame -> neighbour and weighted per pixel by the flow's confidence (occluded
 * pixels count zero); the high band stays the frame's own. Keeps coarse structure steady over time
 * without blurring detail.
 */
final class FlowLowBand {
    private FlowLowBand() {
    }

    /**
     * A neighbour's low band ({@link #lowBand} of its image, computed once per step by the caller and shared
     * by every frame that looks at it) with the flow from the frame to it ([h][w][2]) and that flow's confidence.
     */
    record Neighbour(float[] low, float[] flow, float[] confidence) {
    }

    /** Frames are planar RGB [3][h][w], {@code low} the frame's own low band; returns the frame with its averaged low band. */
    static float[] average(float[] frame, float[] low, List<Neighbour> neighbours, int w, int h) {
        if (neighbours.isEmpty()) {
            return frame;
        }
        int n = w * h;
        float[] sum = low.clone(), weight = new float[n], warped = new float[3 * n];
        java.util.Arrays.fill(weight, 1f);
        for (Neighbour nb : neighbours) {
            FlowKernels.warpBilinear(nb.low(), nb.flow(), warped, h, w, FlowKernels.BORDER_CLAMP, 0, 3 * h);
            float[] c = nb.confidence();
            for (int p = 0; p < n; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    sum[ch * n + p] += c[p] * warped[ch * n + p];
                }
                weight[p] += c[p];
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

    /** Planar RGB [3][h][w] with each block x block block replaced by its mean (the Haar LL band, upsampled). */
    static float[] lowBand(float[] x, int w, int h, int block) {
        int n = w * h, rows = (h + block - 1) / block;
        float[] out = new float[x.length], plane = new float[n], res = new float[n];
        for (int ch = 0; ch < 3; ch++) {
            System.arraycopy(x, ch * n, plane, 0, n);
            WaveletKernels.projectLowBand(plane, res, h, w, block, 0, rows);
            System.arraycopy(res, 0, out, ch * n, n);
        }
        return out;
    }
}
