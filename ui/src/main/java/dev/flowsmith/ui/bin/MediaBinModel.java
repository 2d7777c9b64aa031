package dev.flowsmith.ui.bin;

import dev.flowsmith.ui.common.FxImages;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;

import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ThumbnailExtractor;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The media bin's items. Importing adds an item per file at once (LOADING) and probes and
 * thumbnails them on two background threads, so hundreds of files never block the FX thread;
 * damaged or unsupported files end up FAILED with the engine's sentence. Folders are searched for
 * media files; a file dropped by itself is tried whatever its name.
 */
public final class MediaBinModel implements AutoCloseable {
    public static final Set<String> MEDIA_EXTENSIONS = Set.of("mp4", "mov", "m4v", "mkv", "webm", "avi", "flv", "ts", "mts",
            "m2ts", "3gp", "mpg", "mpeg", "mxf", "wmv", "ogv");
    private final ObservableList<MediaItem> items = FXCollections.observableArrayList();
    private final JobQueueModel jobs;
    private final ExecutorService probes = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "flowsmith-import");
        t.setDaemon(true);
        return t;
    });

    private volatile java.util.function.Consumer<MediaItem> onReady = i -> { };

    public MediaBinModel(JobQueueModel jobs) {
        this.jobs = jobs;
    }

    /** Called on the FX thread when an item has been probed (the project takes it into its bin). */
    public void setOnReady(java.util.function.Consumer<MediaItem> r) {
        onReady = r;
    }

    public ObservableList<MediaItem> items() {
        return items;
    }

    /** Adds files and folders (FX thread). Returns the new items. */
    public List<MediaItem> importPaths(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(MediaBinModel::looksLikeMedia).sorted().forEach(files::add);
                } catch (IOException e) {
                    MediaItem broken = new MediaItem(p);
                    broken.failed("The folder could not be read: " + e.getMessage());
                    items.add(broken);
                }
            } else {
                files.add(p);
            }
        }
        List<MediaItem> added = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            if (items.stream().anyMatch(i -> i.path().equals(abs))) {
                continue;
            }
            MediaItem item = new MediaItem(abs);
            items.add(item);
            added.add(item);
        }
        if (added.isEmpty()) {
            return added;
        }
        JobModel job = added.size() > 1 ? jobs.track("Import " + added.size() + " files") : null;
        AtomicInteger done = new AtomicInteger();
        for (MediaItem item : added) {
            probes.submit(() -> {
                try {
                    load(item);
                } finally {
                    done.incrementAndGet(); // counted even when the probe failed, so the job always ends
                    if (job != null) {
                        // read the count on the FX thread: two probes finishing together post their updates in either
                        // order, and a stale "1/2 files" must never follow "2 files probed"
                        Platform.runLater(() -> {
                            int n = done.get();
                            if (job.state() != JobModel.State.RUNNING) {
                                return;
                            }
                            if (n == added.size()) {
                                job.done(null, n + " files probed");
                            } else {
                                job.progress((double) n / added.size(), n + "/" + added.size() + " files");
                            }
                        });
                    }
                }
            });
        }
        return added;
    }

    private void load(MediaItem item) {
        try {
            MediaInfo info = MediaProbe.probe(item.path());
            Image thumb = info.video().isPresent()
                    ? FxImages.toFx(ThumbnailExtractor.extract(item.path(), 1, 72).get(0)) : null;
            Platform.runLater(() -> {
                item.ready(info, thumb);
                onReady.accept(item);
            });
        } catch (MediaException e) {
            Platform.runLater(() -> item.failed(e.userMessage()));
        } catch (RuntimeException | LinkageError e) {
            Platform.runLater(() -> item.failed("Flowsmith could not read this file (an internal problem; run the studio "
                    + "with FLOWSMITH_DEBUG=1 for details)."));
        }
    }

    static boolean looksLikeMedia(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && MEDIA_EXTENSIONS.contains(n.substring(dot + 1));
    }

    public void remove(MediaItem item) {
        items.remove(item);
    }

    /** A file of the project that is missing on disk: shown as failed, with what to do. */
    public MediaItem addMissing(Path p, String folder) {
        MediaItem item = new MediaItem(p);
        item.folderProperty().set(folder);
        item.failed("The file is missing: File > Relink Media finds it in another folder.");
        items.add(item);
        return item;
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
