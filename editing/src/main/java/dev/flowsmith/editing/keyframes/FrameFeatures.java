package dev.flowsmith.editing.keyframes;

import dev.flowsmith.kernels.KeyframeKernels;
import dev.flowsmith.media.VideoFrame;

/**
 * What keyframe selection compares: a frame shrunk to a proxy (longer side {@value #PROXY} px), cut
 * into patches of {@value #PATCH} px, each described by the CIE Lab colour of its 4x4 sub-cells and
 * its gradient energy in four directions, centred and scaled to unit length, so that the cosine of
 * two patches says how alike they look (1 = same colours and structure). Row-major {@code [patches][DIM]}.
 */
public final class FrameFeatures {
    public static final int PROXY = 192, PATCH = 8, CELLS = 4, DIM = CELLS * CELLS * 3 + 4;

    private FrameFeatures() {
    }

    /** Patch grid of a frame of the given size: {gridWidth, gridHeight}. */
    public static int[] grid(int width, int height) {
        double s = (double) PROXY / Math.max(width, height);
        int pw = Math.max(PATCH, (int) Math.round(width * s)), ph = Math.max(PATCH, (int) Math.round(height * s));
        return new int[]{pw / PATCH, ph / PATCH};
    }

    /** Unit-length descriptors of every patch of {@code f}, patches in row-major grid order. */
    public static float[] of(VideoFrame f) {
        return patches(f, PATCH);
    }

    /**
     * Descriptors of patches at every {@code stride} proxy pixels (overlapping, not only the grid's): the candidates a
     * reference patch is matched against, so that content moved by part of a patch still finds itself (motion
     * compensation for the similarity test, at the cost of (PATCH/stride)^2 times the patches).
     */
    public static float[] dense(VideoFrame f, int stride) {
        return patches(f, stride);
    }

    private static float[] patches(VideoFrame f, int stride) {
        int[] g = grid(f.width(), f.height());
        int pw = g[0] * PATCH, ph = g[1] * PATCH;
        float[] lab = proxyLab(f, pw, ph);
        int nx = (pw - PATCH) / stride + 1, ny = (ph - PATCH) / stride + 1;
        float[] out = new float[nx * ny * DIM];
        int cell = PATCH / CELLS;
        for (int gy = 0; gy < ny; gy++) {
            for (int gx = 0; gx < nx; gx++) {
                int o = (gy * nx + gx) * DIM, x0 = gx * stride, y0 = gy * stride;
                for (int cy = 0; cy < CELLS; cy++) {
                    for (int cx = 0; cx < CELLS; cx++) {
                        float l = 0, a = 0, b = 0;
                        for (int y = 0; y < cell; y++) {
                            for (int x = 0; x < cell; x++) {
                                int px = x0 + cx * cell + x, py = y0 + cy * cell + y, i = 3 * (py * pw + px);
                                l += lab[i];
                                a += lab[i + 1];
                                b += lab[i + 2];
                            }
                        }
                        float n = cell * cell;
                        int k = o + 3 * (cy * CELLS + cx);
                        out[k] = (l / n - 50f) / 50f;
                        out[k + 1] = a / n / 40f;
                        out[k + 2] = b / n / 40f;
                    }
                }
                gradients(lab, pw, x0, y0, out, o + CELLS * CELLS * 3);
            }
        }
        KeyframeKernels.normalizeRows(out, out, DIM, 0, nx * ny);
        return out;
    }

    /** Mean absolute L differences in four directions (0, 45, 90, 135 degrees) inside one patch. */
    private static void gradients(float[] lab, int pw, int x0, int y0, float[] out, int o) {
        float[] e = new float[4];
        for (int y = y0; y < y0 + PATCH - 1; y++) {
            for (int x = x0 + 1; x < x0 + PATCH - 1; x++) {
                float c = lab[3 * (y * pw + x)];
                e[0] += Math.abs(lab[3 * (y * pw + x + 1)] - c);
                e[1] += Math.abs(lab[3 * ((y + 1) * pw + x + 1)] - c);
                e[2] += Math.abs(lab[3 * ((y + 1) * pw + x)] - c);
                e[3] += Math.abs(lab[3 * ((y + 1) * pw + x - 1)] - c);
            }
        }
        float n = (PATCH - 1) * (PATCH - 2);
        for (int i = 0; i < 4; i++) {
            out[o + i] = e[i] / n / 10f;
        }
    }

    /** Box-averaged proxy of {@code pw x ph} in interleaved Lab. */
    static float[] proxyLab(VideoFrame f, int pw, int ph) {
        int w = f.width(), h = f.height(), plane = w * h;
        float[] d = f.data();
        float[] lab = new float[3 * pw * ph];
        for (int py = 0; py < ph; py++) {
            int y0 = py * h / ph, y1 = Math.max(y0 + 1, (py + 1) * h / ph);
            for (int px = 0; px < pw; px++) {
                int x0 = px * w / pw, x1 = Math.max(x0 + 1, (px + 1) * w / pw);
                float r = 0, gr = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int i = y * w + x;
                        r += d[i];
                        gr += d[plane + i];
                        b += d[2 * plane + i];
                    }
                }
                float n = (y1 - y0) * (x1 - x0);
                ColorSpaces.rgbToLab(r / n, gr / n, b / n, lab, 3 * (py * pw + px));
            }
        }
        return lab;
    }
}
