package dev.flowsmith.kernels;

/**
 * Video scopes of a displayed frame: luma waveform, RGB parade, histograms and the vectorscope.
 * Pixels are packed {@code 0xAARRGGBB} ints (display R'G'B', 8 bits). Luma and chroma use the BT.709
 * weights on R'G'B' (what Resolve's and Premiere's scopes show for Rec.709 work). Every kernel writes
 * only outputs its own parallel index owns (no atomics), so the same loop runs as one GPU work-item;
 * the scatter-style scopes accumulate per-chunk partials that {@link #sumPartials} adds up.
 */
public final class ScopeKernels {
    /** Levels per scope column: one per 8-bit code. */
    public static final int LEVELS = 256;

    private ScopeKernels() {
    }

    static int luma(int p) {
        int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
        return (2126 * r + 7152 * g + 722 * b + 5000) / 10000;
    }

    /** out[x][LEVELS]: how many pixels of column x have each luma level. Parallel index: x. */
    public static void waveform(int[] rgb, int w, int h, int[] out, int from, int to) {
        for (int x = from; x < to; x++) {
            int o = x * LEVELS;
            for (int l = 0; l < LEVELS; l++) {
                out[o + l] = 0;
            }
            for (int y = 0; y < h; y++) {
                out[o + luma(rgb[y * w + x])]++;
            }
        }
    }

    /**
     * out[c][x][LEVELS] for c = 0 red, 1 green, 2 blue: the waveform of each channel side by side.
     * Parallel index: c * w + x.
     */
    public static void parade(int[] rgb, int w, int h, int[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = i / w, x = i % w, shift = 16 - 8 * c, o = i * LEVELS;
            for (int l = 0; l < LEVELS; l++) {
                out[o + l] = 0;
            }
            for (int y = 0; y < h; y++) {
                out[o + ((rgb[y * w + x] >> shift) & 255)]++;
            }
        }
    }

    /**
     * Histograms of rows [chunk * rowsPerChunk, ...): partial[chunk][4][LEVELS] (red, green, blue,
     * luma). Parallel index: chunk.
     */
    public static void histogramPartial(int[] rgb, int w, int h, int rowsPerChunk, int[] partial, int from, int to) {
        for (int chunk = from; chunk < to; chunk++) {
            int o = chunk * 4 * LEVELS;
            for (int l = 0; l < 4 * LEVELS; l++) {
                partial[o + l] = 0;
            }
            int y1 = Math.min(h, (chunk + 1) * rowsPerChunk);
            for (int y = chunk * rowsPerChunk; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int p = rgb[y * w + x];
                    partial[o + ((p >> 16) & 255)]++;
                    partial[o + LEVELS + ((p >> 8) & 255)]++;
                    partial[o + 2 * LEVELS + (p & 255)]++;
                    partial[o + 3 * LEVELS + luma(p)]++;
                }
            }
        }
    }

    /**
     * Vectorscope of rows [chunk * rowsPerChunk, ...): partial[chunk][size][size], BT.709 Cb to the
     * right, Cr up, the centre at size/2, full scale (|Cb| or |Cr| = 0.5) at the edge.
     * Parallel index: chunk.
     */
    public static void vectorscopePartial(int[] rgb, int w, int h, int rowsPerChunk, int size, int[] partial,
                                          int from, int to) {
        for (int chunk = from; chunk < to; chunk++) {
            int o = chunk * size * size;
            for (int l = 0; l < size * size; l++) {
                partial[o + l] = 0;
            }
            int y1 = Math.min(h, (chunk + 1) * rowsPerChunk);
            for (int y = chunk * rowsPerChunk; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int p = rgb[y * w + x];
                    float r = ((p >> 16) & 255) / 255f, g = ((p >> 8) & 255) / 255f, b = (p & 255) / 255f;
                    float cb = -0.1146f * r - 0.3854f * g + 0.5f * b;
                    float cr = 0.5f * r - 0.4542f * g - 0.0458f * b;
                    int u = Math.min(size - 1, Math.max(0, (int) ((cb + 0.5f) * size)));
                    int v = Math.min(size - 1, Math.max(0, (int) ((0.5f - cr) * size)));
                    partial[o + v * size + u]++;
                }
            }
        }
    }

    /** out[i] = sum over chunks of partial[chunk][i]. Parallel index: i. */
    public static void sumPartials(int[] partial, int chunks, int n, int[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            int s = 0;
            for (int c = 0; c < chunks; c++) {
                s += partial[c * n + i];
            }
            out[i] = s;
        }
    }
}
