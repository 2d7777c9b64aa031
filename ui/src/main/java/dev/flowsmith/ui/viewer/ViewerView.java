package dev.flowsmith.ui.viewer;

import dev.flowsmith.ui.common.Timecode;
import dev.flowsmith.ui.timeline.TimelineModel;

import dev.flowsmith.media.PreviewImage;
import javafx.beans.binding.Bindings;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;

import java.nio.file.Path;

/**
 * The viewer: the current clip's frame (from a {@link FrameSource}), transport controls, a scrub bar
 * with time code, fit / 100 % zoom, and a compare mode that shows a second file (e.g. a transcode or
 * restore result) frame-synchronised, either with a draggable wipe or side by side. No audio
 * playback yet, which the view says ("muted").
 */
public final class ViewerView extends BorderPane {
    private final ViewerModel model;
    private final FrameView before = new FrameView("viewerImage", "Current video frame");
    private final FrameView after = new FrameView("compareImage", "Frame of the file being compared");
    private final FrameSource beforeSource;
    private final FrameSource afterSource;
    private final StackPane area = new StackPane();
    private final Region wipeHandle = new Region();
    private final Rectangle wipeClip = new Rectangle();
    private final Label message = new Label("Drop a video on the media bin, then select it");
    private final Label frameLabel = new Label();
    /** "A  source.mp4" and "B  result.mp4" over the picture while comparing: which side is which, always visible. */
    private final Label labelA = new Label(), labelB = new Label();
    private PreviewImage pendingBefore;
    private PreviewImage pendingAfter;

    public ViewerView(ViewerModel model) {
        this.model = model;
        setId("viewer");
        getStyleClass().add("viewer-pane");
        beforeSource = new FrameSource("before", f -> { pendingBefore = f; present(); }, this::showError);
        afterSource = new FrameSource("after", f -> { pendingAfter = f; present(); }, this::showError);

        area.setId("viewerArea");
        area.getStyleClass().add("viewer");
        area.setMinSize(160, 90);
        message.getStyleClass().add("viewer-overlay");
        message.setId("viewerMessage");
        wipeHandle.setId("wipeHandle");
        wipeHandle.getStyleClass().add("wipe-handle");
        wipeHandle.setAccessibleText("Wipe handle: drag to compare");
        wipeHandle.setMaxWidth(4);
        wipeHandle.setMinWidth(4);
        wipeHandle.setOnMouseDragged(this::dragWipe);
        area.setOnMouseDragged(e -> {
            if (model.compareModeProperty().get() == ViewerModel.CompareMode.WIPE) {
                dragWipe(e);
            }
        });
        after.setClip(wipeClip);
        for (FrameView v : new FrameView[]{before, after}) {
            v.fitWidthProperty().bind(Bindings.createDoubleBinding(() -> fit(true), area.widthProperty(),
                    model.compareModeProperty(), model.actualSizeProperty()));
            v.fitHeightProperty().bind(Bindings.createDoubleBinding(() -> fit(false), area.heightProperty(),
                    model.actualSizeProperty()));
            v.layoutBoundsProperty().addListener((o, a, b) -> updateWipe());
        }
        labelA.setId("compareLabelA");
        labelB.setId("compareLabelB");
        for (Label l : new Label[]{labelA, labelB}) {
            l.getStyleClass().add("viewer-overlay");
            l.setMouseTransparent(true);
            l.setStyle("-fx-background-color: rgba(0,0,0,0.55); -fx-text-fill: white; -fx-padding: 2 6 2 6;");
        }
        StackPane.setAlignment(labelA, Pos.TOP_LEFT);
        StackPane.setAlignment(labelB, Pos.TOP_RIGHT);
        StackPane.setMargin(labelA, new Insets(6));
        StackPane.setMargin(labelB, new Insets(6));
        labelA.textProperty().bind(Bindings.createStringBinding(() -> "A  " + (model.itemProperty().get() == null ? "timeline"
                : model.itemProperty().get().path().getFileName()), model.itemProperty()));
        labelB.textProperty().bind(Bindings.createStringBinding(() -> "B  " + (model.compareWithProperty().get() == null ? ""
                : model.compareWithProperty().get().getFileName()), model.compareWithProperty()));
        model.wipeProperty().addListener((o, a, b) -> updateWipe());
        model.compareModeProperty().addListener((o, a, b) -> layoutArea());
        model.compareWithProperty().addListener((o, a, b) -> openCompare(b));
        model.itemProperty().addListener((o, a, b) -> {
            if (b != null) {
                message.setVisible(false);
                beforeSource.open(b.path());
                if (model.compareWithProperty().get() != null) {
                    afterSource.request(0);
                }
            }
        });
        model.timelineProperty().addListener((o, a, b) -> {
            if (b != null) {
                message.setVisible(false);
                pendingBefore = null;
                beforeSource.show(timelineMapping(b), model.frameProperty().get());
                b.projectProperty().addListener((oo, aa, bb) -> {
                    if (model.timelineProperty().get() == b) {
                        requestFrames(); // an edit may change the picture under the playhead
                    }
                });
            }
        });
        model.frameProperty().addListener((o, a, b) -> requestFrames());
        model.actualSizeProperty().addListener((o, a, b) -> {
            int w = b ? 8192 : 1280, h = b ? 8192 : 720;
            beforeSource.setMaxSize(w, h);
            afterSource.setMaxSize(w, h);
            requestFrames();
        });
        layoutArea();
        setCenter(area);
        setBottom(controls());
    }

    private double fit(boolean width) {
        if (model.actualSizeProperty().get()) {
            return 0; // natural size of the decoded frame
        }
        double w = area.getWidth(), h = area.getHeight();
        if (width && model.compareModeProperty().get() == ViewerModel.CompareMode.SIDE_BY_SIDE) {
            w = w / 2 - 4;
        }
        return Math.max(1, width ? w : h);
    }

    private javafx.scene.layout.VBox controls() {
        Button play = new Button("Play");
        play.setId("playButton");
        play.setAccessibleText("Play or pause (Space)");
        play.setTooltip(new Tooltip("Play / pause (Space); J K L shuttle"));
        play.textProperty().bind(Bindings.when(model.playingProperty()).then("Pause").otherwise("Play"));
        play.setOnAction(e -> model.togglePlay());
        Button back = new Button("<");
        back.setId("stepBackButton");
        back.setAccessibleText("Previous frame (Left)");
        back.setOnAction(e -> model.step(-1));
        Button fwd = new Button(">");
        fwd.setId("stepForwardButton");
        fwd.setAccessibleText("Next frame (Right)");
        fwd.setOnAction(e -> model.step(1));

        Slider scrub = new Slider(0, 1, 0);
        scrub.setId("scrubBar");
        scrub.setAccessibleText("Scrub bar");
        scrub.maxProperty().bind(Bindings.createDoubleBinding(() -> (double) Math.max(1, model.frameCountProperty().get() - 1),
                model.frameCountProperty()));
        model.frameProperty().addListener((o, a, b) -> {
            if (!scrub.isValueChanging()) {
                scrub.setValue(b.doubleValue());
            }
        });
        scrub.valueProperty().addListener((o, a, b) -> {
            if (scrub.isValueChanging() || scrub.isPressed()) {
                model.seek(Math.round(b.doubleValue()));
            }
        });
        HBox.setHgrow(scrub, Priority.ALWAYS);

        Label timecode = new Label();
        timecode.setId("timecode");
        timecode.getStyleClass().add("timecode");
        timecode.textProperty().bind(Bindings.createStringBinding(() -> Timecode.of(model.frameProperty().get(),
                model.fpsProperty().get()), model.frameProperty(), model.fpsProperty()));
        frameLabel.setId("frameIndex");
        frameLabel.getStyleClass().add("timecode");
        frameLabel.setText("frame –");

        ToggleButton zoom = new ToggleButton("100%");
        zoom.setId("zoomToggle");
        zoom.setAccessibleText("Toggle fit to window or 100 percent");
        zoom.selectedProperty().bindBidirectional(model.actualSizeProperty());

        ChoiceBox<ViewerModel.CompareMode> compare = new ChoiceBox<>();
        compare.setId("compareMode");
        compare.setAccessibleText("Compare mode");
        compare.getItems().setAll(ViewerModel.CompareMode.values());
        compare.valueProperty().bindBidirectional(model.compareModeProperty());
        compare.setConverter(new StringConverter<>() {
            @Override
            public String toString(ViewerModel.CompareMode m) {
                return m == null ? "" : switch (m) {
                    case OFF -> "No compare";
                    case WIPE -> "Wipe";
                    case SIDE_BY_SIDE -> "Side by side";
                };
            }

            @Override
            public ViewerModel.CompareMode fromString(String s) {
                return null;
            }
        });

        Label muted = new Label("Muted");
        muted.setId("mutedLabel");
        muted.setTooltip(new Tooltip("Audio playback is not built yet; exports keep the audio."));

        // a flow, not a row: on a narrow viewer (1280x720 screens) the controls wrap to a second line instead of
        // widening the window past the screen
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(8, 4, back, play, fwd, timecode, frameLabel,
                zoom, compare, muted);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPrefWrapLength(200);
        for (javafx.scene.Node n : buttons.getChildren()) {
            if (n instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        javafx.scene.layout.VBox bar = new javafx.scene.layout.VBox(4, scrub, buttons);
        bar.setPadding(new Insets(6));
        return bar;
    }

    private void layoutArea() {
        ViewerModel.CompareMode mode = model.compareModeProperty().get();
        area.getChildren().clear();
        switch (mode) {
            case WIPE:
                after.setClip(wipeClip);
                area.getChildren().addAll(before, after, wipeHandle, labelA, labelB, message);
                break;
            case SIDE_BY_SIDE:
                after.setClip(null);
                HBox pair = new HBox(8, before, after);
                pair.setAlignment(Pos.CENTER);
                area.getChildren().addAll(pair, labelA, labelB, message);
                break;
            default:
                area.getChildren().addAll(before, message);
        }
        updateWipe();
        requestFrames();
    }

    private void openCompare(Path p) {
        pendingAfter = null;
        if (p != null) {
            afterSource.open(p);
            if (model.compareModeProperty().get() == ViewerModel.CompareMode.OFF) {
                model.compareModeProperty().set(ViewerModel.CompareMode.WIPE);
            }
            afterSource.request(Math.max(0, model.frameProperty().get() - model.compareOffsetProperty().get()));
        }
    }

    /** Timeline frame -> the file and frame the picture shows there (read on the decoding thread). */
    private static FrameSource.Mapping timelineMapping(TimelineModel t) {
        return index -> {
            var piece = dev.flowsmith.editing.render.TimelineFlattener.pictureAt(t.project(), index);
            if (piece == null) {
                return null;
            }
            long frame = Math.round(piece.sourceIn() * piece.media().rate().fps() / 1e6);
            return new FrameSource.Target(piece.media().path(), frame);
        };
    }

    private void requestFrames() {
        long i = model.frameProperty().get();
        if (model.itemProperty().get() != null || model.timelineProperty().get() != null) {
            beforeSource.request(i);
        }
        if (model.compareModeProperty().get() != ViewerModel.CompareMode.OFF && model.compareWithProperty().get() != null) {
            afterSource.request(Math.max(0, i - model.compareOffsetProperty().get()));
        }
    }

    /** Shows decoded frames; in compare modes only pairs of the same index (frame-synchronised). */
    private void present() {
        boolean comparing = model.compareModeProperty().get() != ViewerModel.CompareMode.OFF
                && model.compareWithProperty().get() != null;
        if (comparing && pendingBefore != null && pendingAfter != null
                && pendingBefore.index() < model.compareOffsetProperty().get()) {
            comparing = false; // before a preview's range: the source alone
        }
        if (!comparing) {
            if (pendingBefore != null) {
                before.show(pendingBefore);
                pendingBefore = null;
            }
        } else if (pendingBefore != null && pendingAfter != null
                && pendingBefore.index() == pendingAfter.index() + model.compareOffsetProperty().get()) {
            before.show(pendingBefore);
            after.show(pendingAfter);
            pendingBefore = null;
            pendingAfter = null;
        } else if (pendingBefore == null && pendingAfter != null
                && before.shownIndex() == pendingAfter.index() + model.compareOffsetProperty().get()) {
            // a compare file opened while paused: the source's frame is already up, only B's was asked for
            after.show(pendingAfter);
            pendingAfter = null;
        }
        // the position in what is being viewed (a clip, or the timeline), never a source file's own frame index,
        // which on the timeline could read "frame 349 / 127"
        long count = Math.max(1, model.frameCountProperty().get());
        frameLabel.setText("frame " + Math.min(Math.max(0, model.frameProperty().get()), count - 1) + " / " + count);
    }

    private void dragWipe(MouseEvent e) {
        Bounds b = after.localToScene(after.getLayoutBounds());
        if (b.getWidth() > 0) {
            model.wipeProperty().set(Math.max(0, Math.min(1, (e.getSceneX() - b.getMinX()) / b.getWidth())));
        }
        e.consume();
    }

    private void updateWipe() {
        Bounds b = after.getLayoutBounds();
        double w = b.getWidth(), h = b.getHeight(), x = model.wipeProperty().get() * w;
        wipeClip.setX(x);
        wipeClip.setY(0);
        wipeClip.setWidth(Math.max(0, w - x));
        wipeClip.setHeight(h);
        wipeHandle.setTranslateX(x - w / 2);
        wipeHandle.setMaxHeight(h > 0 ? h : Double.MAX_VALUE);
    }

    private void showError(String text) {
        message.setText(text);
        message.setVisible(true);
    }

    public FrameView beforeView() {
        return before;
    }

    public FrameView afterView() {
        return after;
    }

    public void dispose() {
        beforeSource.close();
        afterSource.close();
    }
}
