package dev.flowsmith.ui.keyframes;

import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;

import dev.flowsmith.editing.keyframes.BuiltInEdit;
import dev.flowsmith.editing.keyframes.KeyframeSelector;
import dev.flowsmith.editing.keyframes.KeyframeSet;
import dev.flowsmith.editing.keyframes.PropagateJob;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.ProgressListener;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keyframe editing of one video (AdaFlow workflow without a generative model): find keyframes at a
 * segment sensitivity, export them to a folder (optionally with a built-in edit), re-import edited
 * ones (checked), propagate to every frame as a job, read the drift meter and add keyframes where it
 * drops. Engine work runs on a background thread; results arrive on the FX thread.
 */
public final class KeyframeEditModel implements AutoCloseable {
    private final JobQueueModel jobs;
    private final ObjectProperty<Path> video = new SimpleObjectProperty<>();
    private final DoubleProperty sensitivity = new SimpleDoubleProperty(0.5);
    private final ObservableList<Integer> keyframes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<KeyframeSet> set = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<double[]> confidence = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObjectProperty<BuiltInEdit> edit = new SimpleObjectProperty<>();
    /** The text edit (Edit Keyframes): the prompt and the Stable Diffusion folder, as {@code flowsmith edit} takes them. */
    private final javafx.beans.property.StringProperty prompt = new javafx.beans.property.SimpleStringProperty("");
    /** How much of each keyframe is redrawn (0..1) and the DDIM steps of the full schedule: flowsmith edit's defaults. */
    private final javafx.beans.property.DoubleProperty strength = new javafx.beans.property.SimpleDoubleProperty(0.6);
    private final javafx.beans.property.IntegerProperty steps = new javafx.beans.property.SimpleIntegerProperty(50);
    /** Where the text edit's UNet runs: a {@code --device} name (cpu, opencl:N, gpu:N), or null for the host. */
    private final javafx.beans.property.ObjectProperty<String> device = new javafx.beans.property.SimpleObjectProperty<>();
    private final ObjectProperty<Path> sdModel = new SimpleObjectProperty<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flowsmith-keyframes");
        t.setDaemon(true);
        return t;
    });

    public KeyframeEditModel(JobQueueModel jobs) {
        this.jobs = jobs;
    }

    /** Chooses keyframes and writes them to {@code folder} (with the built-in edit, if one is set). */
    public void findKeyframes(Path folder) {
        Path v = video.get();
        if (v == null) {
            message.set("Select a video first.");
            return;
        }
        double s = sensitivity.get();
        BuiltInEdit e = edit.get();
        run(() -> {
            List<KeyframeSelector.Segment> segs = KeyframeSelector.select(v, KeyframeSelector.Params.ofSensitivity(s, 12),
                    ProgressListener.NONE, new CancellationToken());
            KeyframeSet ks = KeyframeSet.export(v, segs, folder, e);
            Platform.runLater(() -> show(ks, ks.keyframes().length + " keyframes written to " + folder
                    + (e == null ? "; edit them, then propagate." : " with the " + e.name().toLowerCase() + " edit.")));
        });
    }

    /** Re-reads a keyframe folder after editing (every keyframe present and the video's size). */
    public void importKeyframes(Path folder) {
        run(() -> {
            KeyframeSet ks = KeyframeSet.load(folder);
            Platform.runLater(() -> {
                video.set(ks.source());
                show(ks, ks.keyframes().length + " edited keyframes checked.");
            });
        });
    }

    /**
     * Edits the current keyframes together by the prompt (Stable Diffusion, after AdaFlow) as a job in the queue, with
     * the chosen strength and steps and the command line's other defaults (guidance 7.5, 20 keyframes' attention
     * budget, PnP 0.5/0.8, the model's own size); the
     * strip shows the edited keyframes when it ends, to judge before propagating. A cancelled edit keeps its last
     * finished step, and Edit Keyframes with the same settings continues from there. Null when it cannot start (the
     * message says why).
     */
    public JobModel editKeyframes() {
        KeyframeSet ks = set.get();
        if (ks == null) {
            message.set("Find or import keyframes first.");
            return null;
        }
        if (sdModel.get() == null) {
            message.set("Choose a Stable Diffusion folder (diffusers layout: unet/, text_encoder/, tokenizer/, vae/) first.");
            return null;
        }
        dev.flowsmith.diffusion.sd.KeyframeTranslation.Settings settings;
        try {
            settings = new dev.flowsmith.diffusion.sd.KeyframeTranslation.Settings(prompt.get(), "", strength.get(), steps.get(), 7.5, 20);
        } catch (IllegalArgumentException e) {
            message.set("The text edit cannot start: " + e.getMessage() + ".");
            return null;
        }
        Path folder = sdModel.get();
        String where = device.get();
        busy.set(true);
        JobModel job = jobs.editKeyframes(prompt.get(), (p, c) -> {
            try {
                return dev.flowsmith.editing.keyframes.TextEditJob.editKeyframes(ks, folder, where, settings, 0, false, p, c);
            } finally {
                Platform.runLater(() -> busy.set(false));
            }
        }, r -> show(ks, r.keyframes() + " keyframes edited together on " + r.unetDevice()
                + (r.continuedAfter() > 0 ? " (continued after step " + r.continuedAfter() + " of the cancelled edit)" : "")
                + "; check the strip, then propagate."));
        return job;
    }

    /** Starts the propagation job; the drift meter fills in when it ends. */
    public JobModel propagate(Path output) {
        KeyframeSet ks = set.get();
        if (ks == null) {
            message.set("Find or import keyframes first.");
            return null;
        }
        JobModel job = jobs.propagate(video.get(), ks.dir(), output, r -> {
            confidence.set(r.confidence());
            int[] s = r.suggestions();
            message.set(s.length == 0 ? "Propagated; confidence stays up everywhere."
                    : "Propagated; the drift meter suggests " + s.length + " more keyframe(s) (click a red marker).");
        });
        job.sourceProperty().set(video.get()); // "Compare with Source" in the job queue
        return job;
    }

    /** Adds a keyframe at {@code frame} (a drift marker was clicked). */
    public void addKeyframe(int frame) {
        KeyframeSet ks = set.get();
        if (ks == null) {
            return;
        }
        BuiltInEdit e = edit.get();
        run(() -> {
            KeyframeSet more = ks.withKeyframe(frame, e);
            Platform.runLater(() -> show(more, "Keyframe " + frame + " added" + (e == null ? "; edit it, then propagate again." : ".")));
        });
    }

    private void show(KeyframeSet ks, String text) {
        set.set(ks);
        keyframes.clear(); // the cells read the pictures again (after an edit the files changed, the numbers did not)
        keyframes.setAll(java.util.Arrays.stream(ks.keyframes()).boxed().toList());
        message.set(text);
    }

    private void run(Runnable work) {
        busy.set(true);
        worker.submit(() -> {
            try {
                work.run();
            } catch (ProjectException e) {
                Platform.runLater(() -> message.set(e.userMessage()));
            } catch (MediaException e) {
                Platform.runLater(() -> message.set(e.userMessage()));
            } catch (RuntimeException e) {
                Platform.runLater(() -> message.set("Keyframe work failed: " + e));
            } finally {
                Platform.runLater(() -> busy.set(false));
            }
        });
    }

    public ObjectProperty<Path> videoProperty() {
        return video;
    }

    public DoubleProperty sensitivityProperty() {
        return sensitivity;
    }

    public ObjectProperty<BuiltInEdit> editProperty() {
        return edit;
    }

    public javafx.beans.property.DoubleProperty strengthProperty() {
        return strength;
    }

    public javafx.beans.property.ObjectProperty<String> deviceProperty() {
        return device;
    }

    public javafx.beans.property.IntegerProperty stepsProperty() {
        return steps;
    }

    public javafx.beans.property.StringProperty promptProperty() {
        return prompt;
    }

    public ObjectProperty<Path> sdModelProperty() {
        return sdModel;
    }

    public ObservableList<Integer> keyframes() {
        return keyframes;
    }

    public ReadOnlyObjectProperty<KeyframeSet> setProperty() {
        return set.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<double[]> confidenceProperty() {
        return confidence.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
