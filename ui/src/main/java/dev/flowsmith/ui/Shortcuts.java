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
            new Shortcut("Ctrl+I", "Import media"),
            new Shortcut("Ctrl+T", "Transcode the selected clip"),
            new Shortcut("W", "Cycle compare mode (off, wipe, side by side)"),
            new Shortcut("Ctrl+Q", "Quit"));

    private Shortcuts() {
    }

    static void show() {
        TableView<Shortcut> table = new TableView<>();
        table.setId("shortcutsTable");
        TableColumn<Shortcut, String> keys = new TableColumn<>("Keys");
        keys.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().keys()));
        TableColumn<Shortcut, String> action = new TableColumn<>("Action");
        action.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        action.setPrefWidth(360);
        table.getColumns().setAll(List.of(keys, action));
        table.getItems().setAll(ALL);
        table.setPrefHeight(260);
        Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        a.setTitle("Keyboard Shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(table);
        a.show();
    }
}
