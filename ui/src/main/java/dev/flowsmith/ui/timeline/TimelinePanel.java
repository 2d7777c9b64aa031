package dev.flowsmith.ui.timeline;

import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.render.RenderPlan;
import dev.flowsmith.media.MediaException;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The timeline with its tool bar: split, ripple delete, undo / redo, snapping, zoom, the playhead's
 * time code, the reason of the last refused edit, and how an export would go (stream copy or
 * re-encode, worked out in the background after each edit). Files dropped on it are added at the
 * drop point; a dropped project file is handed to {@code openProject}.
 */
public final class TimelinePanel extends BorderPane {
    private final TimelineModel model;
    private final TimelineView view;
    private final Label plan = new Label();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flowsmith-timeline-plan");
        t.setDaemon(true);
        return t;
    });
    private final PauseTransition planDelay = new PauseTransition(Duration.millis(600));

    public TimelinePanel(TimelineModel model, Consumer<Path> openProject) {
        this.model = model;
        this.view = new TimelineView(model);
        setId("timelinePanel");
        setTop(toolbar());
        javafx.scene.control.ScrollPane rows = new javafx.scene.control.ScrollPane(view);
        rows.setId("timelineRows");
        rows.setFitToWidth(true);
        rows.setFitToHeight(true); // the view fills the height; past its rows' minimum the pane scrolls
        rows.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        rows.setPannable(false);
        setCenter(rows);
        setOnDragOver(this::dragOver);
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                var local = view.sceneToLocal(e.getSceneX(), e.getSceneY());
                double frame = view.frameAt(local.getX());
                dropFiles(e.getDragboard().getFiles(), Math.max(0, Math.round(frame)), view.trackAt(local.getY()), openProject);
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        planDelay.setOnFinished(e -> updatePlan());
        model.projectProperty().addListener((o, a, b) -> planDelay.playFromStart());
        updatePlan();
    }

    private HBox toolbar() {
        Button split = button("Split", "splitButton", "Split at the playhead (S)", model::split);
        Button delete = button("Delete", "rippleDeleteButton", "Ripple delete the selected clips (Delete)", model::rippleDelete);
        Button undo = button("Undo", "undoButton", "Undo (Ctrl+Z)", model::undo);
        undo.textProperty().bind(model.undoTextProperty());
        undo.disableProperty().bind(model.undoTextProperty().isEqualTo("Undo"));
        Button redo = button("Redo", "redoButton", "Redo (Ctrl+Shift+Z)", model::redo);
        redo.textProperty().bind(model.redoTextProperty());
        redo.disableProperty().bind(model.redoTextProperty().isEqualTo("Redo"));
        ToggleButton snap = new ToggleButton("Snap");
        snap.setId("snapToggle");
        snap.setAccessibleText("Snap to clip edges and the playhead (hold Alt while dragging to avoid)");
        snap.selectedProperty().bindBidirectional(model.snappingProperty());
        Slider zoom = new Slider(Math.log(TimelineModel.MIN_ZOOM), Math.log(TimelineModel.MAX_ZOOM), Math.log(model.zoomProperty().get()));
        zoom.setId("timelineZoom");
        zoom.setAccessibleText("Timeline zoom");
        zoom.setPrefWidth(140);
        zoom.setMinWidth(100);
        zoom.valueProperty().addListener((o, a, b) -> {
            if (zoom.isValueChanging() || zoom.isPressed()) {
                model.zoomAround(Math.exp(b.doubleValue()), model.playheadProperty().get());
            }
        });
        model.zoomProperty().addListener((o, a, b) -> zoom.setValue(Math.log(b.doubleValue())));
        Button fit = button("Fit", "zoomFitButton", "Zoom to show the whole timeline", view::zoomToFit);
        javafx.scene.control.MenuItem addVideo = new javafx.scene.control.MenuItem("Video Track");
        addVideo.setId("addVideoTrack");
        addVideo.setOnAction(e -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Add(
                dev.flowsmith.editing.model.TrackKind.VIDEO, null)));
        javafx.scene.control.MenuItem addAudio = new javafx.scene.control.MenuItem("Audio Track");
        addAudio.setId("addAudioTrack");
        addAudio.setOnAction(e -> model.perform(new dev.flowsmith.editing.command.TrackEdit.Add(
                dev.flowsmith.editing.model.TrackKind.AUDIO, null)));
        javafx.scene.control.MenuButton addTrack = new javafx.scene.control.MenuButton("+ Track", null, addVideo, addAudio);
        addTrack.setId("addTrackButton");
        addTrack.setAccessibleText("Add a video or audio track (right-click a track's name for more)");
        addTrack.setFocusTraversable(false);
        Button title = button("Title", "addTitleButton", "Add a title at the playhead (edit its text in the inspector)",
                () -> model.addTitle("Title"));
        Label tc = new Label();
        tc.setId("timelineTimecode");
        tc.getStyleClass().add("timecode");
        tc.textProperty().bind(Bindings.createStringBinding(() -> model.project().rate().timecode(model.playheadProperty().get())
                + " / " + model.project().rate().timecode(model.project().duration()), model.playheadProperty(), model.projectProperty()));
        Label message = new Label();
        message.setId("timelineMessage");
        message.getStyleClass().add("error");
        message.textProperty().bind(model.messageProperty());
        plan.setId("renderPlanLabel");
        javafx.scene.control.Tooltip planTip = new javafx.scene.control.Tooltip();
        planTip.textProperty().bind(plan.textProperty()); // the whole reason, when the bar has room for part of it
        plan.setTooltip(planTip);
        javafx.scene.control.Tooltip messageTip = new javafx.scene.control.Tooltip();
        messageTip.textProperty().bind(message.textProperty());
        message.setTooltip(messageTip);
        plan.getStyleClass().add("meta");
        plan.setMinWidth(0); // the plan and the message give way (ellipsis) before any button does
        message.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // Undo/Redo say what they undo ("Undo Split"): a fixed width keeps the buttons after them from jumping
        for (Button b : List.of(undo, redo)) {
            b.setMinWidth(110);
            b.setPrefWidth(110);
            b.setMaxWidth(110);
            b.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
            b.getTooltip().textProperty().bind(b.textProperty());
        }
        HBox bar = new HBox(6, split, delete, undo, redo, snap, zoom, fit, addTrack, title, tc, message, spacer, plan);
        for (javafx.scene.Node n : List.of(split, delete, snap, fit, addTrack, title, tc)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        return bar;
    }

    private static Button button(String text, String id, String help, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setAccessibleText(help);
        b.setTooltip(new Tooltip(help));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void updatePlan() {
        var p = model.project();
        if (p.clipCount() == 0) {
            plan.setText("Drop clips here, or add them from the media bin (E).");
            return;
        }
        if (background.isShutdown()) {
            return;
        }
        background.submit(() -> {
            String text;
            try {
                text = RenderPlan.of(p, true).verdict();
            } catch (MediaException e) {
                text = "Export: " + e.userMessage();
            }
            String t = text;
            Platform.runLater(() -> {
                if (model.project() == p) {
                    plan.setText(t);
                    plan.setTooltip(new Tooltip(t));
                }
            });
        });
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
        }
        e.consume();
    }

    /** What a drop does: project files open, media files are probed in the background and added at {@code frame}. */
    public void dropFiles(List<File> files, long frame, Consumer<Path> openProject) {
        dropFiles(files, frame, 0, openProject);
    }

    /** As above, onto track {@code trackId} (0: the first tracks): a music file dropped on A2 lands on A2. */
    public void dropFiles(List<File> files, long frame, long trackId, Consumer<Path> openProject) {
        for (File f : files) {
            if (f.getName().endsWith(ProjectFile.EXTENSION)) {
                openProject.accept(f.toPath());
                return;
            }
        }
        if (background.isShutdown()) {
            return;
        }
        background.submit(() -> {
            for (File f : files) {
                try {
                    MediaRef m = MediaImport.ref(f.toPath());
                    Platform.runLater(() -> {
                        model.playheadProperty().set(Math.min(frame, model.project().duration()));
                        var kind = model.project().tracks().stream().filter(t -> t.id() == trackId).map(t -> t.kind()).findFirst();
                        boolean video = kind.isPresent() && kind.get() == dev.flowsmith.editing.model.TrackKind.VIDEO;
                        model.insert(m, video ? trackId : 0, kind.isPresent() && !video ? trackId : 0);
                    });
                } catch (MediaException e) {
                    Platform.runLater(() -> model.report(e.userMessage()));
                }
            }
        });
    }

    public TimelineView view() {
        return view;
    }

    public Label planLabel() {
        return plan;
    }

    public void dispose() {
        planDelay.stop();
        view.dispose();
        background.shutdownNow();
    }
}
