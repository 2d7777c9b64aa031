package dev.flowsmith.ui;

import dev.flowsmith.media.MediaException;
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
 * Decodes preview frames of one file on its own worker thread. Requests are coalesced: while a frame
 * is being decoded, newer requests replace older ones, so scrubbing never queues work. The next
 * frame in order is decoded directly; any other index is an exact seek. Results reach the FX thread
 * through {@code Platform.runLater}, as copies.
 */
final class FrameSource implements AutoCloseable {
    private final ExecutorService worker;
    private final Consumer<PreviewImage> onFrame;
    private final Consumer<String> onError;
    private final AtomicLong wanted = new AtomicLong(-1);
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile int maxWidth = 1280, maxHeight = 720;
    // worker-thread state
    private VideoReader reader;
    private final PreviewImage image = new PreviewImage();

    FrameSource(String name, Consumer<PreviewImage> onFrame, Consumer<String> onError) {
        this.onFrame = onFrame;
        this.onError = onError;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flowsmith-preview-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a file (replacing the current one) and shows its first frame. */
    void open(Path path) {
        worker.submit(() -> {
            closeReader();
            try {
                reader = VideoReader.open(path);
            } catch (MediaException e) {
                Platform.runLater(() -> onError.accept(e.userMessage()));
                return;
            }
            wanted.set(0);
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
        if (scheduled.compareAndSet(false, true)) {
            worker.submit(() -> {
                scheduled.set(false);
                serve();
            });
        }
    }

    private void serve() {
        while (pending.getAndSet(false)) {
            long want = wanted.get();
            if (reader == null || want < 0) {
                return;
            }
            try {
                if (want != reader.position()) {
                    reader.seek(want);
                }
                if (reader.readPreview(image, maxWidth, maxHeight)) {
                    PreviewImage copy = image.copy();
                    Platform.runLater(() -> onFrame.accept(copy));
                }
            } catch (IndexOutOfBoundsException e) {
                // past the end: nothing to show
            } catch (MediaException e) {
                Platform.runLater(() -> onError.accept(e.userMessage()));
            }
        }
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() {
        worker.submit(this::closeReader);
        worker.shutdown();
    }
}
