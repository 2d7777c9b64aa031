package dev.flowsmith.ui.export;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.render.ExportSettings;
import dev.flowsmith.media.AudioCodec;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.ui.common.Forms;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.nio.file.Path;
import java.util.List;

/**
 * The export form: file, container, video codec, constant quality (CRF) or bit rate, encoder speed,
 * bit depth, size (the project's or a height preset at its aspect), frame rate, audio codec and bit
 * rate, and presets (built in and saved). {@link #settingsProperty()} holds the form's settings, or
 * null with the reason in the error line while the combination is impossible (H.264 in WebM, FLAC in
 * MP4, ...); the file's extension follows the container.
 */
public final class ExportForm extends VBox {
    static final List<FrameRate> RATES = List.of(new FrameRate(24000, 1001), new FrameRate(24, 1), new FrameRate(25, 1),
            new FrameRate(30000, 1001), new FrameRate(30, 1), new FrameRate(50, 1), new FrameRate(60000, 1001), new FrameRate(60, 1));
    private final ProjectSettings project;
    private final ExportPresets presets;
    private final TextField file = new TextField();
    private final ChoiceBox<String> container = new ChoiceBox<>();
    private final ChoiceBox<VideoCodec> codec = new ChoiceBox<>();
    private final ChoiceBox<String> mode = new ChoiceBox<>();
    private final Spinner<Integer> crf = new Spinner<>(0, 63, 18);
    private final Spinner<Integer> kbps = new Spinner<>(EncoderSettings.MIN_KBPS, EncoderSettings.MAX_KBPS, 12_000, 500);
    private final ChoiceBox<String> speed = new ChoiceBox<>();
    private final ChoiceBox<Integer> depth = new ChoiceBox<>();
    private final ChoiceBox<Integer> height = new ChoiceBox<>();
    private final ChoiceBox<FrameRate> rate = new ChoiceBox<>();
    private final ChoiceBox<AudioCodec> audio = new ChoiceBox<>();
    private final Spinner<Integer> audioKbps = new Spinner<>(AudioCodec.MIN_KBPS, AudioCodec.MAX_KBPS, 192, 32);
    private final ComboBox<String> preset = new ComboBox<>();
    private final Label error = new Label();
    private final ReadOnlyObjectWrapper<ExportSettings> settings = new ReadOnlyObjectWrapper<>();
    private boolean filling;
    static final String CRF = "Constant quality (CRF)", BITRATE = "Bit rate (kbit/s)";

    public ExportForm(ProjectSettings project, Path suggested, ExportPresets presets) {
        this.project = project;
        this.presets = presets;
        setId("exportForm");
        setSpacing(8);
        file.setId("exportFile");
        file.setText(suggested.toString());
        file.setPrefColumnCount(32);
        container.setId("exportContainer");
        container.getItems().setAll(ExportSettings.CONTAINERS);
        codec.setId("exportCodec");
        codec.getItems().setAll(VideoCodec.values());
        mode.setId("exportQualityMode");
        mode.getItems().setAll(CRF, BITRATE);
        crf.setId("exportCrf");
        crf.setEditable(true);
        kbps.setId("exportKbps");
        kbps.setEditable(true);
        speed.setId("exportSpeed");
        speed.getItems().setAll(EncoderSettings.PRESETS);
        depth.setId("exportBitDepth");
        depth.getItems().setAll(8, 10);
        height.setId("exportResolution");
        height.getItems().setAll(ExportSettings.HEIGHTS);
        height.setConverter(converter(h -> h == 0 ? "Project (" + project.width() + "x" + project.height() + ")" : h + "p"));
        rate.setId("exportFrameRate");
        List<FrameRate> rates = new java.util.ArrayList<>();
        rates.add(null);
        rates.addAll(RATES);
        rate.getItems().setAll(rates);
        rate.setConverter(converter(r -> r == null ? "Project (" + fps(project.rate()) + ")" : fps(r)));
        audio.setId("exportAudioCodec");
        audio.getItems().setAll(AudioCodec.values());
        audio.setConverter(converter(AudioCodec::label));
        audioKbps.setId("exportAudioKbps");
        audioKbps.setEditable(true);
        preset.setId("exportPresetName");
        preset.setEditable(true);
        preset.setPromptText("Preset");
        preset.getItems().setAll(presets.all().keySet());
        preset.setOnAction(e -> {
            ExportSettings s = presets.all().get(preset.getValue());
            if (s != null) {
                fill(s);
            }
        });
        Button save = new Button("Save Preset");
        save.setId("saveExportPreset");
        save.setOnAction(e -> savePreset());
        Button delete = new Button("Delete Preset");
        delete.setId("deleteExportPreset");
        delete.setOnAction(e -> {
            presets.delete(preset.getValue());
            preset.getItems().setAll(presets.all().keySet());
        });
        error.setId("exportError");
        error.getStyleClass().add("error");
        error.setWrapText(true);

        GridPane g = Forms.grid();
        int r = 0;
        g.addRow(r++, new Label("Preset"), new HBox(6, preset, save, delete));
        g.addRow(r++, new Label("File"), file);
        g.addRow(r++, new Label("Container"), container);
        g.addRow(r++, new Label("Video codec"), codec);
        g.addRow(r++, new Label("Quality"), new HBox(6, mode, crf, kbps));
        g.addRow(r++, new Label("Encoder speed"), speed);
        g.addRow(r++, new Label("Bit depth"), depth);
        g.addRow(r++, new Label("Resolution"), height);
        g.addRow(r++, new Label("Frame rate"), rate);
        g.addRow(r++, new Label("Audio"), new HBox(6, audio, audioKbps, new Label("kbit/s")));
        getChildren().setAll(g, new Label("Pixel format: 4:2:0 (ProRes 4:2:2); sound: stereo at the project's sample rate ("
                + project.sampleRate() + " Hz)."), error);
        for (var p : List.of(container.valueProperty(), codec.valueProperty(), mode.valueProperty(), speed.valueProperty(),
                depth.valueProperty(), height.valueProperty(), rate.valueProperty(), audio.valueProperty())) {
            p.addListener((o, a, b) -> update());
        }
        for (Spinner<Integer> s : List.of(crf, kbps, audioKbps)) {
            s.valueProperty().addListener((o, a, b) -> update());
        }
        container.valueProperty().addListener((o, a, b) -> {
            if (b != null && !file.getText().isBlank()) {
                file.setText(ExportSettingsPaths.withExtension(file.getText(), b));
            }
        });
        fill(ExportSettings.DEFAULT);
    }

    /** Puts settings into the form. */
    public void fill(ExportSettings s) {
        filling = true;
        container.setValue(s.container());
        codec.setValue(s.video().codec());
        mode.setValue(s.video().bitRateKbps() > 0 ? BITRATE : CRF);
        crf.getValueFactory().setValue(s.video().crf());
        if (s.video().bitRateKbps() > 0) {
            kbps.getValueFactory().setValue(s.video().bitRateKbps());
        }
        speed.setValue(s.video().preset());
        depth.setValue(s.video().bitDepth());
        height.setValue(s.height());
        rate.setValue(s.rate());
        audio.setValue(s.audio());
        if (s.audio().usesBitRate()) {
            audioKbps.getValueFactory().setValue(s.audioKbps());
        }
        filling = false;
        update();
    }

    private void update() {
        if (filling) {
            return;
        }
        VideoCodec c = codec.getValue();
        boolean quality = c != null && c.usesCrf();
        mode.setDisable(!quality);
        crf.setDisable(!quality || BITRATE.equals(mode.getValue()));
        kbps.setDisable(!quality || !BITRATE.equals(mode.getValue()));
        audioKbps.setDisable(audio.getValue() == null || !audio.getValue().usesBitRate());
        try {
            int bits = c == VideoCodec.PRORES ? 10 : depth.getValue();
            EncoderSettings v = new EncoderSettings(c, quality ? crf.getValue() : 0, speed.getValue(), bits,
                    quality && BITRATE.equals(mode.getValue()) ? kbps.getValue() : 0);
            ExportSettings s = new ExportSettings(container.getValue(), v, height.getValue(), rate.getValue(), audio.getValue(),
                    audio.getValue().usesBitRate() ? audioKbps.getValue() : 0);
            settings.set(s);
            error.setText("");
        } catch (IllegalArgumentException | NullPointerException e) {
            settings.set(null);
            error.setText(e.getMessage() == null ? "Choose every setting." : "This export is not possible: " + e.getMessage() + ".");
        }
    }

    private void savePreset() {
        ExportSettings s = settings.get();
        if (s == null) {
            return;
        }
        try {
            presets.save(preset.getEditor().getText(), s);
            String name = preset.getEditor().getText().strip();
            preset.getItems().setAll(presets.all().keySet());
            preset.setValue(name);
            error.setText("");
        } catch (IllegalArgumentException e) {
            error.setText("The preset cannot be saved: " + e.getMessage() + ".");
        }
    }

    public ReadOnlyObjectProperty<ExportSettings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    /** The target file, with the container's extension. */
    public Path file() {
        return Path.of(ExportSettingsPaths.withExtension(file.getText().trim(), container.getValue()));
    }

    public TextField fileField() {
        return file;
    }

    private static String fps(FrameRate r) {
        double f = r.fps();
        return (f == Math.rint(f) ? Long.toString((long) f) : String.format(java.util.Locale.ROOT, "%.3f", f)) + " fps";
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return dev.flowsmith.ui.common.Labels.of(f);
    }
}
