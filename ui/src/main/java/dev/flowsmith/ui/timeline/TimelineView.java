package dev.flowsmith.ui.timeline;

import dev.flowsmith.ui.common.ThumbnailCache;
import dev.flowsmith.ui.common.WaveformCache;

import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The timeline: a time-code ruler, tracks of clips (video above audio, with thumbnails and
 * waveforms), the playhead, selection, drag to move or trim (Shift: ripple trim), snapping to edges
 * and the playhead, zoom (Ctrl+wheel, +/-) and scroll. Keys: S split, Delete ripple delete, Ctrl+D
 * duplicate, Ctrl+Z / Ctrl+Shift+Z undo / redo. Drawing and mouse handling live in {@link TimelineSkin}.
 */
public final class TimelineView extends Control {
    public static final double HEADER = 84, RULER = 26, VIDEO_ROW = 62, AUDIO_ROW = 44, ROW_GAP = 2, EDGE = 6, SWITCH = 18;
    private final TimelineModel model;
    private final ThumbnailCache thumbnails;
    private final WaveformCache waveforms;

    public TimelineView(TimelineModel model) {
        this.model = model;
        setId("timeline");
        setAccessibleRole(AccessibleRole.NODE);
        setAccessibleText("Timeline: S split, Delete ripple delete, Ctrl+Z undo");
        setFocusTraversable(true);
        getStyleClass().add("timeline");
        thumbnails = new ThumbnailCache(this::redraw);
        waveforms = new WaveformCache(this::redraw);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keys);
        setPrefHeight(RULER + 2 * VIDEO_ROW + 2 * AUDIO_ROW);
    }

    public TimelineModel model() {
        return model;
    }

    ThumbnailCache thumbnails() {
        return thumbnails;
    }

    WaveformCache waveforms() {
        return waveforms;
    }

    /** Rows of the current project, top to bottom. */
    List<Track> rows() {
        return rows(model.project());
    }

    /** Rows top to bottom: upper video tracks first, then audio tracks. */
    static List<Track> rows(dev.flowsmith.editing.model.Project p) {
        List<Track> video = new ArrayList<>(p.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList());
        java.util.Collections.reverse(video);
        List<Track> rows = new ArrayList<>(video);
        rows.addAll(p.tracks().stream().filter(t -> t.kind() == TrackKind.AUDIO).toList());
        return rows;
    }

    public static double rowHeight(Track t) {
        return t.kind() == TrackKind.VIDEO ? VIDEO_ROW : AUDIO_ROW;
    }

    /** Screen x (in this control) of the start of frame {@code frame}. */
    public double xOf(long frame) {
        return HEADER + (frame - model.scrollProperty().get()) * model.zoomProperty().get();
    }

    /** Frame at screen x (in this control). */
    public double frameAt(double x) {
        return model.scrollProperty().get() + (x - HEADER) / model.zoomProperty().get();
    }

    /** Top y of a track's row. */
    public double rowTop(long trackId) {
        double y = RULER;
        for (Track t : rows()) {
            if (t.id() == trackId) {
                return y;
            }
            y += rowHeight(t) + ROW_GAP;
        }
        throw new IllegalArgumentException("no track " + trackId);
    }

    /** The switches in a track's header, left to right: hide and lock (video), mute, solo and lock (audio). */
    public static List<String> switches(Track t) {
        return t.kind() == TrackKind.VIDEO ? List.of("hide", "lock") : List.of("mute", "solo", "lock");
    }

    /** Where switch {@code which} of track {@code trackId} is drawn, in this control's coordinates. */
    public javafx.geometry.Rectangle2D switchBounds(long trackId, String which) {
        Track t = model.project().track(trackId);
        int i = switches(t).indexOf(which);
        if (i < 0) {
            throw new IllegalArgumentException(which + " is not a switch of " + t.name());
        }
        double top = rowTop(trackId) + rowHeight(t) - SWITCH - 4;
        return new javafx.geometry.Rectangle2D(6 + i * (SWITCH + 4), top, SWITCH, SWITCH);
    }

    /** Asks for a track's new name (the dialog is replaceable in tests) and renames it. */
    public void renameTrack(long trackId) {
        Track t = model.project().track(trackId);
        askName.apply(t.name()).ifPresent(n -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Rename(trackId, n)));
    }

    private java.util.function.Function<String, java.util.Optional<String>> askName = current -> {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(current);
        d.setTitle("Rename track");
        d.setHeaderText(null);
        d.setContentText("Track name:");
        d.getEditor().setId("trackNameField");
        return d.showAndWait();
    };

    /** For tests: answers the rename dialog. */
    public void setAskName(java.util.function.Function<String, java.util.Optional<String>> ask) {
        this.askName = ask;
    }

    /** The track whose row is at {@code y} (this control's coordinates), 0 for none. */
    public long trackAt(double y) {
        double top = RULER;
        for (Track t : rows()) {
            if (y >= top && y < top + rowHeight(t)) {
                return t.id();
            }
            top += rowHeight(t) + ROW_GAP;
        }
        return 0;
    }

    /** Width of the drawing area for frames. */
    double framesWidth() {
        return Math.max(1, getWidth() - HEADER);
    }

    void redraw() {
        if (getSkin() instanceof TimelineSkin s) {
            s.requestRedraw();
        }
    }

    private void keys(KeyEvent e) {
        boolean shortcut = e.isShortcutDown();
        boolean handled = true;
        if (e.getCode() == KeyCode.S && !shortcut) {
            model.split();
        } else if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && !shortcut) {
            model.rippleDelete();
        } else if (e.getCode() == KeyCode.Z && shortcut) {
            if (e.isShiftDown()) {
                model.redo();
            } else {
                model.undo();
            }
        } else if (e.getCode() == KeyCode.Y && shortcut) {
            model.redo();
        } else if (e.getCode() == KeyCode.D && shortcut) {
            model.duplicate();
        } else if ((e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.ADD) && !shortcut) {
            model.zoomAround(model.zoomProperty().get() * 1.5, model.playheadProperty().get());
        } else if ((e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) && !shortcut) {
            model.zoomAround(model.zoomProperty().get() / 1.5, model.playheadProperty().get());
        } else if (e.getCode() == KeyCode.ESCAPE) {
            model.selection().clear();
        } else {
            handled = false;
        }
        if (handled) {
            e.consume();
        }
    }

    /** Zooms so that the whole timeline fits the visible width. */
    public void zoomToFit() {
        long d = Math.max(1, model.project().duration());
        model.zoomProperty().set(Math.max(TimelineModel.MIN_ZOOM, Math.min(TimelineModel.MAX_ZOOM, framesWidth() * 0.95 / d)));
        model.scrollProperty().set(0);
    }

    public void dispose() {
        thumbnails.close();
        waveforms.close();
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new TimelineSkin(this);
    }
}
