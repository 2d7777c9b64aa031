package dev.flowsmith.editing.keyframes;

/** Mean over (2r+1)^2 windows (clipped at the border) with an integral image: O(1) per pixel whatever r. */
final class BoxFilter {
    private BoxFilter() {
    }

    /** Box mean of plane {@code x[off .. off + w*h)}; writes into {@code out} (or a new array when null or too small). */
    static float[] mean(float[] x, int off, int w, int h, int r, float[] out) {
        double[] in = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int xx = 0; xx < w; xx++) {
                row += x[off + y * w + xx];
                in[(y + 1) * (w + 1) + xx + 1] = in[y * (w + 1) + xx + 1] + row;
            }
        }
        float[] o = out != null && out.length >= w * h ? out : new float[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - r), y1 = Math.min(h, y + r + 1);
            for (int xx = 0; xx < w; xx++) {
                int x0 = Math.max(0, xx - r), x1 = Math.min(w, xx + r + 1);
                double s = in[y1 * (w + 1) + x1] - in[y0 * (w + 1) + x1] - in[y1 * (w + 1) + x0] + in[y0 * (w + 1) + x0];
                o[y * w + xx] = (float) (s / ((y1 - y0) * (x1 - x0)));
            }
        }
        return o;
    }
}
