package dev.flowsmith.ui.common;

import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/** The inspector's label/field forms: one look, and field names that never shrink to "C...". */
public final class Forms {
    private Forms() {
    }

    public static GridPane grid() {
        GridPane form = new GridPane();
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        form.getColumnConstraints().add(labels);
        form.setHgap(6);
        form.setVgap(6);
        return form;
    }
}
