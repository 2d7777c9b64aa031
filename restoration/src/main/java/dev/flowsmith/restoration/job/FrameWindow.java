package dev.flowsmith.restoration.job;

import dev.flowsmith.media.VideoFrame;

/**
 * The frames around the one being restored, read sequentially through a ring of
 * {@code 2 * radius + 1} frames: {@code get(0)} is the current frame, {@code get(-1)} the previous
 * one, and so on; positions past either end of the video repeat the first or last frame, and
 * {@link #exists(int)} says whether a position is real. Memory is the ring, whatever the video's length.
 */
public final class FrameWindow {
    private final int radius;
    private final VideoFrame[] ring;
    private final FrameSequence reader;
    private long centre = -1;
    private long loaded = -1;       // highest frame index read into the ring
    private long last = Long.MAX_VALUE; // last frame of the video, once the reader reached the end

    public FrameWindow(FrameSequence reader, int radius) {
        this.reader = reader;
        this.radius = radius;
        this.ring = new VideoFrame[2 * radius + 1];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new VideoFrame();
        }
    }

    /** Positions the reader so that frame {@code start} can be the first centre (exact seek). */
    public void startAt(long start) {
        long from = Math.max(0, start - radius);
        reader.seek(from);
        loaded = from - 1;
        centre = start - 1;
    }

    /** Moves to the next frame; false when the video has ended. */
    public boolean advance() {
        long next = centre + 1;
        if (next > last) {
            return false;
        }
        while (loaded < next + radius && loaded < last) {
            VideoFrame slot = ring[(int) Math.floorMod(loaded + 1, (long) ring.length)];
            if (reader.read(slot)) {
                loaded++;
            } else {
                last = loaded;
            }
        }
        if (next > last) {
            return false;
        }
        centre = next;
        return true;
    }

    public int radius() {
        return radius;
    }

    /** Index of the frame being restored. */
    public long centreIndex() {
        return centre;
    }

    public boolean exists(int offset) {
        long i = centre + offset;
        return i >= 0 && i <= Math.min(last, loaded);
    }

    public VideoFrame get(int offset) {
        if (Math.abs(offset) > radius) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside radius " + radius);
        }
        long i = Math.max(0, Math.min(Math.min(last, loaded), centre + offset));
        return ring[(int) Math.floorMod(i, (long) ring.length)];
    }

    /** True once the reader hit the end and {@code index} is past it. */
    boolean isPastEnd(long index) {
        return index > last;
    }
}
