package dev.flowsmith.restoration.ncnn;

/**
 * A blob of an ncnn graph: {@code c} planes of {@code h x w} floats, planar (CHW), batch 1, as ncnn's
 * 3-D Mat. Blobs with fewer dimensions (a vector from InnerProduct) use h = w = 1.
 */
public record Mat(int c, int h, int w, float[] data) {
    public Mat {
        if (c < 1 || h < 1 || w < 1 || data.length != (long) c * h * w) {
            throw new IllegalArgumentException("blob " + c + "x" + h + "x" + w + " with " + data.length + " values");
        }
    }

    public static Mat zeros(int c, int h, int w) {
        return new Mat(c, h, w, new float[Math.multiplyExact(Math.multiplyExact(c, h), w)]);
    }

    public static Mat filled(int c, int h, int w, float v) {
        Mat m = zeros(c, h, w);
        java.util.Arrays.fill(m.data, v);
        return m;
    }

    public int plane() {
        return h * w;
    }

    public float at(int ch, int y, int x) {
        return data[(ch * h + y) * w + x];
    }

    public String shape() {
        return c + "x" + h + "x" + w;
    }
}
