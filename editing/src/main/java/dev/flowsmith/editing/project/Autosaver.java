package dev.flowsmith.editing.project;

import dev.flowsmith.editing.command.EditHistory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes the open project to its recovery file every interval (30 s in the studio) when it changed
 * since the last autosave or save, on a background thread; the project is immutable, so the copy is
 * consistent however the user keeps editing. A save or a clean close removes the recovery file.
 */
public final class Autosaver implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private final EditHistory history;
    private final RecoveryStore store;
    private final Supplier<Path> projectFile;
    private final Consumer<ProjectException> onError;
    private final UUID untitled = UUID.randomUUID();
    private final ScheduledExecutorService timer;
    private volatile long savedRevision;
    private volatile long autosavedRevision;

    /**
     * @param projectFile where the project is saved now (null while untitled); read at each autosave
     * @param onError     told when an autosave fails (disk full ...), on the autosave thread
     */
    public Autosaver(EditHistory history, RecoveryStore store, Supplier<Path> projectFile, Duration interval,
                     Consumer<ProjectException> onError) {
        this.history = history;
        this.store = store;
        this.projectFile = projectFile;
        this.onError = onError;
        this.savedRevision = history.revision();
        this.autosavedRevision = savedRevision;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowsmith-autosave");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::autosaveIfChanged, ms, ms, TimeUnit.MILLISECONDS);
    }

    public Path recoveryFile() {
        return store.fileFor(projectFile.get(), untitled);
    }

    /** Autosaves now if there are changes; returns true when it wrote. */
    public synchronized boolean autosaveIfChanged() {
        long rev = history.revision();
        if (rev == autosavedRevision || rev == savedRevision) {
            return false;
        }
        try {
            store.save(history.current(), recoveryFile(), projectFile.get());
            autosavedRevision = rev;
            return true;
        } catch (ProjectException e) {
            onError.accept(e);
            return false;
        }
    }

    /** The user saved (or opened) the project: nothing to recover until the next change. */
    public synchronized void markSaved(Path previousFile) {
        savedRevision = history.revision();
        autosavedRevision = savedRevision;
        store.discard(store.fileFor(previousFile, untitled));
        store.discard(recoveryFile());
    }

    public boolean hasUnsavedChanges() {
        return history.revision() != savedRevision;
    }

    /** Stops autosaving; with {@code clean} the recovery file goes too (the user closed deliberately). */
    public void close(boolean clean) {
        timer.shutdownNow();
        if (clean) {
            store.discard(recoveryFile());
        }
    }

    @Override
    public void close() {
        close(true);
    }
}
