package dev.flowsmith.ui;

import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.timeline.TimelineModel;

import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.project.Autosaver;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.project.RecoveryStore;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The open project as a document: which file it is, whether it has unsaved changes, New / Open / Save
 * / Save As, the recent-projects list (in the studio settings), and autosave to the recovery folder
 * with the offer to recover after a crash. A project that fails to open is never made the current
 * file, so nothing can overwrite it by accident.
 */
public final class ProjectSession implements AutoCloseable {
    private static final int RECENT = 8;
    private final TimelineModel timeline;
    private final StudioSettings settings;
    private final RecoveryStore recovery;
    private final Duration interval;
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper autosaveError = new ReadOnlyStringWrapper("");
    private Autosaver autosaver;

    public ProjectSession(TimelineModel timeline, StudioSettings settings, RecoveryStore recovery, Duration interval) {
        this.timeline = timeline;
        this.settings = settings;
        this.recovery = recovery;
        this.interval = interval;
        startAutosave();
        timeline.projectProperty().addListener((o, a, b) -> dirty.set(autosaver.hasUnsavedChanges()));
    }

    private void startAutosave() {
        autosaver = new Autosaver(timeline.history(), recovery, file::get, interval,
                e -> Platform.runLater(() -> autosaveError.set("Autosave failed: " + e.userMessage())));
    }

    public void newProject() {
        autosaver.close(true);
        file.set(null);
        timeline.load(Project.empty(ProjectSettings.DEFAULT));
        startAutosave();
        dirty.set(false);
    }

    /** Opens a project file; on failure the current project stays as it is and the exception says why. */
    public ProjectFile.Loaded open(Path path) {
        ProjectFile.Loaded l = ProjectFile.load(path);
        autosaver.close(true);
        file.set(l.file());
        timeline.load(l.project());
        startAutosave();
        dirty.set(false);
        remember(l.file());
        return l;
    }

    public void save() {
        if (file.get() == null) {
            throw new IllegalStateException("untitled project: use saveAs");
        }
        saveAs(file.get());
    }

    public void saveAs(Path target) {
        Path before = file.get();
        Path saved = ProjectFile.save(timeline.project(), target);
        file.set(saved);
        autosaver.markSaved(before);
        dirty.set(false);
        remember(saved);
    }

    /** Autosaves now (the timer does this every interval). */
    public boolean autosaveNow() {
        return autosaver.autosaveIfChanged();
    }

    public List<RecoveryStore.Entry> recoverable() {
        return recovery.list();
    }

    /** Takes an autosaved version as the current, unsaved project (its file, if it had one, stays the target). */
    public void recover(RecoveryStore.Entry e) {
        ProjectFile.Loaded l = ProjectFile.load(e.file());
        autosaver.close(true);
        file.set(e.project());
        recovery.discard(e.file());
        startAutosave();
        timeline.load(l.project()); // after the autosaver starts, so the recovered state counts as unsaved
        dirty.set(true);
    }

    public boolean hasUnsavedChanges() {
        return autosaver.hasUnsavedChanges();
    }

    public void discard(RecoveryStore.Entry e) {
        recovery.discard(e.file());
    }

    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        for (String s : settings.get("recent.projects", "").split("\n")) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    private void remember(Path p) {
        List<Path> r = new ArrayList<>(recent());
        r.remove(p);
        r.add(0, p);
        settings.put("recent.projects", String.join("\n", r.subList(0, Math.min(RECENT, r.size())).stream().map(Path::toString).toList()));
        settings.save();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty autosaveErrorProperty() {
        return autosaveError.getReadOnlyProperty();
    }

    /** A deliberate close: no recovery file is left. */
    @Override
    public void close() {
        autosaver.close(true);
    }

    /** Used by tests to simulate a crash: stops autosaving but leaves the recovery file. */
    void abandon() {
        autosaver.close(false);
    }
}
