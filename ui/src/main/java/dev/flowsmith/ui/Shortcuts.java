package dev.flowsmith.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;

/** The studio's keyboard shortcuts, as listed in Help > Keyboard Shortcuts. */
public final class Shortcuts {
    public record Shortcut(String keys, String action) {
    }

    public static final List<Shortcut> ALL = List.of(
            new Shortcut("Space", "Play / pause"),
            new Shortcut("J / K / L", "Shuttle backwards / stop / forwards (press again: faster)"),
            new Shortcut("Left / Right", "Previous / next frame"),
            new Shortcut("Home / End", "First / last frame"),
            new Shortcut("W", "Cycle compare mode (off, wipe, side by side)"),
            new Shortcut("Z / Shift+Z", "Zoom the viewer in / out (25-800 %)"),
            new Shortcut("0 / 1", "Viewer: fit to window / 100 % (one source pixel per screen pixel)"),
            new Shortcut("Shift+arrows", "Pan the zoomed picture (or drag it)"),
            new Shortcut("F", "Full-screen viewer (F or Escape to leave)"),
            new Shortcut("V", "Cycle the scopes (waveform, RGB parade, vectorscope, histogram, off)"),
            new Shortcut("T", "Toggle the whole picture between A (source) and B (result)"),
            new Shortcut("E", "Add the selected bin clip to the timeline at the playhead"),
            new Shortcut("S", "Split at the playhead (the selected clips, or everything under it)"),
            new Shortcut("Delete / Backspace", "Ripple-delete the selected clips"),
            new Shortcut("Ctrl+D", "Duplicate the selected clips"),
            new Shortcut("Ctrl+Z", "Undo"),
            new Shortcut("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
            new Shortcut("+ / -", "Zoom the timeline in / out (also Ctrl+wheel)"),
            new Shortcut("Shift+drag a clip edge", "Ripple trim"),
            new Shortcut("Alt while dragging", "Do not snap"),
            new Shortcut("Escape", "Clear the selection"),
            new Shortcut("Ctrl+N", "New project"),
            new Shortcut("Ctrl+O", "Open a project"),
            new Shortcut("Ctrl+S", "Save the project"),
            new Shortcut("Ctrl+Shift+S", "Save the project as"),
            new Shortcut("Ctrl+E", "Export the timeline"),
            new Shortcut("Ctrl+I", "Import media"),
            new Shortcut("Ctrl+T", "Transcode the selected clip"),
            new Shortcut("Ctrl+K", "Keyframe editing"),
            new Shortcut("Ctrl+Q", "Quit"));

    private Shortcuts() {
    }

    static void show(javafx.stage.Window owner) {
        TableView<Shortcut> table = new TableView<>();
        table.setId("shortcutsTable");
        TableColumn<Shortcut, String> keys = new TableColumn<>("Keys");
        keys.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().keys()));
        TableColumn<Shortcut, String> action = new TableColumn<>("Action");
        action.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        action.setPrefWidth(360);
        table.getColumns().setAll(List.of(keys, action));
        table.getItems().setAll(ALL);
        table.setPrefHeight(420);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        if (owner != null) {
            a.initOwner(owner); // centred on the studio, not at the screen's corner
        }
        a.setResizable(true);
        a.getDialogPane().setId("shortcutsDialog");
        a.setTitle("Keyboard Shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(table);
        a.show();
    }
}
