package dev.flowsmith.ui.inspector;

import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.Dialogs;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;
import dev.flowsmith.ui.viewer.ViewerModel;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.Transcoder;
import dev.flowsmith.media.VideoCodec;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The inspector: the selected clip's properties and the transcode form (codec, quality, bit depth,
 * output path, with a confirmation before replacing a file). Transcode runs the same engine call as
 * the command line, as a job in the queue.
 */
public final class InspectorView extends VBox {
    private final Label details = new Label("Nothing selected");
    private final ChoiceBox<VideoCodec> codec = new ChoiceBox<>();
    private final Spinner<Integer> crf = new Spinner<>(0, 63, 18);
    private final ChoiceBox<Integer> bitDepth = new ChoiceBox<>();
    private final TextField output = new TextField();
    private final Button transcode = new Button("Transcode");
    private final JobQueueModel jobs;
    private final RestoreSection restore;
    private final FrameRateSection frameRate;
    private final ViewerModel viewer;
    private MediaItem item;
    /** Asks the user before replacing a file; replaceable in tests. */
    private Function<Path, Boolean> confirmOverwrite = InspectorView::askOverwrite;

    public InspectorView(JobQueueModel jobs, ViewerModel viewer) {
        this.jobs = jobs;
        this.viewer = viewer;
        this.restore = new RestoreSection(jobs, dev.flowsmith.diffusion.models.ModelStore.standard(), viewer::resultReady);
        this.frameRate = new FrameRateSection(jobs);
        this.restore.connectViewer(() -> viewer.frameProperty().get(), viewer::resultReady);
        this.frameRate.connectViewer(() -> viewer.frameProperty().get(), viewer::showPreviewPair);
        setId("inspector");
        setSpacing(8);
        setPadding(new Insets(8));
        setMinWidth(220);
        Label title = new Label("Inspector");
        title.getStyleClass().add("section-title");
        details.setId("inspectorDetails");
        details.setWrapText(true);

        codec.setId("codecChoice");
        codec.setAccessibleText("Video codec");
        codec.getItems().setAll(VideoCodec.values());
        codec.setValue(VideoCodec.H264);
        codec.valueProperty().addListener((o, a, b) -> {
            crf.getValueFactory().setValue(b.defaultCrf());
            crf.setDisable(!b.usesCrf());
            if (b == VideoCodec.PRORES) {
                bitDepth.getItems().setAll(10);
                bitDepth.setValue(10);
            } else if (b == VideoCodec.VP9) {
                bitDepth.getItems().setAll(8); // this FFmpeg build's libvpx encodes 8-bit only
                bitDepth.setValue(8);
            } else {
                Integer was = bitDepth.getValue();
                bitDepth.getItems().setAll(8, 10);
                bitDepth.setValue(was == null ? 8 : was);
            }
            updateOutputExtension();
        });
        crf.setId("crfSpinner");
        crf.setAccessibleText("Quality (CRF, lower is better)");
        crf.setEditable(true);
        bitDepth.setId("bitDepthChoice");
        bitDepth.setAccessibleText("Bit depth");
        bitDepth.getItems().setAll(8, 10);
        bitDepth.setValue(8);
        output.setId("outputPath");
        output.setAccessibleText("Output file");
        output.setPromptText("output file");
        Button browse = new Button("…");
        browse.setId("browseOutput");
        browse.setAccessibleText("Choose the output file");
        browse.setOnAction(e -> browse());
        transcode.setId("transcodeButton");
        transcode.setAccessibleText("Transcode the selected clip");
        transcode.setDisable(true);
        transcode.setOnAction(e -> startTranscode());

        GridPane form = dev.flowsmith.ui.common.Forms.grid();
        form.addRow(0, new Label("Codec"), codec);
        form.addRow(1, new Label("Quality (CRF)"), crf);
        form.addRow(2, new Label("Bit depth"), bitDepth);
        form.addRow(3, new Label("Output"), output, browse);
        Label tc = new Label("Transcode");
        tc.getStyleClass().add("section-title");
        getChildren().addAll(title, details, tc, form, transcode, restore, frameRate);
    }

    private ClipSection clipSection;

    /** Adds the selected timeline clip's settings at the top (shown while one timeline clip is selected). */
    public ClipSection attachTimeline(dev.flowsmith.ui.timeline.TimelineModel timeline) {
        clipSection = new ClipSection(timeline);
        getChildren().add(1, clipSection);
        return clipSection;
    }

    public ClipSection clipSection() {
        return clipSection;
    }

    private List<MediaItem> batch = List.of();

    /**
     * Several bin items at once (a batch): Transcode and Restore queue one job per ready item with the form's settings,
     * each output beside its source (an output that exists already is skipped and said so).
     */
    public void showMany(List<MediaItem> items) {
        List<MediaItem> ready = items.stream().filter(i -> i.state() == MediaItem.State.READY).toList();
        if (items.size() < 2) {
            batch = List.of();
            show(items.isEmpty() ? null : items.get(0));
            return;
        }
        batch = ready;
        item = null;
        details.setText(items.size() + " clips selected (" + ready.size() + " ready): Transcode and Restore queue one job for each, "
                + "its output beside its source.");
        transcode.setDisable(ready.isEmpty());
        transcode.setText(ready.isEmpty() ? "Transcode" : "Transcode " + ready.size() + " clips");
        restore.showMany(ready.stream().map(MediaItem::path).toList(), ready.isEmpty() ? null : outputFolder(ready.get(0).path()));
        frameRate.show(null, null); // one clip at a time
    }

    /** Shows a clip (or nothing). */
    public void show(MediaItem m) {
        batch = List.of();
        transcode.setText("Transcode");
        item = m;
        MediaInfo info = m == null ? null : m.info();
        transcode.setDisable(m == null || m.state() != MediaItem.State.READY);
        restore.show(m == null || m.state() != MediaItem.State.READY ? null : m.path(), m == null ? null : outputFolder(m.path()));
        frameRate.show(m == null || m.state() != MediaItem.State.READY ? null : m.path(), m == null ? null : outputFolder(m.path()));
        if (m == null) {
            details.setText("Nothing selected");
            return;
        }
        if (info == null) {
            details.setText(m.name() + "\n" + (m.state() == MediaItem.State.FAILED ? m.errorProperty().get() : "reading…"));
            return;
        }
        StringBuilder sb = new StringBuilder(m.name()).append('\n').append(m.summary());
        info.video().ifPresent(v -> sb.append('\n').append(v.pixelFormat()).append(", ").append(v.bitDepth())
                .append("-bit, ").append(v.color().primaries()).append('/').append(v.color().transfer())
                .append(v.rotation().degrees() != 0 ? ", rotated " + v.rotation().degrees() + "°" : "")
                .append('\n').append(v.frameCountExact() ? "" : "about ").append(v.frameCount()).append(" frames"));
        info.audioStreams().forEach(a -> sb.append("\naudio: ").append(a.codec()).append(", ").append(a.sampleRate())
                .append(" Hz, ").append(a.channels()).append(" ch"));
        details.setText(sb.toString());
        output.setText(defaultOutput(m.path()).toString());
    }

    /** The source's folder when it is writable, else ~/Videos (or home). */
    /** The system temp folder's {@code flowsmith-previews} (and {@code sub} inside it, when given), made if missing. */
    static Path previewFolder(String sub) throws java.io.IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "flowsmith-previews");
        return java.nio.file.Files.createDirectories(sub == null ? root : root.resolve(sub));
    }

    /**
     * Where results of {@code in} go by default: beside it, unless that folder is not writable or is write-protected
     * (no write bit at all: an archive mount, shared test media), which root could still write into; then ~/Videos
     * or home.
     */
    public static Path outputFolder(Path in) {
        Path dir = in.toAbsolutePath().getParent();
        if (dir == null || !Files.isWritable(dir) || writeProtected(dir)) {
            Path home = Path.of(System.getProperty("user.home"));
            dir = Files.isDirectory(home.resolve("Videos")) ? home.resolve("Videos") : home;
        }
        return dir;
    }

    private static boolean writeProtected(Path dir) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            return !p.contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false; // no POSIX permissions here (Windows): isWritable decides
        }
    }

    /** Next to the source when that folder is writable, else in ~/Videos (or home): never fails on read-only media. */
    private Path defaultOutput(Path in) {
        String name = in.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return outputFolder(in).resolve(name + "-" + codec.getValue().name().toLowerCase() + extension());
    }

    private String extension() {
        return switch (codec.getValue()) {
            case VP9 -> ".webm";
            case PRORES -> ".mov";
            case FFV1 -> ".mkv";
            default -> ".mp4";
        };
    }

    private void updateOutputExtension() {
        if (item != null) {
            output.setText(defaultOutput(item.path()).toString());
        }
    }

    private void browse() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Transcode to");
        if (item != null) {
            fc.setInitialDirectory(item.path().getParent().toFile());
            fc.setInitialFileName(defaultOutput(item.path()).getFileName().toString());
        }
        File f = Dialogs.keepingMaximized(getScene().getWindow(), () -> fc.showSaveDialog(getScene().getWindow()));
        if (f != null) {
            output.setText(f.getAbsolutePath());
        }
    }

    /** Starts the transcode job; returns it, or empty when the user declined or the form is wrong. */
    public Optional<JobModel> startTranscode() {
        if (!batch.isEmpty()) {
            return startTranscodeBatch();
        }
        if (item == null || output.getText().isBlank()) {
            return Optional.empty();
        }
        Path out = Path.of(output.getText().trim());
        Optional<Boolean> replace = InspectorView.overwriteChoice(out, confirmOverwrite);
        if (replace.isEmpty()) {
            return Optional.empty();
        }
        boolean overwrite = replace.get();
        EncoderSettings s = formSettings();
        if (s == null) {
            return Optional.empty();
        }
        JobModel job = jobs.transcode(new Transcoder.Request(item.path(), out, s, overwrite));
        job.sourceProperty().set(item.path());
        job.stateProperty().addListener((o, a, b) -> {
            if (b == JobModel.State.DONE) {
                viewer.resultReady(item.path(), job.outputProperty().get());
            }
        });
        return Optional.of(job);
    }

    /** The form's encoder settings, or null after saying why they cannot be used. */
    private EncoderSettings formSettings() {
        try {
            return new EncoderSettings(codec.getValue(), codec.getValue().usesCrf() ? crf.getValue() : 0, "medium",
                    codec.getValue() == VideoCodec.PRORES ? 10 : bitDepth.getValue());
        } catch (IllegalArgumentException e) {
            Dialogs.owned(new Alert(Alert.AlertType.ERROR, e.getMessage())).showAndWait();
            return null;
        }
    }

    /** One transcode per batch item with the form's codec and quality; returns the last job queued. */
    private Optional<JobModel> startTranscodeBatch() {
        EncoderSettings s = formSettings();
        if (s == null) {
            return Optional.empty();
        }
        JobModel last = null;
        List<String> skipped = new java.util.ArrayList<>();
        for (MediaItem m : batch) {
            Path out = defaultOutput(m.path());
            if (Files.exists(out)) {
                skipped.add(out.getFileName().toString());
                continue;
            }
            last = jobs.transcode(new Transcoder.Request(m.path(), out, s, false));
            last.sourceProperty().set(m.path());
        }
        details.setText(batch.size() - skipped.size() + " transcode(s) queued" + (skipped.isEmpty() ? "."
                : "; skipped (output exists): " + String.join(", ", skipped) + "."));
        return Optional.ofNullable(last);
    }

    public void setConfirmOverwrite(Function<Path, Boolean> f) {
        confirmOverwrite = f;
    }

    /**
     * Whether a job may write {@code out}: empty when it exists and the user declines, else whether it replaces a file
     * (shared by the inspector's Transcode, Restore and Frame rate sections).
     */
    static Optional<Boolean> overwriteChoice(Path out, Function<Path, Boolean> confirm) {
        if (!Files.exists(out)) {
            return Optional.of(false);
        }
        return confirm.apply(out) ? Optional.of(true) : Optional.empty();
    }

    public static boolean askOverwrite(Path out) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "'" + out.getFileName() + "' exists. Replace it?",
                ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Replace the existing file?");
        a.getDialogPane().setId("overwriteDialog");
        return Dialogs.owned(a).showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    public FrameRateSection frameRateSection() {
        return frameRate;
    }

    public RestoreSection restoreSection() {
        return restore;
    }
}
