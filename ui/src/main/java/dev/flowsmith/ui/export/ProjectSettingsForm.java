package dev.flowsmith.ui.export;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.ui.common.Forms;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The project's picture size, frame rate and sample rate, editable at any time (clips keep their
 * times; see {@code SetProjectSettings}). {@link #settingsProperty()} is null, with the reason shown,
 * while the values cannot be used.
 */
public final class ProjectSettingsForm extends VBox {
    private final Spinner<Integer> width = new Spinner<>(16, 16384, 1920, 2), height = new Spinner<>(16, 16384, 1080, 2);
    private final ChoiceBox<FrameRate> rate = new ChoiceBox<>();
    private final ChoiceBox<Integer> sampleRate = new ChoiceBox<>();
    private final Label error = new Label();
    private final ReadOnlyObjectWrapper<ProjectSettings> settings = new ReadOnlyObjectWrapper<>();

    public ProjectSettingsForm(ProjectSettings current) {
        setId("projectSettingsForm");
        setSpacing(8);
        width.setId("projectWidth");
        height.setId("projectHeight");
        width.setEditable(true);
        height.setEditable(true);
        rate.setId("projectRate");
        List<FrameRate> rates = new java.util.ArrayList<>(ExportForm.RATES);
        if (!rates.contains(current.rate())) {
            rates.add(current.rate());
        }
        rate.getItems().setAll(rates);
        sampleRate.setId("projectSampleRate");
        sampleRate.getItems().setAll(44_100, 48_000, 96_000);
        error.setId("projectSettingsError");
        error.getStyleClass().add("error");
        width.getValueFactory().setValue(current.width());
        height.getValueFactory().setValue(current.height());
        rate.setValue(current.rate());
        sampleRate.setValue(sampleRate.getItems().contains(current.sampleRate()) ? current.sampleRate() : 48_000);
        GridPane g = Forms.grid();
        g.addRow(0, new Label("Width"), width);
        g.addRow(1, new Label("Height"), height);
        g.addRow(2, new Label("Frame rate"), rate);
        g.addRow(3, new Label("Sample rate (Hz)"), sampleRate);
        getChildren().setAll(g, new Label("Clips keep their times when the frame rate changes."), error);
        width.valueProperty().addListener((o, a, b) -> update());
        height.valueProperty().addListener((o, a, b) -> update());
        rate.valueProperty().addListener((o, a, b) -> update());
        sampleRate.valueProperty().addListener((o, a, b) -> update());
        update();
    }

    private void update() {
        try {
            settings.set(new ProjectSettings(width.getValue(), height.getValue(), rate.getValue(), sampleRate.getValue()));
            error.setText("");
        } catch (IllegalArgumentException | NullPointerException e) {
            settings.set(null);
            error.setText("These settings cannot be used: " + e.getMessage() + ".");
        }
    }

    public ReadOnlyObjectProperty<ProjectSettings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    public Spinner<Integer> widthSpinner() {
        return width;
    }

    public Spinner<Integer> heightSpinner() {
        return height;
    }

    public ChoiceBox<FrameRate> rateChoice() {
        return rate;
    }
}
