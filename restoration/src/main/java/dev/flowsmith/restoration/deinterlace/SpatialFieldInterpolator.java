package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.media.VideoFrame;

/**
 * A field made a whole frame from its own rows: edge-directed line averaging (ELA) where an edge crosses the missing
 * row at a slant (the direction of least difference between the rows above and below, over a 3-pixel window, taken
 * only when clearly better than vertical), otherwise a 4-tap vertical cubic (-1, 9, 9, -1)/16 as bwdif's spatial
 * step uses. This is the fallback where motion leaves no temporal support, and the picture the flow is computed on.
 */
public final class SpatialFieldInterpolator {
    /** Slant directions searched: up to 2 pixels either way between the rows above and below. */
    static final int MAX_SLANT = 2;
    /** A slant must cost at most this share of the vertical direction's difference to be taken. */
    static final float SLANT_MARGIN = 0.6f;

    private float[] greyAbove = new float[0], greyBelow = new float[0];

    /**
     * {@code out} (resized): the rows of {@code parity} (0: even) copied from {@code frame}, the others interpolated from
     * them. Rows at the picture's edge with one neighbour only copy it.
     */
    public void fill(VideoFrame frame, int parity, VideoFrame out) {
        int w = frame.width(), h = frame.height(), plane = w * h;
        out.resize(w, h);
        out.setPosition(frame.index(), frame.pts(), frame.timeBase());
        float[] in = frame.data(), o = out.data();
        if (greyAbove.length != w) {
            greyAbove = new float[w];
            greyBelow = new float[w];
        }
        for (int y = 0; y < h; y++) {
            if ((y & 1) == parity) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(in, c * plane + y * w, o, c * plane + y * w, w);
                }
                continue;
            }
            int ya = y - 1, yb = y + 1;
            if (ya < 0 || yb >= h) {
                int src = ya < 0 ? yb : ya;
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(in, c * plane + src * w, o, c * plane + y * w, w);
                }
                continue;
            }
            boolean cubic = y - 3 >= 0 && y + 3 < h;
            grey(in, plane, ya * w, w, greyAbove);
            grey(in, plane, yb * w, w, greyBelow);
            for (int x = 0; x < w; x++) {
                int best = 0;
                float costVertical = cost(greyAbove, greyBelow, x, 0, w), bestCost = costVertical;
                for (int d = -MAX_SLANT; d <= MAX_SLANT; d++) {
                    if (d == 0 || x + d < 0 || x - d < 0 || x + d >= w || x - d >= w) {
                        continue;
                    }
                    float cst = cost(greyAbove, greyBelow, x, d, w);
                    if (cst < bestCost) {
                        bestCost = cst;
                        best = d;
                    }
                }
                boolean slant = best != 0 && bestCost < SLANT_MARGIN * costVertical;
                for (int c = 0; c < 3; c++) {
                    int base = c * plane;
                    float v;
                    if (slant) {
                        v = 0.5f * (in[base + ya * w + x + best] + in[base + yb * w + x - best]);
                    } else if (cubic) {
                        float a = in[base + ya * w + x], b = in[base + yb * w + x];
                        float a2 = in[base + (y - 3) * w + x], b2 = in[base + (y + 3) * w + x];
                        v = (9 * (a + b) - a2 - b2) / 16f;
                    } else {
                        v = 0.5f * (in[base + ya * w + x] + in[base + yb * w + x]);
                    }
                    o[base + y * w + x] = Math.max(0f, Math.min(1f, v));
                }
            }
        }
    }

    /** Sum of |above(x + d + j) - below(x - d + j)| for j in -1..1, clamped at the row ends. */
    private static float cost(float[] above, float[] below, int x, int d, int w) {
        float s = 0;
        for (int j = -1; j <= 1; j++) {
            int xa = Math.max(0, Math.min(w - 1, x + d + j)), xb = Math.max(0, Math.min(w - 1, x - d + j));
            s += Math.abs(above[xa] - below[xb]);
        }
        return s;
    }

    private static void grey(float[] in, int plane, int offset, int w, float[] out) {
        for (int x = 0; x < w; x++) {
            out[x] = 0.299f * in[offset + x] + 0.587f * in[plane + offset + x] + 0.114f * in[2 * plane + offset + x];
        }
    }
}
