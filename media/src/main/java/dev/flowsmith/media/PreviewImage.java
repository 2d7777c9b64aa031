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
