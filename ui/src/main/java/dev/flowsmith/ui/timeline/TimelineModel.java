package dev.flowsmith.ui.timeline;

import dev.flowsmith.editing.command.DuplicateClip;
import dev.flowsmith.editing.command.EditCommand;
import dev.flowsmith.editing.command.EditException;
import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.command.RippleDelete;
import dev.flowsmith.editing.command.SplitAt;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.project.MediaImport;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

import java.util.List;
import java.util.Set;

/**
 * What the timeline shows and edits: the project (through an {@link EditHistory}, so every edit is
 * undoable), the playhead, the zoom (pixels per frame) and horizontal scroll (first visible frame),
 * the selected clips, and the last refused edit's reason. FX thread only; the project itself is
 * immutable and can be handed to render and autosave threads as it is.
 */
public final class TimelineModel {
    public static final double MIN_ZOOM = 0.01, MAX_ZOOM = 40;
    private final EditHistory history;
    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>();
    private final LongProperty playhead = new SimpleLongProperty(0);
    private final DoubleProperty zoom = new SimpleDoubleProperty(2);
    private final DoubleProperty scroll = new SimpleDoubleProperty(0);
    private final BooleanProperty snapping = new SimpleBooleanProperty(true);
    private final ObservableSet<Long> selection = FXCollections.observableSet();
    /** Keyframes chosen for source files (keyframe editing), shown as markers on their clips. */
    private final javafx.collections.ObservableMap<java.nio.file.Path, int[]> keyframes = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo");

    public TimelineModel() {
        this(Project.empty(ProjectSettings.DEFAULT));
    }

    public TimelineModel(Project initial) {
        history = new EditHistory(initial);
        project.set(initial);
        history.addListener(p -> {
            project.set(p);
            selection.removeIf(id -> !p.hasClip(id));
            undoText.set(history.undoName().map(n -> "Undo " + n).orElse("Undo"));
            redoText.set(history.redoName().map(n -> "Redo " + n).orElse("Redo"));
        });
    }

    public EditHistory history() {
        return history;
    }

    public Project project() {
        return project.get();
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project.getReadOnlyProperty();
    }

    /** Runs an edit; a refused one leaves the project as it is and its reason in {@link #messageProperty()}. */
    public boolean perform(EditCommand c) {
        try {
            history.perform(c);
            message.set("");
            return true;
        } catch (EditException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    /** Shows a sentence in the timeline's message line (a file that could not be added ...). */
    public void report(String text) {
        message.set(text);
    }

    public boolean undo() {
        return history.undo();
    }

    public boolean redo() {
        return history.redo();
    }

    /** S: splits the selected clips at the playhead, or every clip under it when none is selected. */
    public boolean split() {
        return perform(new SplitAt(playhead.get(), Set.copyOf(selection)));
    }

    /** Delete: removes the selected clips and closes the gap. */
    public boolean rippleDelete() {
        if (selection.isEmpty()) {
            message.set("Select a clip to delete.");
            return false;
        }
        return perform(new RippleDelete(Set.copyOf(selection)));
    }

    public boolean duplicate() {
        if (selection.size() != 1) {
            message.set("Select one clip to duplicate.");
            return false;
        }
        return perform(new DuplicateClip(selection.iterator().next()));
    }

    /**
     * Puts a file at the playhead (or at the end when the playhead is past it). The first clip of an
     * empty project whose settings were never chosen sets the project's size and frame rate to the clip's
     * (Project Settings changes them at any time).
     */
    public boolean insert(MediaRef m) {
        return insert(m, 0, 0);
    }

    /** As {@link #insert(MediaRef)}, onto the given video and audio tracks (0: the first of the kind). */
    public boolean insert(MediaRef m, long videoTrack, long audioTrack) {
        Project p = project();
        if (!m.hasVideo() && audioTrack != 0) {
            // sound alone onto a chosen audio track (music, a voice-over): laid where it is dropped, nothing moves
            return perform(new dev.flowsmith.editing.command.PlaceClip(m, playhead.get(), 0, audioTrack));
        }
        if (p.clipCount() == 0 && p.settings().equals(ProjectSettings.DEFAULT) && m.hasVideo()) {
            history.reset(p.withSettings(MediaImport.settingsLike(m)));
            p = project();
        }
        long here = Math.min(playhead.get(), p.duration());
        boolean inside = p.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).flatMap(t -> t.clips().stream())
                .anyMatch(c -> c.start() < here && here < c.end());
        long at = inside ? p.duration() : here; // never cut a clip in two by adding another
        boolean ok = perform(new InsertClip(m, at, 0, 0, videoTrack, audioTrack));
        if (ok) {
            playhead.set(at + project().tracks().stream().filter(t -> t.kind() == (m.hasVideo() ? TrackKind.VIDEO : TrackKind.AUDIO))
                    .flatMap(t -> t.clipAt(at).stream()).findFirst().map(Clip::length).orElse(0L));
        }
        return ok;
    }

    /** The one selected clip, if exactly one is selected. */
    public java.util.Optional<Clip> selectedClip() {
        if (selection.size() != 1) {
            return java.util.Optional.empty();
        }
        long id = selection.iterator().next();
        return project().hasClip(id) ? java.util.Optional.of(project().clip(id)) : java.util.Optional.empty();
    }

    /** Track switches by name: "hide", "mute", "solo", "lock" toggled on track {@code trackId}. */
    public boolean toggle(long trackId, String which) {
        Track t = project().track(trackId);
        boolean h = t.hidden(), m = t.muted(), s = t.solo(), l = t.locked();
        switch (which) {
            case "hide" -> h = !h;
            case "mute" -> m = !m;
            case "solo" -> s = !s;
            case "lock" -> l = !l;
            default -> throw new IllegalArgumentException(which);
        }
        return perform(new dev.flowsmith.editing.command.TrackEdit.Flags(trackId, h, m, s, l));
    }

    /**
     * A title at the playhead, 3 seconds long, on the lowest video track above the picture that is free there (a new
     * track on top when none is), selected so the inspector shows its text.
     */
    public boolean addTitle(String text) {
        Project p = project();
        long at = playhead.get();
        long len = Math.round(3 * p.rate().fps());
        List<Track> video = p.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
        Track target = null;
        for (int i = 1; i < video.size(); i++) { // never on the lowest track: a title goes over the picture
            Track t = video.get(i);
            if (t.clips().stream().noneMatch(c -> c.overlaps(at, at + len)) && !t.locked()) {
                target = t;
                break;
            }
        }
        if (target == null) {
            if (!perform(new dev.flowsmith.editing.command.TrackEdit.Add(TrackKind.VIDEO, null))) {
                return false;
            }
            List<Track> now = project().tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
            target = now.get(now.size() - 1);
        }
        long before = project().nextId();
        if (!perform(new dev.flowsmith.editing.command.AddTitle(target.id(), at, len,
                dev.flowsmith.editing.model.TitleSpec.simple(text)))) {
            return false;
        }
        selection.clear();
        selection.add(before);
        return true;
    }

    /** Replaces the project (new, open, recover): undo starts afresh. */
    public void load(Project p) {
        selection.clear();
        history.reset(p);
        playhead.set(0);
        scroll.set(0);
        message.set("");
    }

    public LongProperty playheadProperty() {
        return playhead;
    }

    /** Pixels per frame. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** First visible frame (may be fractional). */
    public DoubleProperty scrollProperty() {
        return scroll;
    }

    public BooleanProperty snappingProperty() {
        return snapping;
    }

    public ObservableSet<Long> selection() {
        return selection;
    }

    /** Source file -> its keyframe frame indices (from the keyframe editor). */
    public javafx.collections.ObservableMap<java.nio.file.Path, int[]> keyframes() {
        return keyframes;
    }

    /**
     * Timeline frames where a clip shows one of its source's keyframes (frame index at the source's
     * rate, placed by the clip's in point).
     */
    public static java.util.List<Long> keyframeFrames(Project p, Clip c, int[] sourceKeyframes) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        if (c.isTitle()) {
            return out;
        }
        MediaRef m = p.mediaRef(c.mediaId());
        for (int k : sourceKeyframes) {
            long micros = m.rate().micros(k);
            long f = c.start() + p.rate().frames(micros - c.sourceIn());
            if (micros >= c.sourceIn() && f >= c.start() && f < c.end()) {
                out.add(f);
            }
        }
        return out;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** Sets the zoom, keeping frame {@code anchor} at the same place on screen. */
    public void zoomAround(double newZoom, double anchorFrame) {
        double z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, newZoom));
        double old = zoom.get();
        double offsetPx = (anchorFrame - scroll.get()) * old;
        zoom.set(z);
        scroll.set(Math.max(0, anchorFrame - offsetPx / z));
    }
}
