package dev.flowsmith.media;

import dev.flowsmith.media.color.DisplayOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Playback decoding: a worker thread decodes display frames ahead of the playhead into a bounded
 * queue, and the presentation clock takes the frame it is due with {@link #frameFor}. Forward play
 * decodes in order; reverse play decodes the file in chunks of {@link #REVERSE_CHUNK} frames (an
 * exact seek to the chunk's start, then forward decoding), cached and handed out last frame first,
 * which is what a GOP cache does without knowing the GOP. A frame that is not on screen at the pulse
 * where it is due (skipped, or late) counts as dropped. Memory: the queue's capacity (plus a reverse chunk) of frames.
 * <p>
 * Threads: one worker per instance; {@link #frameFor}, {@link #release} and {@link #dropped} are
 * for one consumer thread (the FX thread, or a benchmark's clock).
 */
public final class DecodeAhead implements AutoCloseable {
    public static final int REVERSE_CHUNK = 24;
    private final Path file;
    private final int maxWidth;
    private final int maxHeight;
    private final DisplayOptions display;
    private final BlockingQueue<PreviewImage> ready;
    private final BlockingQueue<PreviewImage> free;
    private final Thread worker;
    private final long startFrame;
    private final int direction;
    private volatile boolean closed;
    private volatile String error;
    private volatile boolean ended;
    private long lastShown = -1;
    private long lastDueN = Long.MIN_VALUE;
    private long dropped;
    private long presented;

    /**
     * Starts decoding {@code file} from {@code startFrame} in {@code direction} (1 forward, -1 reverse),
     * frames fitted into {@code maxWidth x maxHeight}, up to {@code capacity} ready at once.
     */
    public DecodeAhead(Path file, long startFrame, int direction, int maxWidth, int maxHeight, DisplayOptions display,
                       int capacity) {
        if (direction != 1 && direction != -1) {
            throw new IllegalArgumentException("direction " + direction);
        }
        if (capacity < 2 || capacity > 256) {
            throw new IllegalArgumentException("capacity " + capacity + " (2-256)");
        }
        this.file = file;
        this.startFrame = Math.max(0, startFrame);
        this.direction = direction;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.display = display;
        int pool = capacity + (direction < 0 ? REVERSE_CHUNK : 0) + 2;
        ready = new ArrayBlockingQueue<>(pool);
        free = new ArrayBlockingQueue<>(pool);
        for (int i = 0; i < pool; i++) {
            free.add(new PreviewImage());
        }
        worker = new Thread(this::decode, "flowsmith-decode-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void decode() {
        try (VideoReader r = VideoReader.open(file)) {
            long count = r.info().frameCount();
            if (direction > 0) {
                if (startFrame > 0) {
                    r.seek(startFrame);
                }
                while (!closed) {
                    PreviewImage img = free.poll(100, TimeUnit.MILLISECONDS);
                    if (img == null) {
                        continue;
                    }
                    if (!r.readPreview(img, maxWidth, maxHeight, display)) {
                        free.add(img);
                        break;
                    }
                    ready.put(img);
                }
            } else {
                long end = Math.min(startFrame, Math.max(0, count - 1));
                List<PreviewImage> chunk = new ArrayList<>();
                while (!closed && end >= 0) {
                    long from = Math.max(0, end - REVERSE_CHUNK + 1);
                    r.seek(from);
                    for (long i = from; i <= end && !closed; i++) {
                        PreviewImage img = free.take();
                        if (!r.readPreview(img, maxWidth, maxHeight, display)) {
                            free.add(img);
                            break;
                        }
                        chunk.add(img);
                    }
                    for (int i = chunk.size() - 1; i >= 0 && !closed; i--) {
                        ready.put(chunk.get(i));
                    }
                    chunk.clear();
                    end = from - 1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MediaException e) {
            error = e.userMessage();
        } catch (IndexOutOfBoundsException e) {
            // started past the end: nothing to play
        } finally {
            ended = true;
        }
    }

    /**
     * The frame to present when frame {@code due} is due: the latest decoded frame not past it (in the
     * playing direction), or null when none is newer than what was presented last. Frames skipped on
     * the way are recycled. Give the frame back with {@link #release} once shown.
     */
    public PreviewImage frameFor(long due) {
        return frameFor(due, due);
    }

    /**
     * As {@link #frameFor(long)}, but presenting nothing past {@code upTo} (compare mode: the side that is
     * ahead waits for the other, so both show the same frame). Every frame index the clock passes that is
     * not on screen exactly when it is due (skipped, late, or held back) counts as dropped.
     */
    public PreviewImage frameFor(long due, long upTo) {
        PreviewImage best = null;
        while (true) {
            PreviewImage head = ready.peek();
            if (head == null || (direction > 0 ? head.index() > upTo : head.index() < upTo)) {
                break;
            }
            ready.poll();
            if (best != null) {
                free.offer(best);
            }
            best = head;
        }
        long dueN = direction * due;
        if (lastDueN == Long.MIN_VALUE) {
            lastDueN = direction * startFrame - 1;
        }
        if (dueN > lastDueN) {
            boolean onTime = best != null && best.index() == due;
            dropped += dueN - lastDueN - (onTime ? 1 : 0);
            lastDueN = dueN;
        }
        if (best == null) {
            return null;
        }
        lastShown = best.index();
        presented++;
        return best;
    }

    /** The newest decoded frame index not past {@code due}, without taking it; -1 when none. */
    public long available(long due) {
        long best = -1;
        for (PreviewImage p : ready) {
            if (direction > 0 ? p.index() > due : p.index() < due) {
                break;
            }
            best = p.index();
        }
        return best;
    }

    /** The index last presented, -1 before the first. */
    public long lastShown() {
        return lastShown;
    }

    /** Returns a presented frame to the pool (after its pixels were copied). */
    public void release(PreviewImage shown) {
        if (shown != null) {
            free.offer(shown);
        }
    }

    /** Frames not on screen when they were due (skipped or late), since the start. */
    public long dropped() {
        return dropped;
    }

    public long presented() {
        return presented;
    }

    /** Frames decoded and waiting. */
    public int buffered() {
        return ready.size();
    }

    /** True once the worker reached the end (or the start, playing backwards) and everything was taken. */
    public boolean finished() {
        return ended && ready.isEmpty();
    }

    /** Why decoding stopped early, in words, or null. */
    public String error() {
        return error;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
