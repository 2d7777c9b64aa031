package dev.flowsmith.ui.inspector;

import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;

import dev.flowsmith.diffusion.models.ModelStore;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.restoration.RestoreRecipe;
import dev.flowsmith.restoration.job.RestoreJob;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The inspector's Restore section: what to do to the selected clip (denoise, super-resolution x2 / x4,
 * deblur), classical or generative (DiTVR, offered once its models are installed), and where to write
 * it; Restore queues a resumable restore job (H.264, 4-s segments; a cancel keeps a partial file).
 */
public final class RestoreSection extends VBox {
    public static final String CLASSICAL = "Classical", GENERATIVE = "Generative (DiTVR)";
    static final String DIT = "dit-xl-2-256", VAE = "sd-vae-ft-mse";

    private final ChoiceBox<RestoreRecipe.Task> task = new ChoiceBox<>();
    private final ChoiceBox<String> method = new ChoiceBox<>();
    private final TextField output = new TextField();
    private final Label note = new Label();
    private final Button restore = new Button("Restore");
    private final Button preview = new Button("Preview 3 s");
    private double previewSeconds = 3;
    /** The shown frame, to centre a preview on (the viewer's playhead). */
    private java.util.function.LongSupplier playhead = () -> 0;
    /** Told (source, preview, first source frame) when a preview is ready. */
    private PreviewShown onPreview = (s, p, f) -> { };

    /** Where a finished preview goes (the viewer shows it against its source from that frame). */
    public interface PreviewShown {
        void show(Path source, Path preview, long firstFrame);
    }
    private final JobQueueModel jobs;
    private final ModelStore models;
    private Path input;
    private Function<Path, Boolean> confirmOverwrite = InspectorView::askOverwrite;

    /** Told (source, result) when a restore finishes, so the viewer compares them. */
    private final java.util.function.BiConsumer<Path, Path> onResult;

    public RestoreSection(JobQueueModel jobs, ModelStore models) {
        this(jobs, models, (source, result) -> { });
    }

    public RestoreSection(JobQueueModel jobs, ModelStore models, java.util.function.BiConsumer<Path, Path> onResult) {
        this.onResult = onResult;
        this.jobs = jobs;
        this.models = models;
        setSpacing(6);
        setPadding(new Insets(8, 0, 0, 0));
        Label title = new Label("Restore");
        title.getStyleClass().add("section-title");
        task.setId("restoreTask");
        task.setAccessibleText("Restoration");
        task.getItems().setAll(RestoreRecipe.Task.values());
        task.setValue(RestoreRecipe.Task.DENOISE);
        method.setId("restoreMethod");
        method.setAccessibleText("Classical or generative");
        method.getItems().setAll(CLASSICAL, GENERATIVE);
        method.setValue(CLASSICAL);
        output.setId("restoreOutput");
        output.setAccessibleText("Restored file");
        output.setPromptText("output file");
        note.setId("restoreNote");
        note.setWrapText(true);
        restore.setId("restoreButton");
        restore.setAccessibleText("Restore the selected clip");
        task.valueProperty().addListener((o, a, b) -> {
            showSettingsFor(b);
            refresh(true);
        });
        method.valueProperty().addListener((o, a, b) -> refresh(false));
        restore.setOnAction(e -> start());
        preview.setId("previewButton");
        preview.setAccessibleText("Restore 3 seconds around the playhead and compare them with the source");
        preview.setTooltip(new javafx.scene.control.Tooltip("Restores 3 s around the playhead with these settings and shows "
                + "them against the source (wipe); then Restore runs the whole clip"));
        preview.setOnAction(e -> startPreview());
        GridPane form = dev.flowsmith.ui.common.Forms.grid();
        form.addRow(0, label("Task"), task);
        form.addRow(1, label("Method"), method);
        buildSettings(form, 2);
        form.addRow(7, label("Output"), output);
        runOn.addTo(form, 8);
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(6, preview, restore);
        getChildren().addAll(title, form, note, buttons);
        useFarm(null);
        refresh(false);
    }

    private final RunOnChoice runOn = new RunOnChoice("restoreRunOn", "the restore");

    /**
     * The render farm's server (HOST:PORT) the studio is set to, or null: with one, "Run on" offers it and Restore
     * sends the job there (the preview always runs here).
     */
    public void useFarm(String server) {
        runOn.use(server);
    }

    /** Chooses where Restore runs: {@code true} the farm (when one is set), {@code false} this computer. */
    public void runOnFarm(boolean farm) {
        runOn.select(farm);
    }

    private boolean onFarm() {
        return runOn.onFarm();
    }

    /** The restore as a farm job: the recipe as restore's options, the input's identity as this machine sees it. */
    private Optional<dev.flowsmith.farm.FarmJob> farmJob(Path in, Path out, boolean overwrite) {
        Optional<RestoreRecipe> r = recipe();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        RestoreRecipe recipe = r.get();
        return RunOnChoice.job("restore", recipe.arguments(ditFolder(recipe), vaeFolder(recipe)), in, out, overwrite,
                recipe.generative() ? dev.flowsmith.farm.FarmJob.GPU_QUEUE : dev.flowsmith.farm.FarmJob.CPU_QUEUE, note::setText);
    }

    // the settings the command line has (restore --sigma --radius --method --model), by task, with named presets
    private final javafx.scene.control.ChoiceBox<RestoreRecipe.Preset> preset = new javafx.scene.control.ChoiceBox<>();
    private final javafx.scene.control.Spinner<Double> sigma = new javafx.scene.control.Spinner<>(0.0, 100.0, 0.0, 1.0);
    private final javafx.scene.control.Spinner<Integer> radius = new javafx.scene.control.Spinner<>(0, 8, 3);
    /** One entry of the Upscaler list: a classical method, a learned model by name, or a model file. */
    public record Upscaler(String label, dev.flowsmith.restoration.sr.SuperResolver.Method method, String modelName) {
        static final Upscaler MODEL_FILE = new Upscaler("Model file…", dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL, null);
        /** Prefix of the model names that are networks installed from npm packages. */
        static final String NPM = "npm:";

        static java.util.List<Upscaler> all() {
            java.util.List<Upscaler> l = new java.util.ArrayList<>(java.util.List.of(
                    new Upscaler("Bicubic", dev.flowsmith.restoration.sr.SuperResolver.Method.BICUBIC, null),
                    new Upscaler("Lanczos", dev.flowsmith.restoration.sr.SuperResolver.Method.LANCZOS, null)));
            for (String n : dev.flowsmith.restoration.sr.SrModels.NAMES) {
                l.add(new Upscaler(n, dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL, n));
            }
            // the learned networks from npm packages, by what they are for (flowsmith models download ID)
            l.add(new Upscaler("RDN (photo, film)", dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL, NPM + "rdn-div2k"));
            l.add(new Upscaler("Real-ESRGAN (animation)", dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL,
                    NPM + "realesr-animevideov3"));
            l.add(new Upscaler("Real-CUGAN (animation)", dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL, NPM + "realcugan"));
            l.add(new Upscaler("Real-CUGAN strong denoise (animation)", dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL,
                    NPM + "realcugan-denoise3x"));
            l.add(MODEL_FILE);
            return l;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final javafx.scene.control.ChoiceBox<Upscaler> srMethod = new javafx.scene.control.ChoiceBox<>();
    private final TextField srModel = new TextField();
    private final javafx.scene.control.CheckBox richardsonLucy = new javafx.scene.control.CheckBox("Richardson-Lucy (sharper, slower)");
    private final Label sigmaLabel = label("Noise sigma");
    private final javafx.scene.Node[][] rows = new javafx.scene.Node[5][];

    private void buildSettings(GridPane form, int row) {
        preset.setId("restorePreset");
        preset.setAccessibleText("Preset");
        sigma.setId("restoreSigma");
        sigma.setEditable(true);
        sigma.setPrefWidth(90);
        sigma.setTooltip(new javafx.scene.control.Tooltip("Denoise: noise level 0-100 of 255, 0 = estimate. Deblur: blur "
                + "radius in pixels, 0 = 1.5"));
        radius.setId("restoreRadius");
        radius.setEditable(true);
        radius.setPrefWidth(90);
        srMethod.setId("restoreSrMethod");
        srMethod.getItems().setAll(Upscaler.all());
        srMethod.setValue(srMethod.getItems().get(1));
        srMethod.setTooltip(new javafx.scene.control.Tooltip("FSRCNN, ESPCN and LapSRN are read from "
                + dev.flowsmith.restoration.sr.SrModels.folder() + " (NAME_x2.pb, NAME_x4.pb); RDN, Real-ESRGAN and Real-CUGAN are "
                + "installed with 'flowsmith models download rdn-div2k-x4' / 'realesr-animevideov3-x4' / 'realcugan-x4'"));
        srMethod.valueProperty().addListener((o, a, b) -> showSettingsFor(task.getValue(), false));
        srModel.setId("restoreSrModel");
        srModel.setPromptText("FSRCNN_x2.pb, ESPCN_x2.pb, LapSRN_x2.pb …");
        richardsonLucy.setId("restoreRichardsonLucy");
        preset.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                apply(b.settings());
            }
        });
        rows[0] = new javafx.scene.Node[]{label("Preset"), preset};
        rows[1] = new javafx.scene.Node[]{sigmaLabel, sigma};
        rows[2] = new javafx.scene.Node[]{label("Frames each side"), radius};
        rows[3] = new javafx.scene.Node[]{label("Upscaler"), srMethod};
        rows[4] = new javafx.scene.Node[]{label("Model (.pb)"), srModel};
        for (int i = 0; i < rows.length; i++) {
            form.addRow(row + i, rows[i]);
        }
        form.add(richardsonLucy, 1, row + rows.length - 1);
        showSettingsFor(task.getValue());
    }

    private void apply(RestoreRecipe.Settings st) {
        sigma.getValueFactory().setValue(st.sigma());
        radius.getValueFactory().setValue(st.radius());
        srMethod.setValue(srMethod.getItems().stream().filter(u -> u.method() == st.srMethod() && u.modelName() == null
                && u != Upscaler.MODEL_FILE).findFirst().orElse(srMethod.getValue()));
        richardsonLucy.setSelected(st.richardsonLucy());
    }

    /** Only the settings the task uses are shown; presets are the task's own. */
    private void showSettingsFor(RestoreRecipe.Task t) {
        showSettingsFor(t, true);
    }

    private void showSettingsFor(RestoreRecipe.Task t, boolean resetPreset) {
        boolean denoise = t == RestoreRecipe.Task.DENOISE, deblur = t == RestoreRecipe.Task.DEBLUR,
                deflicker = t == RestoreRecipe.Task.DEFLICKER, sr = t == RestoreRecipe.Task.SR2 || t == RestoreRecipe.Task.SR4;
        sigmaLabel.setText(deblur ? "Blur sigma (px)" : "Noise sigma");
        boolean[] visible = {true, denoise || deblur, denoise || deflicker, sr, sr};
        if (!t.generative()) { // deflicker, deinterlace, stabilise: classical only
            method.setValue(CLASSICAL);
        }
        method.setDisable(!t.generative());
        for (int i = 0; i < rows.length; i++) {
            for (javafx.scene.Node n : rows[i]) {
                n.setVisible(visible[i]);
                n.setManaged(visible[i]);
            }
        }
        boolean file = sr && srMethod.getValue() == Upscaler.MODEL_FILE;
        for (javafx.scene.Node n : rows[4]) {
            n.setVisible(file);
            n.setManaged(file);
        }
        richardsonLucy.setVisible(deblur);
        richardsonLucy.setManaged(deblur);
        if (resetPreset) {
            preset.getItems().setAll(RestoreRecipe.presets(t));
            preset.setValue(preset.getItems().get(0));
        }
    }

    /** What the form says now, checked like the command line's options. */
    public RestoreRecipe.Settings settings() {
        Upscaler u = srMethod.getValue();
        RestoreRecipe.Task t = task.getValue();
        Path model = null;
        if (u.modelName() != null && u.modelName().startsWith(Upscaler.NPM) && (t == RestoreRecipe.Task.SR2 || t == RestoreRecipe.Task.SR4)) {
            model = dev.flowsmith.restoration.models.NpmModels.standard().srModelFile(u.modelName().substring(Upscaler.NPM.length()),
                    t == RestoreRecipe.Task.SR2 ? 2 : 4);
        } else if (u.modelName() != null && (t == RestoreRecipe.Task.SR2 || t == RestoreRecipe.Task.SR4)) {
            model = dev.flowsmith.restoration.sr.SrModels.require(u.modelName(), t == RestoreRecipe.Task.SR2 ? 2 : 4);
        } else if (u == Upscaler.MODEL_FILE) {
            model = srModel.getText().isBlank() ? null : Path.of(srModel.getText().trim());
        }
        var m = u.method() == dev.flowsmith.restoration.sr.SuperResolver.Method.MODEL && model == null
                && t != RestoreRecipe.Task.SR2 && t != RestoreRecipe.Task.SR4 ? dev.flowsmith.restoration.sr.SuperResolver.Method.LANCZOS
                : u.method();
        return new RestoreRecipe.Settings(sigma.getValue(), radius.getValue(), m, model, richardsonLucy.isSelected());
    }

    /** A form label that is never cut short by the fields beside it. */
    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private List<Path> batch = List.of();

    /** Several clips: Restore queues one job per clip with these settings, each output beside its source. */
    public void showMany(List<Path> clips, Path suggestedFolder) {
        show(clips.isEmpty() ? null : clips.get(0), suggestedFolder);
        batch = List.copyOf(clips);
        restore.setText(clips.size() > 1 ? "Restore " + clips.size() + " clips" : "Restore");
    }

    /** The clip to restore (null: none, the button is off). */
    public void show(Path clip, Path suggestedFolder) {
        batch = List.of();
        restore.setText("Restore");
        input = clip;
        if (clip != null) {
            String name = clip.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            output.setText(suggestedFolder.resolve(name + "-" + task.getValue().suffix() + ".mp4").toString());
        }
        refresh(false);
    }

    void setConfirmOverwrite(Function<Path, Boolean> f) {
        confirmOverwrite = f;
    }

    private boolean modelsReady() {
        return models.installed(DIT) && models.installed(VAE);
    }

    private void refresh(boolean renameOutput) {
        boolean gen = GENERATIVE.equals(method.getValue());
        if (gen && !modelsReady()) {
            note.setText("The generative tier needs its models: flowsmith models download " + DIT + " " + VAE
                    + " (or models import), then choose it again.");
        } else if (gen) {
            note.setText("DiTVR, 25 steps, windows of 8 frames: slow on a CPU; a GPU helps (flowsmith restore --device).");
        } else {
            note.setText("");
        }
        restore.setDisable(input == null || (gen && !modelsReady()));
        preview.setDisable(restore.isDisabled());
        if (renameOutput && !output.getText().isBlank()) {
            output.setText(output.getText().replaceFirst("-(denoised|x2|x4|deblurred|deflickered)\\.mp4$", "-" + task.getValue().suffix() + ".mp4"));
        }
    }

    /** How many seconds a preview restores (3 by default, as Topaz does; shorter on slow machines). */
    public void setPreviewSeconds(double seconds) {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new IllegalArgumentException("a preview lasts more than 0 and at most 60 seconds");
        }
        previewSeconds = seconds;
        preview.setText(String.format(java.util.Locale.ROOT, "Preview %s s", seconds == Math.rint(seconds)
                ? Long.toString((long) seconds) : Double.toString(seconds)));
    }

    /** The form's recipe as a processor factory; empty (with the reason in the note) when the settings are refused. */
    /** The form's recipe, or empty (with the reason in the note) when its settings cannot be used. */
    private Optional<RestoreRecipe> recipe() {
        try {
            return Optional.of(new RestoreRecipe(task.getValue(), GENERATIVE.equals(method.getValue()), settings()));
        } catch (IllegalArgumentException e) {
            note.setText("These settings cannot be used: " + e.getMessage() + ".");
            return Optional.empty();
        }
    }

    private Path ditFolder(RestoreRecipe r) {
        return r.generative() ? models.folder(DIT) : null;
    }

    private Path vaeFolder(RestoreRecipe r) {
        return r.generative() ? models.folder(VAE) : null;
    }

    private Optional<java.util.function.Supplier<dev.flowsmith.restoration.job.FrameProcessor>> processor() {
        return recipe().map(r -> r.processor(ditFolder(r), vaeFolder(r), input));
    }

    /** Where the viewer's playhead is, and what to do with a finished preview (the inspector wires both). */
    public void connectViewer(java.util.function.LongSupplier playhead, PreviewShown onPreview) {
        this.playhead = playhead;
        this.onPreview = onPreview;
    }

    /** Restores 3 s around the playhead into a temp file and shows it against the source; empty without a clip. */
    public Optional<JobModel> startPreview() {
        if (input == null) {
            return Optional.empty();
        }
        Optional<java.util.function.Supplier<dev.flowsmith.restoration.job.FrameProcessor>> processor = processor();
        if (processor.isEmpty()) {
            return Optional.empty();
        }
        Path target;
        try {
            Path dir = InspectorView.previewFolder(null);
            target = dir.resolve(input.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "-preview-"
                    + task.getValue().suffix() + "-" + System.nanoTime() + ".mkv");
        } catch (java.io.IOException e) {
            note.setText("The preview cannot be written to the temp folder: " + e.getMessage());
            return Optional.empty();
        }
        Path source = input;
        JobModel job = jobs.preview(task.getValue().toString(), source, playhead.getAsLong(), previewSeconds, processor.get(),
                target, r -> onPreview.show(source, r.file(), r.firstFrame()));
        return Optional.of(job); // no "Compare with Source": the preview opens against its source by itself
    }

    private Optional<JobModel> startBatch() {
        Optional<java.util.function.Supplier<dev.flowsmith.restoration.job.FrameProcessor>> processor = processor();
        if (processor.isEmpty()) {
            return Optional.empty();
        }
        JobModel last = null;
        List<String> skipped = new java.util.ArrayList<>();
        for (Path in : batch) {
            String name = in.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path out = InspectorView.outputFolder(in).resolve(name + "-" + task.getValue().suffix() + ".mp4");
            if (Files.exists(out)) {
                skipped.add(out.getFileName().toString());
                continue;
            }
            if (onFarm()) {
                Optional<dev.flowsmith.farm.FarmJob> fj = farmJob(in, out, false);
                if (fj.isEmpty()) {
                    return Optional.ofNullable(last);
                }
                last = jobs.farm(task.getValue().toString(), fj.get(), runOn.server(), "default");
                last.sourceProperty().set(in);
                continue;
            }
            RestoreJob.Request req = new RestoreJob.Request(in, out, processor.get(), EncoderSettings.defaults(VideoCodec.H264), 4,
                    false, true, false);
            last = jobs.restore(task.getValue().toString(), req);
            last.sourceProperty().set(in);
        }
        note.setText(batch.size() - skipped.size() + " restore job(s) queued" + (skipped.isEmpty() ? "."
                : "; skipped (output exists): " + String.join(", ", skipped) + "."));
        return Optional.ofNullable(last);
    }

    /** Queues the job; empty when nothing was started (no clip, declined overwrite). */
    public Optional<JobModel> start() {
        if (batch.size() > 1) {
            return startBatch();
        }
        if (input == null || output.getText().isBlank()) {
            return Optional.empty();
        }
        Path out = Path.of(output.getText().trim()).toAbsolutePath();
        Optional<Boolean> replace = InspectorView.overwriteChoice(out, confirmOverwrite);
        if (replace.isEmpty()) {
            return Optional.empty();
        }
        boolean overwrite = replace.get();
        if (onFarm()) {
            Optional<dev.flowsmith.farm.FarmJob> fj = farmJob(input, out, overwrite);
            if (fj.isEmpty()) {
                return Optional.empty();
            }
            JobModel job = jobs.farm(task.getValue().toString(), fj.get(), runOn.server(), "default");
            Path source = input;
            job.sourceProperty().set(source);
            job.stateProperty().addListener((o, a, b) -> {
                if (b == JobModel.State.DONE && job.outputProperty().get() != null) {
                    onResult.accept(source, job.outputProperty().get());
                }
            });
            note.setText("Sent to the farm at " + runOn.server() + " as job " + fj.get().id() + ".");
            return Optional.of(job);
        }
        Optional<java.util.function.Supplier<dev.flowsmith.restoration.job.FrameProcessor>> processor = processor();
        if (processor.isEmpty()) {
            return Optional.empty();
        }
        RestoreJob.Request req = new RestoreJob.Request(input, out, processor.get(),
                EncoderSettings.defaults(VideoCodec.H264), 4, false, true, overwrite);
        JobModel job = jobs.restore(task.getValue().toString(), req);
        Path source = input;
        job.sourceProperty().set(source);
        job.stateProperty().addListener((o, a, b) -> {
            if (b == JobModel.State.DONE && job.outputProperty().get() != null) {
                onResult.accept(source, job.outputProperty().get());
            }
        });
        return Optional.of(job);
    }
}
