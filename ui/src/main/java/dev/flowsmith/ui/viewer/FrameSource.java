package dev.flowsmith.ui.viewer;

import dev.flowsmith.ui.common.ReaderPool;

import dev.flowsmith.media.DecodeAhead;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.color.DisplayOptions;
import dev.flowsmith.media.PreviewImage;
import dev.flowsmith.media.VideoReader;
import javafx.application.Platform;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Decodes preview frames on its own worker thread, of one file or of a timeline (a {@link Mapping}
 * from a frame index to a file and its frame; a few readers stay open, so cuts between files do not
 * reopen them). Requests are coalesced: while a frame is being decoded, newer requests replace older
 * ones, so scrubbing never queues work. The next frame in order is decoded directly; any other index
 * is an exact seek. Results reach the FX thread through {@code Platform.runLater}, as copies.
 */
final class FrameSource implements AutoCloseable {
    /** Which file and frame show as frame {@code index}; null for black (a gap). Called on the worker. */
    interface Mapping {
        Target map(long index);
    }

    /** A file's frame, or (path null) a picture {@code composer} draws, such as a composited timeline frame. */
    record Target(Path path, long frame, Composer composer) {
        Target(Path path, long frame) {
            this(path, frame, null);
        }
    }

    /** Draws a picture on the worker thread, fitted to the preview's size. */
    interface Composer {
        PreviewImage compose(long index, int maxWidth, int maxHeight);
    }

    private static final int OPEN_READERS = 4;
    private final ExecutorService worker;
    private final Consumer<PreviewImage> onFrame;
    private final Consumer<String> onError;
    private final AtomicLong wanted = new AtomicLong(-1);
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile int maxWidth = 1280, maxHeight = 720;
    // worker-thread state
    private volatile Mapping mapping;
    private final ReaderPool readers = new ReaderPool(OPEN_READERS);
    private final PreviewImage image = new PreviewImage();
    private volatile DisplayOptions display = DisplayOptions.DEFAULT;
    /** The one file shown (null for a timeline): what playback can decode ahead. */
    private volatile Path singleFile;
    // FX-thread playback state
    private DecodeAhead ahead;

    FrameSource(String name, Consumer<PreviewImage> onFrame, Consumer<String> onError) {
        this.onFrame = onFrame;
        this.onError = onError;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flowsmith-preview-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a file (replacing what was shown) and shows its first frame. */
    void open(Path path) {
        stopPlayback();
        show(i -> new Target(path, i), 0);
        singleFile = path;
    }

    /** The display conversion (raw signal or tone-mapped) for the next frames. */
    void setDisplay(DisplayOptions d) {
        display = d;
    }

    /**
     * Starts decoding ahead from {@code index} in {@code direction} for playback (FX thread). False when
     * this source shows a timeline, which plays through frame requests instead.
     */
    boolean startPlayback(long index, int direction) {
        stopPlayback();
        Path f = singleFile;
        if (f == null) {
            return false;
        }
        ahead = new DecodeAhead(f, Math.max(0, index), direction, maxWidth, maxHeight, display, 8);
        return true;
    }

    boolean playing() {
        return ahead != null;
    }

    /** The frame due now from the decode-ahead queue (null: nothing newer yet). Hand it back with {@link #release}. */
    PreviewImage due(long index) {
        return ahead == null ? null : ahead.frameFor(index);
    }

    /** As {@link #due(long)}, presenting nothing past {@code upTo} (the other compare side is behind). */
    PreviewImage due(long index, long upTo) {
        return ahead == null ? null : ahead.frameFor(index, upTo);
    }

    /** The newest decoded index not past {@code index}, -1 when none. */
    long available(long index) {
        return ahead == null ? -1 : ahead.available(index);
    }

    void release(PreviewImage p) {
        if (ahead != null) {
            ahead.release(p);
        }
    }

    /** True when playback decoding reached the end of this file and everything was shown. */
    boolean ended() {
        return ahead != null && ahead.finished();
    }

    long dropped() {
        return ahead == null ? 0 : ahead.dropped();
    }

    void stopPlayback() {
        if (ahead != null) {
            DecodeAhead old = ahead;
            ahead = null;
            Thread t = new Thread(old::close, "flowsmith-decode-ahead-close"); // joining could stall the FX thread
            t.setDaemon(true);
            t.start();
        }
    }

    /** Shows frames through {@code m} (a timeline), starting at {@code first}. */
    void show(Mapping m, long first) {
        singleFile = null;
        if (worker.isShutdown()) {
            return; // the view was disposed
        }
        worker.submit(() -> {
            mapping = m;
            wanted.set(first);
            pending.set(true);
            serve();
        });
    }

    void setMaxSize(int w, int h) {
        maxWidth = w;
        maxHeight = h;
    }

    /** Asks for frame {@code index}; only the latest request counts. */
    void request(long index) {
        wanted.set(index);
        pending.set(true);
        if (!worker.isShutdown() && scheduled.compareAndSet(false, true)) {
            worker.submit(() -> {
                scheduled.set(false);
                serve();
            });
        }
    }

    private void serve() {
        while (pending.getAndSet(false)) {
            long want = wanted.get();
            Mapping m = mapping;
            if (m == null || want < 0) {
                return;
            }
            try {
                Target t = m.map(want);
                if (t == null) {
                    PreviewImage black = PreviewImage.black(Math.max(2, image.width()), Math.max(2, image.height()), want);
                    Platform.runLater(() -> onFrame.accept(black));
                    continue;
                }
                if (t.composer() != null) {
                    PreviewImage composed = t.composer().compose(t.frame(), maxWidth, maxHeight);
                    PreviewImage shown = composed.copyAs(want);
                    Platform.runLater(() -> onFrame.accept(shown));
                    continue;
                }
                VideoReader reader = readers.get(t.path());
                if (t.frame() != reader.position()) {
                    reader.seek(t.frame());
                }
                if (reader.readPreview(image, maxWidth, maxHeight, display)) {
                    PreviewImage copy = image.copyAs(want);
                    Platform.runLater(() -> onFrame.accept(copy));
                }
            } catch (IndexOutOfBoundsException e) {
                // past the end: nothing to show
            } catch (MediaException e) {
                Platform.runLater(() -> onError.accept(e.userMessage()));
            }
        }
    }

    private void closeReaders() {
        readers.close();
    }

    @Override
    public void close() {
        stopPlayback();
        if (!worker.isShutdown()) { // closing twice (window hidden twice) is harmless
            worker.submit(this::closeReaders);
            worker.shutdown();
        }
    }
}
