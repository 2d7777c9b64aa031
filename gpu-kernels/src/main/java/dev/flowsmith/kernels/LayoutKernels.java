package dev.flowsmith.kernels;

/**
 * Data movement and per-column arithmetic of transformer layers: head split/merge is a swap of two
 * axes, adaLN-Zero's gated residual is a column-scaled add.
 */
public final class LayoutKernels {
    private LayoutKernels() {
    }

    /**
     * {@code out[bi][j][i][t] = in[bi][i][j][t]} for in of shape [batch][a][b][c] (e.g. tokens [n][heads][d]
     * to heads [heads][n][d] with a = n, b = heads). Parallel index: a row {@code (bi * a + i) * b + j} of c values.
     */
    public static void swapAxes(float[] in, float[] out, int a, int b, int c, int from, int to) {
        for (int r = from; r < to; r++) {
            int j = r % b, i = (r / b) % a, bi = r / (a * b);
            System.arraycopy(in, r * c, out, ((bi * b + j) * a + i) * c, c);
        }
    }

    /** {@code x[r][col] += y[r][col] * gate[col]} (adaLN-Zero's gated residual). Parallel index: row r. */
    public static void addScaledColumns(float[] x, float[] y, float[] gate, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                x[o + j] += y[o + j] * gate[j];
            }
        }
    }

    /** {@code out[outOff + e] = in[inOff + e]} (channel concatenation, key/value pooling). Parallel index: element e. */
    public static void copy(float[] in, int inOff, float[] out, int outOff, int from, int to) {
        System.arraycopy(in, inOff + from, out, outOff + from, to - from);
    }
}
