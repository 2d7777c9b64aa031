package dev.flowsmith.ui.keyframes;

import dev.flowsmith.editing.keyframes.BuiltInEdit;
import dev.flowsmith.editing.keyframes.KeyframeSet;
import dev.flowsmith.editing.keyframes.PropagateJob;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Keyframe editing panel: sensitivity and built-in edit, Find / Import / Propagate, the keyframe
 * strip (each keyframe's current image, from the folder the user edits), and the drift meter (the
 * propagation's confidence per frame, with red markers where it drops; a click on one adds a
 * keyframe there).
 */
public final class KeyframeEditView extends VBox {
    private final KeyframeEditModel model;
    private final ListView<Integer> strip = new ListView<>();
    private final Canvas drift = new Canvas(600, 60);
    private final Function<String, Path> chooseFolder;
    private final Function<String, Path> chooseOutput;

    public KeyframeEditView(KeyframeEditModel model, Function<String, Path> chooseFolder, Function<String, Path> chooseOutput) {
        this.model = model;
        this.chooseFolder = chooseFolder;
        this.chooseOutput = chooseOutput;
        setId("keyframeEditor");
        setSpacing(6);
        setPadding(new Insets(8));
        Slider sens = new Slider(0, 1, model.sensitivityProperty().get());
        sens.setId("sensitivitySlider");
        sens.setAccessibleText("Segment sensitivity: higher gives more keyframes");
        sens.valueProperty().bindBidirectional(model.sensitivityProperty());
        ChoiceBox<BuiltInEdit> edit = new ChoiceBox<>();
        edit.setId("builtInEdit");
        edit.setAccessibleText("Built-in edit applied to exported keyframes");
        edit.getItems().addAll(null, BuiltInEdit.GRADE, BuiltInEdit.STYLIZE, BuiltInEdit.DETAIL);
        edit.valueProperty().bindBidirectional(model.editProperty());
        edit.setConverter(new StringConverter<>() {
            @Override
            public String toString(BuiltInEdit e) {
                return e == null ? "No built-in edit (edit the PNGs yourself)" : switch (e) {
                    case GRADE -> "Colour grade";
                    case STYLIZE -> "Stylise";
                    case DETAIL -> "Detail enhance";
                };
            }

            @Override
            public BuiltInEdit fromString(String s) {
                return null;
            }
        });
        Button find = button("Find Keyframes…", "findKeyframesButton", () -> {
            Path dir = this.chooseFolder.apply("Folder for the keyframe PNGs");
            if (dir != null) {
                model.findKeyframes(dir);
            }
        });
        Button imp = button("Import Edited…", "importKeyframesButton", () -> {
            Path dir = this.chooseFolder.apply("Keyframe folder to import");
            if (dir != null) {
                model.importKeyframes(dir);
            }
        });
        Button prop = button("Propagate…", "propagateButton", () -> {
            Path out = this.chooseOutput.apply("Propagated video");
            if (out != null) {
                model.propagate(out);
            }
        });
        prop.disableProperty().bind(model.setProperty().isNull().or(model.busyProperty()));
        find.disableProperty().bind(model.busyProperty());
        Label sensValue = new Label();
        sensValue.setId("sensitivityValue");
        sensValue.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        sensValue.textProperty().bind(javafx.beans.binding.Bindings.format(java.util.Locale.ROOT, "%.2f", sens.valueProperty()));
        sens.setTooltip(new javafx.scene.control.Tooltip("0 = fewest keyframes, 1 = most (flowsmith keyframes --sensitivity)"));
        // wraps rather than cutting the buttons' names short in a narrow window (1280x720)
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, new Label("Sensitivity"), sens, sensValue, edit, find, imp, prop);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        // the text edit: a prompt, the Stable Diffusion folder, Edit Keyframes (the strip shows the result), then Propagate
        javafx.scene.control.TextField promptField = new javafx.scene.control.TextField();
        promptField.setId("keyframePrompt");
        promptField.setAccessibleText("Prompt for the text edit of the keyframes");
        promptField.setPromptText("Prompt, e.g. a watercolour painting");
        promptField.textProperty().bindBidirectional(model.promptProperty());
        HBox.setHgrow(promptField, javafx.scene.layout.Priority.ALWAYS);
        Label modelName = new Label("No model");
        modelName.setId("sdModelName");
        modelName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.sdModelProperty().get() == null
                ? "No model" : model.sdModelProperty().get().getFileName().toString(), model.sdModelProperty()));
        Button chooseModel = button("Model…", "sdModelButton", () -> {
            Path d = this.chooseFolder.apply("Stable Diffusion folder (unet/, text_encoder/, tokenizer/, vae/)");
            if (d != null) {
                model.sdModelProperty().set(d);
            }
        });
        Button textEdit = button("Edit Keyframes", "editKeyframesButton", model::editKeyframes);
        textEdit.setTooltip(new javafx.scene.control.Tooltip("Edits all keyframes together by the prompt at the strength and steps "
                + "chosen (otherwise flowsmith edit's defaults: guidance 7.5, attention budget 20 keyframes, PnP structure 0.5/0.8, the "
                + "model's own size: 512 px for SD 2.1-base); then Propagate"));
        javafx.scene.control.Spinner<Double> strengthBox = new javafx.scene.control.Spinner<>(0.05, 1.0, model.strengthProperty().get(), 0.05);
        strengthBox.setId("editStrength");
        strengthBox.setEditable(true);
        strengthBox.setPrefWidth(80);
        strengthBox.setAccessibleText("Strength: how much of each keyframe is redrawn");
        strengthBox.setTooltip(new javafx.scene.control.Tooltip("Strength 0..1: how much of each keyframe is redrawn (0.6: the layout stays, the look changes)"));
        strengthBox.valueProperty().addListener((o, a, v) -> model.strengthProperty().set(v));
        javafx.scene.control.Spinner<Integer> stepsBox = new javafx.scene.control.Spinner<>(1, 200, model.stepsProperty().get(), 5);
        stepsBox.setId("editSteps");
        stepsBox.setEditable(true);
        stepsBox.setPrefWidth(80);
        stepsBox.setAccessibleText("DDIM steps of the full schedule");
        stepsBox.setTooltip(new javafx.scene.control.Tooltip("DDIM steps of the full schedule (the strength's share of them is run)"));
        stepsBox.valueProperty().addListener((o, a, v) -> model.stepsProperty().set(v));
        textEdit.disableProperty().bind(model.setProperty().isNull().or(model.busyProperty()).or(model.promptProperty().isEmpty()));
        // where the UNet runs: the host, or an OpenCL device (a GPU makes a full-size edit practical)
        javafx.scene.control.ChoiceBox<DeviceChoice> deviceBox = new javafx.scene.control.ChoiceBox<>();
        deviceBox.setId("editDevice");
        deviceBox.setAccessibleText("Where the edit runs");
        deviceBox.getItems().add(new DeviceChoice(null, "This computer"));
        deviceBox.setMaxWidth(190);
        for (dev.flowsmith.kernels.opencl.OpenClDevice d : dev.flowsmith.kernels.opencl.OpenClDevices.list()) {
            String spec = d.gpuIndex() >= 0 ? "gpu:" + d.gpuIndex() : "opencl:" + d.index();
            String name = d.name().length() > 18 ? d.name().substring(0, 17) + "…" : d.name(); // the bar must fit 1280 px
            deviceBox.getItems().add(new DeviceChoice(spec, spec + " " + name));
        }
        deviceBox.setValue(deviceBox.getItems().get(0));
        deviceBox.setTooltip(new javafx.scene.control.Tooltip("Where the UNet runs (flowsmith edit --device): this computer's CPU, "
                + "or an OpenCL device; a GPU makes full-size edits practical"));
        deviceBox.valueProperty().addListener((o, a, v) -> model.deviceProperty().set(v == null ? null : v.spec()));
        // two rows, so no label or button is cut short at 1280x720: the prompt and its button, then the settings
        HBox promptRow = new HBox(8, fixed(new Label("Prompt")), promptField, textEdit);
        promptRow.setAlignment(Pos.CENTER_LEFT);
        textEdit.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox settingsRow = new HBox(8, fixed(new Label("Strength")), strengthBox, fixed(new Label("Steps")), stepsBox, chooseModel,
                modelName, fixed(new Label("Run on")), deviceBox);
        settingsRow.setAlignment(Pos.CENTER_LEFT);
        chooseModel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.VBox textBar = new javafx.scene.layout.VBox(6, promptRow, settingsRow);

        strip.setId("keyframeStrip");
        strip.setAccessibleText("Keyframes");
        strip.setOrientation(Orientation.HORIZONTAL);
        strip.setPrefHeight(120);
        strip.setItems(model.keyframes());
        strip.setCellFactory(l -> new KeyframeCell());

        drift.setId("driftMeter");
        drift.setAccessibleText("Drift meter: propagation confidence per frame; click a red marker to add a keyframe");
        drift.widthProperty().bind(widthProperty().subtract(16));
        drift.widthProperty().addListener((o, a, b) -> drawDrift());
        model.confidenceProperty().addListener((o, a, b) -> drawDrift());
        model.setProperty().addListener((o, a, b) -> drawDrift());
        drift.setOnMouseClicked(e -> {
            int[] s = suggestions();
            double[] c = model.confidenceProperty().get();
            if (c == null) {
                return;
            }
            for (int f : s) {
                if (Math.abs(xOf(f, c.length) - e.getX()) <= 6) {
                    model.addKeyframe(f);
                    return;
                }
            }
        });
        Label message = new Label();
        message.setId("keyframeMessage");
        message.textProperty().bind(model.messageProperty());
        message.setWrapText(true);
        getChildren().addAll(bar, textBar, strip, new Label("Drift meter"), drift, message);
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setAccessibleText(text);
        b.setOnAction(e -> action.run());
        return b;
    }

    private int[] suggestions() {
        double[] c = model.confidenceProperty().get();
        return c == null ? new int[0] : dev.flowsmith.editing.keyframes.DriftMeter.suggestions(c, PropagateJob.LOW_CONFIDENCE);
    }

    double xOf(int frame, int frames) {
        return 4 + (drift.getWidth() - 8) * frame / Math.max(1.0, frames - 1);
    }

    private void drawDrift() {
        GraphicsContext g = drift.getGraphicsContext2D();
        double w = drift.getWidth(), h = drift.getHeight();
        g.setFill(Color.web("#1e2126"));
        g.fillRect(0, 0, w, h);
        double[] c = model.confidenceProperty().get();
        KeyframeSet ks = model.setProperty().get();
        int frames = c != null ? c.length : ks == null ? 0 : ks.segments().get(ks.segments().size() - 1).end();
        if (frames == 0) {
            return;
        }
        g.setStroke(Color.web("#f2c14e"));
        if (ks != null) {
            for (int k : ks.keyframes()) {
                g.strokeLine(xOf(k, frames), 0, xOf(k, frames), h);
            }
        }
        if (c != null) {
            g.setStroke(Color.web("#7fd1ae"));
            g.beginPath();
            for (int i = 0; i < c.length; i++) {
                double v = Double.isNaN(c[i]) ? 0 : c[i];
                double x = xOf(i, c.length), y = h - 4 - v * (h - 8);
                if (i == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, y);
                }
            }
            g.stroke();
            g.setFill(Color.web("#ff4d4d"));
            for (int f : suggestions()) {
                double x = xOf(f, c.length);
                g.fillOval(x - 5, h - 4 - c[f] * (h - 8) - 5, 10, 10);
            }
        }
    }

    /** One keyframe: its current image in the folder (what the user edited) and its frame number. */
    private final class KeyframeCell extends ListCell<Integer> {
        private final ImageView img = new ImageView();
        private final Label label = new Label();
        private final VBox box = new VBox(2, img, label);

        KeyframeCell() {
            img.setFitHeight(72);
            img.setFitWidth(128);
            img.setPreserveRatio(true);
        }

        @Override
        protected void updateItem(Integer frame, boolean empty) {
            super.updateItem(frame, empty);
            KeyframeSet ks = model.setProperty().get();
            if (empty || frame == null || ks == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            File f = ks.dir().resolve(KeyframeSet.fileName(frame)).toFile();
            img.setImage(new Image(f.toURI().toString(), 128, 72, true, true, true));
            label.setText("frame " + frame);
            setAccessibleText("Keyframe at frame " + frame);
            setGraphic(box);
        }
    }

    /** A label that keeps its whole text however little room the row has. */
    private static Label fixed(Label l) {
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** A device in the choice box: its {@code --device} name (null: the host) and what the user reads. */
    public record DeviceChoice(String spec, String label) {
        @Override
        public String toString() {
            return label;
        }
    }
}
