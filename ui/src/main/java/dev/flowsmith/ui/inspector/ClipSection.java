package dev.flowsmith.ui.inspector;

import dev.flowsmith.editing.command.SetClipStyle;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.TrackKind;
import dev.flowsmith.editing.model.Transform;
import dev.flowsmith.ui.common.Forms;
import dev.flowsmith.ui.timeline.TimelineModel;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The selected timeline clip's settings: sound (gain, fades), picture (opacity, position, scale,
 * rotation, crop), speed and direction, the transition from the clip before it, and a title's text,
 * font, size, colours, outline and position. Apply makes one undoable edit; Reset puts the form back.
 * Shown only while exactly one timeline clip is selected.
 */
public final class ClipSection extends VBox {
    private final TimelineModel timeline;
    private final Label heading = new Label();
    private final Spinner<Double> gain = spinner("clipGain", ClipStyle.MIN_GAIN_DB, ClipStyle.MAX_GAIN_DB, 0, 0.5);
    private final Spinner<Integer> fadeIn = intSpinner("clipFadeIn", 0, 100_000), fadeOut = intSpinner("clipFadeOut", 0, 100_000);
    private final Spinner<Integer> opacity = intSpinner("clipOpacity", 0, 100);
    private final Spinner<Double> posX = spinner("clipX", -100_000, 100_000, 0, 1), posY = spinner("clipY", -100_000, 100_000, 0, 1);
    private final Spinner<Double> scale = spinner("clipScale", 1, 10_000, 100, 5), rotation = spinner("clipRotation", -360, 360, 0, 1);
    private final Spinner<Integer> cropL = intSpinner("clipCropLeft", 0, 16384), cropT = intSpinner("clipCropTop", 0, 16384),
            cropR = intSpinner("clipCropRight", 0, 16384), cropB = intSpinner("clipCropBottom", 0, 16384);
    private final Spinner<Double> speed = spinner("clipSpeed", ClipStyle.MIN_SPEED, ClipStyle.MAX_SPEED, 1, 0.25);
    private final CheckBox reverse = new CheckBox("Reverse");
    private final Spinner<Integer> transition = intSpinner("clipTransition", 0, 100_000);
    private final TextArea titleText = new TextArea();
    private final ComboBox<String> font = new ComboBox<>();
    private final Spinner<Double> titleSize = spinner("titleSize", 4, 1000, 64, 2);
    private final ColorPicker fill = new ColorPicker(Color.WHITE), outline = new ColorPicker(Color.BLACK);
    private final Spinner<Double> outlineWidth = spinner("titleOutlineWidth", 0, 100, 3, 0.5);
    private final Spinner<Double> titleX = spinner("titleX", -100, 200, 50, 1), titleY = spinner("titleY", -100, 200, 50, 1);
    private final javafx.scene.control.TextField volumeKeys = new javafx.scene.control.TextField();
    private final Label soundNote = new Label();
    private final VBox soundBox = new VBox(6), pictureBox = new VBox(6), titleBox = new VBox(6);
    private Clip shown;

    public ClipSection(TimelineModel timeline) {
        this.timeline = timeline;
        setId("clipSection");
        setSpacing(6);
        heading.getStyleClass().add("section-title");
        heading.setId("clipHeading");
        reverse.setId("clipReverse");
        titleText.setId("titleText");
        titleText.setPrefRowCount(2);
        titleText.setWrapText(true);
        font.setId("titleFont");
        font.getItems().setAll(javafx.scene.text.Font.getFamilies());
        font.setEditable(true);
        fill.setId("titleColour");
        outline.setId("titleOutlineColour");
        soundNote.setId("speedNote");
        soundNote.setWrapText(true);
        soundNote.getStyleClass().add("meta");

        GridPane sound = Forms.grid();
        sound.addRow(0, new Label("Gain (dB)"), gain);
        sound.addRow(1, new Label("Fade in (frames)"), fadeIn);
        sound.addRow(2, new Label("Fade out (frames)"), fadeOut);
        volumeKeys.setId("clipVolumeKeys");
        volumeKeys.setPromptText("frame:dB, e.g. 0:-12, 30:0");
        volumeKeys.setAccessibleText("Volume keyframes: frame of the clip and level in dB, comma separated");
        sound.addRow(3, new Label("Volume keyframes"), volumeKeys);
        soundBox.getChildren().setAll(sound);
        GridPane picture = Forms.grid();
        picture.addRow(0, new Label("Opacity (%)"), opacity);
        picture.addRow(1, new Label("Position X (px)"), posX);
        picture.addRow(2, new Label("Position Y (px)"), posY);
        picture.addRow(3, new Label("Scale (%)"), scale);
        picture.addRow(4, new Label("Rotation (°)"), rotation);
        picture.addRow(5, new Label("Crop left / top"), cropL, cropT);
        picture.addRow(6, new Label("Crop right / bottom"), cropR, cropB);
        pictureBox.getChildren().setAll(picture);
        GridPane time = Forms.grid();
        time.addRow(0, new Label("Speed (x)"), speed);
        time.addRow(1, new Label(""), reverse);
        time.addRow(2, new Label("Transition in (frames)"), transition);
        GridPane title = Forms.grid();
        title.addRow(0, new Label("Font"), font);
        title.addRow(1, new Label("Size (px)"), titleSize);
        title.addRow(2, new Label("Colour"), fill);
        title.addRow(3, new Label("Outline"), outline);
        title.addRow(4, new Label("Outline width"), outlineWidth);
        title.addRow(5, new Label("Centre X / Y (%)"), titleX, titleY);
        titleBox.getChildren().setAll(new Label("Text"), titleText, title);

        Button apply = new Button("Apply");
        apply.setId("applyClipStyle");
        apply.setDefaultButton(false);
        apply.setOnAction(e -> apply());
        Button reset = new Button("Reset");
        reset.setId("resetClipStyle");
        reset.setOnAction(e -> fill(shown));
        getChildren().setAll(heading, titleBox, soundBox, pictureBox, time, soundNote, new javafx.scene.layout.HBox(6, apply, reset));

        timeline.selection().addListener((SetChangeListener<Long>) c -> refresh());
        timeline.projectProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private void refresh() {
        Clip c = timeline.selectedClip().orElse(null);
        setVisible(c != null);
        setManaged(c != null);
        if (c != null && !c.equals(shown)) {
            fill(c);
        }
        shown = c;
    }

    private void fill(Clip c) {
        if (c == null) {
            return;
        }
        Project p = timeline.project();
        boolean video = p.trackOf(c.id()).kind() == TrackKind.VIDEO;
        ClipStyle s = c.style();
        heading.setText((c.isTitle() ? "Title" : p.mediaRef(c.mediaId()).name()) + " · " + p.rate().timecode(c.start())
                + " – " + p.rate().timecode(c.end()));
        show(titleBox, c.isTitle());
        show(pictureBox, video);
        gain.getValueFactory().setValue(s.gainDb());
        gain.setDisable(video);
        volumeKeys.setDisable(video);
        volumeKeys.setText(String.join(", ", s.volume().stream().map(v -> v.frame() + ":" + trim(v.db())).toList()));
        fadeIn.getValueFactory().setValue((int) s.fadeIn());
        fadeOut.getValueFactory().setValue((int) s.fadeOut());
        opacity.getValueFactory().setValue((int) Math.round(s.opacity() * 100));
        Transform t = s.transform();
        posX.getValueFactory().setValue(t.x());
        posY.getValueFactory().setValue(t.y());
        scale.getValueFactory().setValue(t.scale() * 100);
        rotation.getValueFactory().setValue(t.rotation());
        cropL.getValueFactory().setValue(t.cropLeft());
        cropT.getValueFactory().setValue(t.cropTop());
        cropR.getValueFactory().setValue(t.cropRight());
        cropB.getValueFactory().setValue(t.cropBottom());
        speed.getValueFactory().setValue(s.speed());
        reverse.setSelected(s.reverse());
        transition.getValueFactory().setValue((int) s.transitionIn());
        soundNote.setText(video ? "Fades fade the picture (over black on V1). Speed and direction apply to the linked sound too."
                : "Sound plays at 1x only: at another speed or reversed it is muted (no time-stretch).");
        TitleSpec ti = s.title();
        if (ti != null) {
            titleText.setText(ti.text());
            font.setValue(ti.font());
            titleSize.getValueFactory().setValue(ti.size());
            fill.setValue(argb(ti.colour()));
            outline.setValue(argb(ti.outlineColour()));
            outlineWidth.getValueFactory().setValue(ti.outlineWidth());
            titleX.getValueFactory().setValue(ti.x() * 100);
            titleY.getValueFactory().setValue(ti.y() * 100);
        }
    }

    /** The form as a style, or null with the reason in the timeline's message line. */
    ClipStyle formStyle() {
        commitEditors();
        try {
            TitleSpec title = shown.isTitle() ? new TitleSpec(titleText.getText(), font.getValue() == null ? "" : font.getValue(),
                    titleSize.getValue(), argb(fill.getValue()), argb(outline.getValue()), outlineWidth.getValue(),
                    titleX.getValue() / 100, titleY.getValue() / 100) : null;
            Transform t = new Transform(posX.getValue(), posY.getValue(), scale.getValue() / 100, rotation.getValue(),
                    cropL.getValue(), cropT.getValue(), cropR.getValue(), cropB.getValue());
            return new ClipStyle(gain.getValue(), fadeIn.getValue(), fadeOut.getValue(), opacity.getValue() / 100.0, t,
                    speed.getValue(), reverse.isSelected(), transition.getValue(), title, parseVolume(volumeKeys.getText()));
        } catch (IllegalArgumentException e) {
            timeline.report("The clip's settings cannot be used: " + e.getMessage() + ".");
            return null;
        }
    }

    /** Applies the form to the selected clip as one edit. */
    public boolean apply() {
        if (shown == null) {
            return false;
        }
        ClipStyle s = formStyle();
        return s != null && timeline.perform(new SetClipStyle(shown.id(), s, "Clip settings"));
    }

    private void commitEditors() {
        for (Spinner<?> sp : new Spinner<?>[]{gain, fadeIn, fadeOut, opacity, posX, posY, scale, rotation, cropL, cropT, cropR, cropB,
                speed, transition, titleSize, outlineWidth, titleX, titleY}) {
            commit(sp);
        }
    }

    /** Takes what was typed into a spinner's editor (JavaFX only does so on Enter or focus loss). */
    private static <T> void commit(Spinner<T> sp) {
        String text = sp.getEditor().getText();
        var f = sp.getValueFactory();
        if (f != null && f.getConverter() != null && text != null) {
            try {
                T v = f.getConverter().fromString(text.trim());
                if (v != null) {
                    f.setValue(v);
                }
            } catch (RuntimeException e) {
                sp.getEditor().setText(f.getConverter().toString(f.getValue())); // unreadable: the last good value
            }
        }
    }

    /** "0:-12, 30:0" as keyframes; anything else is refused with an example. */
    static java.util.List<dev.flowsmith.editing.model.VolumePoint> parseVolume(String text) {
        java.util.List<dev.flowsmith.editing.model.VolumePoint> out = new java.util.ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] fd = part.trim().split(":");
            if (fd.length != 2) {
                throw new IllegalArgumentException("volume keyframes are written frame:dB, e.g. 0:-12, 30:0 ('" + part.trim() + "')");
            }
            try {
                out.add(new dev.flowsmith.editing.model.VolumePoint(Long.parseLong(fd[0].trim()), Double.parseDouble(fd[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not frame:dB");
            }
        }
        out.sort(java.util.Comparator.comparingLong(dev.flowsmith.editing.model.VolumePoint::frame));
        return out;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public javafx.scene.control.TextField volumeKeysField() {
        return volumeKeys;
    }

    private static void show(javafx.scene.Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }

    private static Color argb(int v) {
        return Color.rgb((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, ((v >>> 24) & 0xff) / 255.0);
    }

    private static int argb(Color c) {
        return (int) Math.round(c.getOpacity() * 255) << 24 | (int) Math.round(c.getRed() * 255) << 16
                | (int) Math.round(c.getGreen() * 255) << 8 | (int) Math.round(c.getBlue() * 255);
    }

    private static Spinner<Double> spinner(String id, double min, double max, double value, double step) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, value, step));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        return s;
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max) {
        Spinner<Integer> s = new Spinner<>(min, max, min);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        return s;
    }

    public Spinner<Double> gainSpinner() {
        return gain;
    }

    public TextArea titleTextArea() {
        return titleText;
    }
}
