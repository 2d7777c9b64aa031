package dev.flowsmith.media;

/**
 * A decoded picture inside the engine: planar float RGB {@code [3][height][width]} flattened
 * (R plane, then G, then B), values 0..1, with its index in the stream and its presentation
 * timestamp both in stream ticks ({@link #pts()} times {@link #timeBase()}) and in microseconds.
 * Frames are reused by readers: copy one ({@link #copy()}) before keeping it past the next read.
 */
public final class VideoFrame {
    private int width;
    private int height;
    private float[] data = new float[0];
    private long index;
    private long pts;
    private Rational timeBase = new Rational(1, 1_000_000);

    public VideoFrame() {
    }

    public VideoFrame(int width, int height) {
        resize(width, height);
    }

    /** Makes room for {@code width x height}, reallocating only when the size grows. */
    public void resize(int width, int height) {
        this.width = width;
        this.height = height;
        int n = 3 * width * height;
        if (data.length != n) {
            data = new float[n];
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The planar RGB samples; length {@code 3*width*height}. */
    public float[] data() {
        return data;
    }

    /** Sample of channel {@code c} (0 R, 1 G, 2 B) at (x, y). */
    public float get(int c, int x, int y) {
        return data[(c * height + y) * width + x];
    }

    public long index() {
        return index;
    }

    public long pts() {
        return pts;
    }

    public Rational timeBase() {
        return timeBase;
    }

    public long timestampMicros() {
        return Math.round(pts * 1e6 * timeBase.num() / timeBase.den());
    }

    public void setPosition(long index, long pts, Rational timeBase) {
        this.index = index;
        this.pts = pts;
        this.timeBase = timeBase;
    }

    public VideoFrame copy() {
        VideoFrame f = new VideoFrame(width, height);
        System.arraycopy(data, 0, f.data, 0, data.length);
        f.setPosition(index, pts, timeBase);
        return f;
    }
}
