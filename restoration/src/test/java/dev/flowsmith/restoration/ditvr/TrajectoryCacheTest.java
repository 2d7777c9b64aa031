package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The neighbour cache follows the flow to the right tokens and masks what it cannot trust. */
class TrajectoryCacheTest {
    private static final int GRID = 4, SPAN = 8; // 2 input pixels per token

    @Test
    void neighboursSitAroundTheLandingPointInEveryFrameWithinReach() {
        // everything moves 2 input pixels (one token) to the right per frame
        TrajectoryNeighbours nb = TrajectoryCache.neighbours(WindowFlows.uniform(5, 2, 8, 8, 2, 0, 0.9f), 0, 0, SPAN, GRID);
        int n = GRID * GRID, per = nb.perToken();
        assertThat(per).isEqualTo(2 * 2 * 9);
        // token (x=1, y=1) of frame 2: frames 0, 1, 3, 4 at x = -1 (outside), 0, 2, 3
        int f = 2, tok = f * n + GRID + 1;
        java.util.Map<Integer, java.util.List<Integer>> byFrame = new java.util.TreeMap<>();
        for (int j = 0; j < per; j++) {
            int k = nb.index()[tok * per + j];
            if (k >= 0) {
                byFrame.computeIfAbsent(k / n, g -> new java.util.ArrayList<>()).add(k % n);
                assertThat(k / n).isNotEqualTo(f);
            }
        }
        assertThat(byFrame.keySet()).containsExactly(1, 3, 4); // frame 0: the landing point leaves the tile
        assertThat(byFrame.get(3)).containsExactlyInAnyOrder(1, 2, 3, 5, 6, 7, 9, 10, 11); // 3x3 around (2, 1)
        // the bias is log c at the landing point and falls off with distance
        for (int j = 0; j < per; j++) {
            int k = nb.index()[tok * per + j];
            if (k == 3 * n + GRID + 2) {
                assertThat((double) nb.bias()[tok * per + j]).isCloseTo(Math.log(0.9), org.assertj.core.data.Offset.offset(1e-5));
            }
            if (k == 3 * n + 2 * GRID + 3) {
                assertThat((double) nb.bias()[tok * per + j]).isCloseTo(Math.log(0.9) - 1, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        // the first frame has no frames before it: half its slots are masked at least
        int valid0 = 0;
        for (int j = 0; j < per; j++) {
            valid0 += nb.index()[(GRID + 1) * per + j] >= 0 ? 1 : 0;
        }
        assertThat(valid0).isLessThanOrEqualTo(per / 2).isGreaterThan(0);
    }

    @Test
    void lowConfidenceFlowMasksEveryNeighbour() {
        TrajectoryNeighbours nb = TrajectoryCache.neighbours(WindowFlows.uniform(4, 2, 8, 8, 0, 0, 0.4f), 0, 0, SPAN, GRID);
        assertThat(nb.valid()).isZero();
        TrajectoryNeighbours still = TrajectoryCache.neighbours(WindowFlows.uniform(4, 2, 8, 8, 0, 0, 1f), 0, 0, SPAN, GRID);
        assertThat(still.valid()).isGreaterThan(0);
    }

    @Test
    void tileFlowIsScaledToOutputPixelsAndZeroConfidenceWhereItLeavesTheTile() {
        float[][] fc = TrajectoryCache.tileFlow(WindowFlows.uniform(3, 2, 8, 8, 1, 0, 0.8f), 0, 1, 0, 0, 16, 2);
        assertThat(fc[0][0]).isEqualTo(2f);                 // one input pixel = two output pixels
        assertThat(fc[1][0]).isEqualTo(0.8f);
        assertThat(fc[1][15]).isZero();                     // x = 15 + 2 is outside the 16-px tile
    }

    @Test
    void defaultVitalLayersSpreadOverTheDepth() {
        assertThat(VitalLayers.defaults(28)).containsExactly(3, 10, 17, 24);
        assertThat(VitalLayers.defaults(2)).containsExactly(0, 1);
        assertThat(VitalLayers.budget(28)).isEqualTo(4);
    }
}
