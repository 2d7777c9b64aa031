package dev.flowsmith.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The denoiser's shortcuts through the flow kernels give exactly the general kernels' values: the all-planes clamped
 * warp equals {@link FlowKernels#warpBilinear} plane by plane, and {@link FlowKernels#occlusionCheck} the mask of
 * {@link FlowKernels#forwardBackwardCheck}, on flows that also point out of the frame and onto its last row and column.
 */
class FlowKernelsTest {
    private static final int W = 37, H = 23, PLANE = W * H;

    @Test
    void theShortcutsEqualTheGeneralKernels() {
        Random rnd = new Random(9);
        float[] img = new float[3 * PLANE], fwd = new float[2 * PLANE], bwd = new float[2 * PLANE];
        for (int i = 0; i < img.length; i++) {
            img[i] = rnd.nextFloat();
        }
        for (int i = 0; i < PLANE; i++) { // a translation, some vectors far out of the frame, a fifth inconsistent
            fwd[2 * i] = 1.3f + (i % 11 == 0 ? 60 : 0) + 0.1f * (float) rnd.nextGaussian();
            fwd[2 * i + 1] = -0.7f + 0.1f * (float) rnd.nextGaussian();
            bwd[2 * i] = -1.3f + (rnd.nextInt(5) == 0 ? 3 : 0) + 0.1f * (float) rnd.nextGaussian();
            bwd[2 * i + 1] = 0.7f + 0.1f * (float) rnd.nextGaussian();
        }
        for (int x = 0; x < W; x++) { // land exactly on the last row
            fwd[2 * (5 * W + x) + 1] = H - 1 - 5;
        }
        float[] planeByPlane = new float[3 * PLANE], allPlanes = new float[3 * PLANE];
        FlowKernels.warpBilinear(img, fwd, planeByPlane, H, W, FlowKernels.BORDER_CLAMP, 0, 3 * H);
        FlowKernels.warpBilinearClampedPlanes(img, fwd, allPlanes, 3, H, W, 0, H);
        assertThat(allPlanes).isEqualTo(planeByPlane);

        float[] occ = new float[PLANE], conf = new float[PLANE], occOnly = new float[PLANE];
        FlowKernels.forwardBackwardCheck(fwd, bwd, occ, conf, H, W, 0.01f, 0.5f, 0, H);
        FlowKernels.occlusionCheck(fwd, bwd, occOnly, H, W, 0.01f, 0.5f, 0, H);
        assertThat(occOnly).isEqualTo(occ);
        int occluded = 0;
        for (float o : occ) {
            occluded += o > 0 ? 1 : 0;
        }
        assertThat(occluded).as("some pixels occluded, some not").isBetween(PLANE / 20, PLANE - PLANE / 20);
    }
}
