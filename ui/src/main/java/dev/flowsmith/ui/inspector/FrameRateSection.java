package dev.flowsmith.ui.inspector;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.restoration.interp.InterpolateJob;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.interp.SceneCuts;
import dev.flowsmith.restoration.models.NpmModels;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * "Frame rate / slow motion" in the inspector: RIFE frame interpolation of the selected clip, the same job as
 * {@code flowsmith interpolate} (a higher frame rate at the same duration and sound, or slow motion that drops or
 * keeps the sound). Without the RIFE model installed it says how to get it instead of starting.
 */
public final class FrameRateSection extends VBox {
    /** What the user wants: a multiple of the source's rate or a fixed rate, played at that rate or as slow motion. */
    public record Mode(String label, int factor, Rational fixed, boolean slowMotion, String suffix) {
        static final Mode[] ALL = {
                new Mode("Double the frame rate", 2, null, false, "2x-fps"),
                new Mode("Triple the frame rate", 3, null, false, "3x-fps"),
                new Mode("Four times the frame rate", 4, null, false, "4x-fps"),
                new Mode("60 fps", 0, new Rational(60, 1), false, "60fps"),
                new Mode("Slow motion, half speed", 2, null, true, "slowmo2x"),
                new Mode("Slow motion, quarter speed", 4, null, true, "slowmo4x")};

        Rational rate(Rational source) {
            return fixed != null ? fixed : new Rational(source.num() * factor, source.den());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final String DROP = "Drop the sound", KEEP = "Keep the sound (not stretched)", STRETCH = "Stretch the sound (pitch kept)";
    private final JobQueueModel jobs;
    private final ChoiceBox<Mode> mode = new ChoiceBox<>();
    private final ChoiceBox<String> sound = new ChoiceBox<>();
    private final TextField output = new TextField();
    private final Button start = new Button("Interpolate");
    private final Button preview = new Button("Preview 2 s");
    /** The viewer's playhead (a source frame) and where a finished preview goes (the inspector wires both). */
    private java.util.function.LongSupplier playhead = () -> 0;
    private java.util.function.BiConsumer<Path, Path> onPreview = (repeated, interpolated) -> { };
    private final Label note = new Label();
    private Function<Path, Boolean> confirmOverwrite = InspectorView::askOverwrite;
    private Path input;

    public FrameRateSection(JobQueueModel jobs) {
        this.jobs = jobs;
        setSpacing(6);
        setPadding(new Insets(8, 0, 0, 0));
        Label title = new Label("Frame rate / slow motion");
        title.getStyleClass().add("section-title");
        mode.setId("frameRateMode");
        mode.setAccessibleText("Frame rate or slow motion");
        mode.getItems().setAll(Mode.ALL);
        mode.setValue(Mode.ALL[0]);
        sound.setId("slowMotionSound");
        sound.setAccessibleText("Sound in slow motion");
        sound.getItems().setAll(DROP, STRETCH, KEEP);
        sound.setValue(DROP);
        output.setId("frameRateOutput");
        output.setAccessibleText("Interpolated file");
        output.setPromptText("output file");
        start.setId("interpolateButton");
        start.setAccessibleText("Interpolate the selected clip with RIFE");
        start.setOnAction(e -> start());
        preview.setId("frameRatePreviewButton");
        preview.setAccessibleText("Interpolate 2 seconds around the playhead and play them beside the source");
        preview.setTooltip(new javafx.scene.control.Tooltip("Makes 2 s around the playhead at the new rate and plays them side by "
                + "side with the same 2 s with each frame repeated (what a plain frame-rate change shows)"));
        preview.setOnAction(e -> startPreview());
        note.setId("frameRateNote");
        note.setWrapText(true);
        mode.valueProperty().addListener((o, a, b) -> refresh(true));
        GridPane form = dev.flowsmith.ui.common.Forms.grid();
        form.addRow(0, new Label("Make"), mode);
        form.addRow(1, new Label("Sound"), sound);
        form.addRow(2, new Label("Output"), output);
        runOn.addTo(form, 3);
        getChildren().addAll(title, form, new javafx.scene.layout.HBox(6, preview, start), note);
        refresh(false);
    }

    private final RunOnChoice runOn = new RunOnChoice("interpolateRunOn", "the interpolation");

    /** The render farm's server (HOST:PORT), or null: with one, "Run on" offers it (the 2-s preview always runs here). */
    public void useFarm(String server) {
        runOn.use(server);
    }

    /** Chooses where Interpolate runs: {@code true} the farm (when one is set), {@code false} this computer. */
    public void runOnFarm(boolean farm) {
        runOn.select(farm);
    }

    /**
     * The interpolation as {@code flowsmith interpolate} options: the rate as a fraction (exact for NTSC rates), slow
     * motion and its sound; the workers keep a 10-bit source's depth and use RIFE v4.6 as installed on them.
     */
    public static List<String> arguments(Rational rate, boolean slowMotion, String sound) {
        List<String> args = new java.util.ArrayList<>(List.of("--fps", rate.num() + "/" + rate.den()));
        if (slowMotion) {
            args.add("--slowmo");
            args.addAll(List.of("--audio", KEEP.equals(sound) ? "keep" : STRETCH.equals(sound) ? "stretch" : "drop"));
        }
        return args;
    }

    void setConfirmOverwrite(Function<Path, Boolean> f) {
        confirmOverwrite = f;
    }

    /** The selected clip (null: none) and the folder its result goes to. */
    public void show(Path clip, Path suggestedFolder) {
        input = clip;
        if (clip != null) {
            output.setText(suggestedFolder.resolve(baseName(clip) + "-" + mode.getValue().suffix() + ".mp4").toString());
        }
        refresh(false);
    }

    private static String baseName(Path clip) {
        return clip.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    private void refresh(boolean renameOutput) {
        Mode m = mode.getValue();
        sound.setDisable(!m.slowMotion());
        start.setDisable(input == null);
        preview.setDisable(input == null);
        if (renameOutput && !output.getText().isBlank()) {
            output.setText(output.getText().replaceFirst("-(\\dx-fps|60fps|slowmo\\dx)\\.mp4$", "-" + m.suffix() + ".mp4"));
        }
        if (!NpmModels.standard().installed("rife-v4.6")) {
            note.setText("RIFE is not installed: run 'flowsmith models download rife-v4.6' (or models import), then choose it again.");
        } else {
            note.setText(m.slowMotion() ? "RIFE v4.6 makes the frames in between; the result plays " + m.factor() + " times longer."
                    : "RIFE v4.6 makes the frames in between; duration and sound stay. Scene cuts are not blended.");
        }
    }

    /** Where the viewer's playhead is, and what to do with a finished preview (repeated frames, interpolated). */
    public void connectViewer(java.util.function.LongSupplier playhead, java.util.function.BiConsumer<Path, Path> onPreview) {
        this.playhead = playhead;
        this.onPreview = onPreview;
    }

    /** What a job or a preview needs: the clip's video, the loaded RIFE and the rate asked for. */
    private record Ready(VideoStreamInfo video, RifeModel rife, Rational rate) {
    }

    /** The clip, the model and the rate when all can be used; else the note says why, and empty. */
    private Optional<Ready> ready() {
        NpmModels models = NpmModels.standard();
        if (!models.installed("rife-v4.6")) {
            refresh(false);
            return Optional.empty();
        }
        VideoStreamInfo v;
        RifeModel rife;
        try {
            v = MediaProbe.probe(input).requireVideo();
            rife = RifeModel.load(models.folder("rife-v4.6"));
        } catch (dev.flowsmith.media.MediaException e) {
            note.setText(e.userMessage());
            return Optional.empty();
        }
        Rational src = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        Rational rate = mode.getValue().rate(src);
        if (!src.isKnown() || rate.toDouble() <= src.toDouble() + 1e-9) {
            note.setText("'" + input.getFileName() + "' already plays at " + (src.isKnown() ? String.format(java.util.Locale.ROOT, "%.3g", src.toDouble())
                    : "an unknown") + " fps: choose a higher rate.");
            return Optional.empty();
        }
        return Optional.of(new Ready(v, rife, rate));
    }

    /** Queues the job; empty when nothing was started (no clip, no model, declined overwrite). */
    public Optional<JobModel> start() {
        if (input == null || output.getText().isBlank()) {
            return Optional.empty();
        }
        Path out = Path.of(output.getText().trim()).toAbsolutePath();
        Optional<Boolean> replace = InspectorView.overwriteChoice(out, confirmOverwrite);
        if (replace.isEmpty()) {
            return Optional.empty();
        }
        Optional<Ready> ready = ready();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        VideoStreamInfo v = ready.get().video();
        RifeModel rife = ready.get().rife();
        Mode m = mode.getValue();
        if (runOn.onFarm()) {
            Optional<dev.flowsmith.farm.FarmJob> fj = RunOnChoice.job("interpolate", arguments(ready.get().rate(), m.slowMotion(),
                    sound.getValue()), input, out, replace.get(), dev.flowsmith.farm.FarmJob.CPU_QUEUE, note::setText);
            if (fj.isEmpty()) {
                return Optional.empty();
            }
            // no source to compare with, as for a local run: the viewer pairs frames by index
            JobModel job = jobs.farm("Interpolate", fj.get(), runOn.server(), "default");
            note.setText("Sent to the farm at " + runOn.server() + " as job " + fj.get().id() + ".");
            return Optional.of(job);
        }
        EncoderSettings enc = EncoderSettings.defaults(VideoCodec.H264);
        if (v.bitDepth() > 8) {
            enc = enc.withBitDepth(10); // 10-bit in, 10-bit out
        }
        Compute compute = new Compute(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        InterpolateJob.Request req = new InterpolateJob.Request(input, out, (a, b, t) -> rife.interpolate(a, b, t, compute),
                "rife:rife-v4.6", enc, ready.get().rate(), m.slowMotion(),
                KEEP.equals(sound.getValue()) ? InterpolateJob.SlowMotionSound.KEEP : STRETCH.equals(sound.getValue())
                        ? InterpolateJob.SlowMotionSound.STRETCH : InterpolateJob.SlowMotionSound.DROP,
                SceneCuts.DEFAULT_THRESHOLD, 4, false, replace.get());
        // no source to compare with: the viewer pairs frames by index, and this result has more of them per second
        // than its source (Preview plays a pair in step instead)
        return Optional.of(jobs.interpolate(req, compute::close));
    }

    /**
     * Interpolates 2 s around the playhead into the temp folder and, when done, has the viewer play them beside the
     * same seconds with frames repeated; empty when nothing was started.
     */
    public Optional<JobModel> startPreview() {
        if (input == null) {
            return Optional.empty();
        }
        Optional<Ready> ready = ready();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        RifeModel rife = ready.get().rife();
        Path source = input;
        Path folder2;
        try {
            // a folder per preview, so the files keep short names for the viewer's A and B labels
            folder2 = InspectorView.previewFolder(baseName(source) + "-" + System.nanoTime());
        } catch (java.io.IOException e) {
            note.setText("The preview cannot be written to the temp folder: " + e.getMessage());
            return Optional.empty();
        }
        Mode m = mode.getValue();
        Rational rate = ready.get().rate();
        long around = playhead.getAsLong();
        String name = baseName(source) + "-" + m.suffix();
        Compute compute = new Compute(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        JobModel job = jobs.interpolationPreview(source, (p, c) -> dev.flowsmith.restoration.interp.InterpolatePreview.run(source, around,
                        2, (a, b, t) -> rife.interpolate(a, b, t, compute), "rife:rife-v4.6", rate, m.slowMotion(), SceneCuts.DEFAULT_THRESHOLD,
                        folder2, name, p, c), compute::close, r -> onPreview.accept(r.repeated(), r.interpolated()));
        job.compareActionProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(() -> job.outputProperty().get() == null ? null
                : () -> onPreview.accept(job.outputProperty().get().resolveSibling(name + "-repeated.mkv"), job.outputProperty().get()),
                job.outputProperty()));
        return Optional.of(job);
    }
}
