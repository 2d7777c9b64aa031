package dev.flowsmith.ui.common;

import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.PreviewImage;
import dev.flowsmith.media.VideoReader;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Small pictures of source files at whole seconds, for the clips on the timeline. {@link #get} answers
 * at once from memory or returns null and queues the picture; one worker thread decodes the newest
 * requests first (what is on screen now), with a few files kept open, and tells the timeline to
 * redraw when pictures arrive. Memory is bounded (least recently used pictures are dropped).
 */
public final class ThumbnailCache implements AutoCloseable {
    static final int WIDTH = 96, HEIGHT = 54;
    private static final int MAX_IMAGES = 1500;
    private record Key(Path path, long second) {
    }

    private final Map<Key, Image> images = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Image> e) {
            return size() > MAX_IMAGES;
        }
    };
    private final Set<Key> queued = new HashSet<>();
    private final LinkedBlockingDeque<Key> requests = new LinkedBlockingDeque<>();
    private final Runnable onReady;
    private final Thread worker;
    private final ReaderPool readers = new ReaderPool(3);
    private final Map<Path, Double> fps = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    public ThumbnailCache(Runnable onReady) {
        this.onReady = onReady;
        worker = new Thread(this::work, "flowsmith-thumbnails");
        worker.setDaemon(true);
        worker.start();
    }

    /** The picture of {@code path} at {@code second}, or null while it is being made. FX thread. */
    public Image get(Path path, long second, double rate) {
        Key k = new Key(path, second);
        Image img = images.get(k);
        if (img == null && queued.add(k)) {
            fps.putIfAbsent(path, rate);
            requests.addFirst(k);
            if (requests.size() > 200) {
                Key dropped = requests.pollLast(); // far off screen by now
                if (dropped != null) {
                    queued.remove(dropped);
                }
            }
        }
        return img;
    }

    private void work() {
        PreviewImage pic = new PreviewImage();
        while (!closed) {
            Key k;
            try {
                k = requests.takeFirst();
            } catch (InterruptedException e) {
                break;
            }
            WritableImage img = null;
            try {
                VideoReader r = readers.get(k.path());
                long frame = Math.round(k.second() * fps.getOrDefault(k.path(), 30.0));
                r.seek(Math.min(frame, Math.max(0, r.info().frameCount() - 1)));
                if (r.readPreview(pic, WIDTH, HEIGHT)) {
                    img = new WritableImage(pic.width(), pic.height());
                    img.getPixelWriter().setPixels(0, 0, pic.width(), pic.height(), PixelFormat.getByteBgraPreInstance(),
                            pic.bgra(), 0, pic.width() * 4);
                }
            } catch (MediaException | IndexOutOfBoundsException e) {
                // no picture for this one: the clip is drawn without it
            }
            WritableImage done = img;
            Platform.runLater(() -> {
                queued.remove(k);
                if (done != null) {
                    images.put(k, done);
                    onReady.run();
                }
            });
        }
        readers.close();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
