package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;

/**
 * DiTVR's spatio-temporal neighbour cache for one tile of a window (ALGORITHMS.md 3.2.5): token p of
 * frame f follows the direct flow f -> g to its landing point p_g in every frame g with
 * {@code 0 < |g - f| <= reach}; when the flow's confidence there is above {@code tauC} and p_g lies in
 * the tile, the (2r+1)^2 tokens around round(p_g) become neighbours with logit bias
 * {@code log c - |q - p_g|^2 / (2 rho^2)}. Everything else is masked, so attention falls back to the
 * frame's own tokens where flow is unreliable (occlusions, tile borders).
 * Also gives the flows at the tile's pixel resolution for the flow-consistent low band.
 */
final class TrajectoryCache {
    /** DiTVR defaults: 3x3 around the landing point, distance scale one token, confidence threshold 0.5. */
    static final int R = 1;
    static final float RHO = 1f, TAU_C = 0.5f;

    private TrajectoryCache() {
    }

    /**
     * Neighbour lists for the tile whose input-pixel box starts at (x0, y0) and spans {@code span}
     * input pixels, on a {@code grid} x {@code grid} token grid.
     */
    static TrajectoryNeighbours neighbours(WindowFlows wf, int x0, int y0, int span, int grid) {
        int frames = wf.frames(), reach = wf.reach(), n = grid * grid, side = 2 * R + 1;
        int per = 2 * reach * side * side;
        int[] idx = new int[frames * n * per];
        float[] bias = new float[idx.length];
        java.util.Arrays.fill(idx, -1);
        float cell = span / (float) grid; // input pixels per token
        for (int f = 0; f < frames; f++) {
            int slotBase = 0;
            for (int dg = -reach; dg <= reach; dg++) {
                int g = f + dg;
                if (dg == 0) {
                    continue;
                }
                int slot0 = slotBase;
                slotBase += side * side;
                if (g < 0 || g >= frames) {
                    continue;
                }
                float[] fl = wf.flow(f, g), cf = wf.confidence(f, g);
                for (int ty = 0; ty < grid; ty++) {
                    for (int tx = 0; tx < grid; tx++) {
                        // mean flow and confidence over the token's cell of input pixels
                        float[] m = cellMean(fl, cf, wf.width(), wf.height(), x0 + tx * cell, y0 + ty * cell, cell);
                        if (m == null || m[2] <= TAU_C) {
                            continue;
                        }
                        float px = tx + m[0] / cell, py = ty + m[1] / cell; // landing point in token units
                        if (px < -0.5f || py < -0.5f || px > grid - 0.5f || py > grid - 0.5f) {
                            continue;
                        }
                        int cx = Math.round(px), cy = Math.round(py), tok = f * n + ty * grid + tx, s = 0;
                        float logc = (float) Math.log(m[2]);
                        for (int dy = -R; dy <= R; dy++) {
                            for (int dx = -R; dx <= R; dx++, s++) {
                                int qx = cx + dx, qy = cy + dy;
                                if (qx < 0 || qy < 0 || qx >= grid || qy >= grid) {
                                    continue;
                                }
                                int at = tok * per + slot0 + s;
                                idx[at] = g * n + qy * grid + qx;
                                float ddx = qx - px, ddy = qy - py;
                                bias[at] = logc - (ddx * ddx + ddy * ddy) / (2 * RHO * RHO);
                            }
                        }
                    }
                }
            }
        }
        return new TrajectoryNeighbours(frames, n, per, idx, bias);
    }

    /** {mean dx, mean dy, mean confidence} over a cell (clipped to the frame), null when it is outside. */
    private static float[] cellMean(float[] flow, float[] conf, int w, int h, float fx, float fy, float cell) {
        int xa = Math.max(0, (int) Math.floor(fx)), ya = Math.max(0, (int) Math.floor(fy));
        int xb = Math.min(w, Math.max(xa + 1, (int) Math.ceil(fx + cell))), yb = Math.min(h, Math.max(ya + 1, (int) Math.ceil(fy + cell)));
        if (xa >= w || ya >= h) {
            return null;
        }
        double sx = 0, sy = 0, sc = 0;
        int cnt = 0;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                int p = y * w + x;
                sx += flow[2 * p];
                sy += flow[2 * p + 1];
                sc += conf[p];
                cnt++;
            }
        }
        return new float[]{(float) (sx / cnt), (float) (sy / cnt), (float) (sc / cnt)};
    }

    /**
     * Flow f -> g at the tile's output resolution ({@code size} x {@code size} pixels, {@code scale}
     * output pixels per input pixel) with its confidence, zero where the flow leaves the tile:
     * {flow [size][size][2], confidence [size][size]}.
     */
    static float[][] tileFlow(WindowFlows wf, int f, int g, int x0, int y0, int size, int scale) {
        float[] fl = wf.flow(f, g), cf = wf.confidence(f, g);
        int w = wf.width(), h = wf.height();
        float[] out = new float[2 * size * size], conf = new float[size * size];
        for (int y = 0; y < size; y++) {
            int sy = Math.min(h - 1, y0 + y / scale);
            for (int x = 0; x < size; x++) {
                int sx = Math.min(w - 1, x0 + x / scale), p = sy * w + sx, o = y * size + x;
                float dx = fl[2 * p] * scale, dy = fl[2 * p + 1] * scale;
                out[2 * o] = dx;
                out[2 * o + 1] = dy;
                float lx = x + dx, ly = y + dy;
                conf[o] = lx < 0 || ly < 0 || lx > size - 1 || ly > size - 1 ? 0f : cf[p];
            }
        }
        return new float[][]{out, conf};
    }
}
