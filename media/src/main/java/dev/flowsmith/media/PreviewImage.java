package dev.flowsmith.media;

/**
 * A decoded picture for display: premultiplied-alpha BGRA bytes (opaque), scaled to fit a box and
 * turned upright, with its frame index and time. Reused by {@link VideoReader#readPreview}; the UI
 * copies the bytes into its own pixel buffer.
 */
public final class PreviewImage {
    private int width;
    private int height;
    private byte[] bgra = new byte[0];
    private long index;
    private long timestampMicros;
    private String colorNote = "";

    void resize(int w, int h) {
        width = w;
        height = h;
        if (bgra.length != 4 * w * h) {
            bgra = new byte[4 * w * h];
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Row-major BGRA, 4 bytes per pixel, no padding. */
    public byte[] bgra() {
        return bgra;
    }

    public long index() {
        return index;
    }

    public long timestampMicros() {
        return timestampMicros;
    }

    /** How the picture's colours were made for display, in words ("PQ tone-mapped to SDR (BT.2390) · ..."). */
    public String colorNote() {
        return colorNote;
    }

    void setColorNote(String note) {
        colorNote = note;
    }

    void setPosition(long index, long micros) {
        this.index = index;
        this.timestampMicros = micros;
    }

    /** A copy that the next read does not overwrite. */
    public PreviewImage copy() {
        PreviewImage p = new PreviewImage();
        p.resize(width, height);
        System.arraycopy(bgra, 0, p.bgra, 0, bgra.length);
        p.setPosition(index, timestampMicros);
        p.colorNote = colorNote;
        return p;
    }

    /** A copy shown as frame {@code newIndex} of something else (a timeline playing this file). */
    public PreviewImage copyAs(long newIndex) {
        PreviewImage p = copy();
        p.setPosition(newIndex, timestampMicros);
        return p;
    }

    /**
     * A picture made inside the engine (a composited timeline frame), float RGB 0..1, as display bytes scaled to fit
     * {@code maxWidth x maxHeight} (area average when shrinking), shown as frame {@code index}.
     */
    public static PreviewImage of(VideoFrame f, int maxWidth, int maxHeight, long index) {
        int w = f.width(), h = f.height();
        double s = Math.min(1, Math.min((double) maxWidth / w, (double) maxHeight / h));
        int ow = Math.max(1, (int) Math.round(w * s)), oh = Math.max(1, (int) Math.round(h * s));
        PreviewImage p = new PreviewImage();
        p.resize(ow, oh);
        float[] d = f.data();
        int n = w * h;
        for (int y = 0; y < oh; y++) {
            int y0 = y * h / oh, y1 = Math.max(y0 + 1, (y + 1) * h / oh);
            for (int x = 0; x < ow; x++) {
                int x0 = x * w / ow, x1 = Math.max(x0 + 1, (x + 1) * w / ow);
                float r = 0, g = 0, b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int i = yy * w + xx;
                        r += d[i];
                        g += d[n + i];
                        b += d[2 * n + i];
                    }
                }
                float a = 1f / ((y1 - y0) * (x1 - x0));
                int o = 4 * (y * ow + x);
                p.bgra[o] = byteOf(b * a);
                p.bgra[o + 1] = byteOf(g * a);
                p.bgra[o + 2] = byteOf(r * a);
                p.bgra[o + 3] = (byte) 0xff;
            }
        }
        p.setPosition(index, f.timestampMicros());
        return p;
    }

    private static byte byteOf(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** An opaque black picture (a gap in a timeline). */
    public static PreviewImage black(int w, int h, long index) {
        PreviewImage p = new PreviewImage();
        p.resize(w, h);
        for (int i = 3; i < p.bgra.length; i += 4) {
            p.bgra[i] = (byte) 0xff;
        }
        p.setPosition(index, 0);
        return p;
    }
}
