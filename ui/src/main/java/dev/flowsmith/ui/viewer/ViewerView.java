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
 * restore result) frame-synchronised, either with a draggable wipe or side by side. Playback at 1x
 * plays the clip's sound, which is then the master clock, with volume, mute and peak/RMS meters.
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
    /** The picture area in a scroll pane: fit to it, or zoomed and panned (drag, scroll bars, Shift+arrows). */
    private final javafx.scene.control.ScrollPane scroller = new javafx.scene.control.ScrollPane();
    private final javafx.scene.canvas.Canvas guides = new javafx.scene.canvas.Canvas();
    private final javafx.scene.image.ImageView loupe = new javafx.scene.image.ImageView();
    private final ScopesView scopes;
    private final Label colourNote = new Label();
    private final Label droppedLabel = new Label();
    private final javafx.scene.canvas.Canvas meter = new javafx.scene.canvas.Canvas(120, 12);
    private final Label meterText = new Label();
    /** The sound of the clip playing at 1x (the master clock), or null. */
    private dev.flowsmith.media.AudioPlayback audio;
    /** Where sound goes; tests put a stand-in here. */
    private java.util.function.Supplier<dev.flowsmith.media.AudioPlayback.Output> audioOutput = dev.flowsmith.media.JavaSoundOutput::new;
    /** Held here: bidirectional bindings are weak, and the choice box needs an object view of the zoom. */
    private final javafx.beans.property.ObjectProperty<Double> zoomObject;

    public ViewerView(ViewerModel model) {
        this.model = model;
        setId("viewer");
        getStyleClass().add("viewer-pane");
        scopes = new ScopesView(model);
        zoomObject = model.zoomProperty().asObject();
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
            if (model.compareModeProperty().get() == ViewerModel.CompareMode.WIPE && model.zoomProperty().get() == 0) {
                dragWipe(e); // zoomed in, a drag pans the picture and the handle moves the wipe
            }
        });
        after.setClip(wipeClip);
        for (FrameView v : new FrameView[]{before, after}) {
            v.fitWidthProperty().bind(Bindings.createDoubleBinding(() -> fit(v, true), scroller.viewportBoundsProperty(),
                    model.compareModeProperty(), model.zoomProperty(), v.imageProperty()));
            v.fitHeightProperty().bind(Bindings.createDoubleBinding(() -> fit(v, false), scroller.viewportBoundsProperty(),
                    model.zoomProperty(), v.imageProperty()));
            // zoomed in past 100 %, pixels are shown as blocks, as pixel-peeping needs
            v.smoothProperty().bind(model.zoomProperty().isEqualTo(0).or(model.zoomProperty().lessThan(2)));
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
        model.zoomProperty().addListener((o, a, b) -> {
            boolean zoomed = b.doubleValue() > 0;
            int w = zoomed ? 8192 : 1280, h = zoomed ? 8192 : 720; // zoomed: the source's own pixels
            beforeSource.setMaxSize(w, h);
            afterSource.setMaxSize(w, h);
            scroller.setFitToWidth(!zoomed);
            scroller.setFitToHeight(!zoomed);
            scroller.setPannable(zoomed);
            requestFrames();
        });
        model.rawSignalProperty().addListener((o, a, b) -> {
            dev.flowsmith.media.color.DisplayOptions d = b ? dev.flowsmith.media.color.DisplayOptions.RAW
                    : dev.flowsmith.media.color.DisplayOptions.DEFAULT;
            beforeSource.setDisplay(d);
            afterSource.setDisplay(d);
            requestFrames();
        });
        model.playingProperty().addListener((o, a, b) -> playbackChanged(b));
        model.scopesProperty().addListener((o, a, b) -> {
            if (b != ViewerModel.ScopeKind.OFF && !model.playingProperty().get()) {
                requestFrames(); // measure the picture already on screen
            }
        });
        model.rateProperty().addListener((o, a, b) -> {
            if (model.playingProperty().get() && b.intValue() != 0) {
                playbackChanged(true); // J while playing forward, or 2x: a decoder for the new direction and speed
            }
        });
        model.setOnClockStart(this::startSound);
        model.setOnScrub(this::scrubGrain);
        model.setOnSeekWhilePlaying(() -> playbackChanged(true));
        model.volumeDbProperty().addListener((o, a, b) -> {
            if (audio != null) {
                audio.setGainDb(b.doubleValue() <= -40 ? -100 : b.doubleValue());
            }
        });
        model.mutedProperty().addListener((o, a, b) -> {
            if (audio != null) {
                audio.setMuted(b);
            }
        });
        model.metersProperty().addListener((o, a, b) -> drawMeter(b));
        model.setFrameReady(i -> {
            if (!beforeSource.playing()) {
                return true;
            }
            long off = model.compareOffsetProperty().get();
            return beforeSource.available(i) == i && (!afterSource.playing() || i < off || afterSource.available(i - off) == i - off);
        });
        for (javafx.beans.value.ObservableValue<?> v : new javafx.beans.value.ObservableValue<?>[]{model.safeAreasProperty(),
                model.gridProperty(), before.boundsInParentProperty(), area.layoutBoundsProperty(), model.compareModeProperty()}) {
            v.addListener((o, a, b) -> drawGuides());
        }
        guides.setId("viewerGuides");
        guides.setMouseTransparent(true);
        guides.setManaged(false);
        loupe.setId("loupe");
        loupe.setManaged(false);
        loupe.setMouseTransparent(true);
        loupe.setFitWidth(160);
        loupe.setFitHeight(160);
        loupe.setSmooth(false);
        loupe.setVisible(false);
        loupe.setStyle("-fx-effect: dropshadow(gaussian, black, 6, 0.5, 0, 0);");
        area.setOnMouseMoved(this::moveLoupe);
        area.setOnMouseExited(e -> loupe.setVisible(false));
        scroller.setId("viewerScroll");
        scroller.setContent(area);
        scroller.setFitToWidth(true);
        scroller.setFitToHeight(true);
        scroller.getStyleClass().add("viewer");
        scroller.setStyle("-fx-background: black; -fx-background-color: black;");
        layoutArea();
        BorderPane centre = new BorderPane(scroller);
        centre.setRight(scopes);
        setCenter(centre);
        setBottom(controls());
    }

    private double fit(FrameView v, boolean width) {
        double z = model.zoomProperty().get();
        if (z > 0) {
            javafx.scene.image.Image img = v.getImage();
            return img == null ? 0 : (width ? img.getWidth() : img.getHeight()) * z; // decoded at the source's size
        }
        Bounds vp = scroller.getViewportBounds();
        double w = vp.getWidth(), h = vp.getHeight();
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
                model.scrub(Math.round(b.doubleValue()));
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
        compare.setConverter(labels(m -> m == null ? "" : switch (m) {
                    case OFF -> "No compare";
                    case WIPE -> "Wipe";
                    case SIDE_BY_SIDE -> "Side by side";
                }));

        ChoiceBox<Double> zoomLevel = new ChoiceBox<>();
        zoomLevel.setId("zoomLevel");
        zoomLevel.setAccessibleText("Viewer zoom");
        zoomLevel.setTooltip(new Tooltip("Zoom: fit, 25-800 % (Z / Shift+Z; drag or Shift+arrows to pan)"));
        zoomLevel.getItems().add(0.0);
        for (double z : ViewerModel.ZOOM_STEPS) {
            zoomLevel.getItems().add(z);
        }
        zoomLevel.valueProperty().bindBidirectional(zoomObject);
        zoomLevel.setConverter(labels(z -> z == null ? "" : z == 0 ? "Fit" : Math.round(z * 100) + "%"));
        ToggleButton raw = new ToggleButton("Raw");
        raw.setId("rawSignalToggle");
        raw.setAccessibleText("Show the raw signal without tone mapping");
        raw.setTooltip(new Tooltip("Raw signal: the code values as they are, no HDR tone mapping or gamut mapping"));
        raw.selectedProperty().bindBidirectional(model.rawSignalProperty());
        ToggleButton safe = new ToggleButton("Safe");
        safe.setId("safeAreaToggle");
        safe.setTooltip(new Tooltip("Action-safe (93 %) and graphics-safe (90 %) frames"));
        safe.selectedProperty().bindBidirectional(model.safeAreasProperty());
        ToggleButton gridToggle = new ToggleButton("Grid");
        gridToggle.setId("gridToggle");
        gridToggle.setTooltip(new Tooltip("Rule-of-thirds grid"));
        gridToggle.selectedProperty().bindBidirectional(model.gridProperty());
        ToggleButton loupeToggle = new ToggleButton("Loupe");
        loupeToggle.setId("loupeToggle");
        loupeToggle.setTooltip(new Tooltip("4x magnifier under the mouse"));
        loupeToggle.selectedProperty().bindBidirectional(model.loupeProperty());
        ChoiceBox<ViewerModel.ScopeKind> scopeChoice = new ChoiceBox<>();
        scopeChoice.setId("scopesChoice");
        scopeChoice.setAccessibleText("Scopes");
        scopeChoice.getItems().setAll(ViewerModel.ScopeKind.values());
        scopeChoice.valueProperty().bindBidirectional(model.scopesProperty());
        scopeChoice.setConverter(labels(k -> k == null ? "" : switch (k) {
                    case OFF -> "No scopes";
                    case WAVEFORM -> "Waveform";
                    case PARADE -> "RGB parade";
                    case VECTORSCOPE -> "Vectorscope";
                    case HISTOGRAM -> "Histogram";
                }));
        colourNote.setId("colourNote");
        colourNote.getStyleClass().add("timecode");
        colourNote.setMinWidth(Region.USE_PREF_SIZE);
        droppedLabel.setId("droppedFrames");
        droppedLabel.textProperty().bind(Bindings.createStringBinding(() -> model.droppedFramesProperty().get() == 0 ? ""
                : model.droppedFramesProperty().get() + " dropped", model.droppedFramesProperty()));
        droppedLabel.setStyle("-fx-text-fill: #ff6060;");

        ToggleButton mute = new ToggleButton("Mute");
        mute.setId("muteToggle");
        mute.setAccessibleText("Mute the sound");
        mute.selectedProperty().bindBidirectional(model.mutedProperty());
        Slider volume = new Slider(-40, 6, 0);
        volume.setId("volumeSlider");
        volume.setAccessibleText("Volume in decibels");
        volume.setPrefWidth(90);
        volume.valueProperty().bindBidirectional(model.volumeDbProperty());
        volume.setTooltip(new Tooltip("Volume, -40 (silent) to +6 dB"));
        meter.setId("audioMeter");
        meterText.setId("audioMeterText");
        meterText.getStyleClass().add("timecode");
        Label audioNote = new Label();
        audioNote.setId("audioNote");
        audioNote.textProperty().bind(model.audioNoteProperty());
        drawMeter(model.metersProperty().get());

        // a flow, not a row: on a narrow viewer (1280x720 screens) the controls wrap to a second line instead of
        // widening the window past the screen
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(8, 4, back, play, fwd, timecode, frameLabel,
                zoom, zoomLevel, compare, scopeChoice, raw, safe, gridToggle, loupeToggle, mute, volume, meter, meterText,
                droppedLabel, audioNote);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPrefWrapLength(200);
        for (javafx.scene.Node n : buttons.getChildren()) {
            if (n instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        javafx.scene.layout.VBox bar = new javafx.scene.layout.VBox(4, scrub, buttons, colourNote);
        bar.setPadding(new Insets(6));
        return bar;
    }

    /** A choice box's labels (its values are never typed in). */
    private static <T> StringConverter<T> labels(java.util.function.Function<T, String> label) {
        return dev.flowsmith.ui.common.Labels.of(label);
    }

    private void layoutArea() {
        ViewerModel.CompareMode mode = model.compareModeProperty().get();
        area.getChildren().clear();
        switch (mode) {
            case WIPE:
                after.setClip(wipeClip);
                area.getChildren().addAll(before, after, wipeHandle, labelA, labelB, guides, loupe, message);
                break;
            case SIDE_BY_SIDE:
                after.setClip(null);
                HBox pair = new HBox(8, before, after);
                pair.setAlignment(Pos.CENTER);
                area.getChildren().addAll(pair, labelA, labelB, guides, loupe, message);
                break;
            default:
                area.getChildren().addAll(before, guides, loupe, message);
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
        TimelinePreview composite = new TimelinePreview();
        return index -> {
            var project = t.project();
            var piece = dev.flowsmith.editing.render.TimelineFlattener.pictureAt(project, index);
            if (piece == null) {
                return null;
            }
            if (piece.composite()) {
                return new FrameSource.Target(null, index, (i, w, h) -> composite.frame(project, i, w, h));
            }
            long frame = Math.round(piece.sourceIn() * piece.media().rate().fps() / 1e6);
            return new FrameSource.Target(piece.media().path(), frame);
        };
    }

    private void requestFrames() {
        long i = model.frameProperty().get();
        if (audio != null) {
            model.metersProperty().set(audio.meters());
        }
        if (beforeSource.playing()) {
            presentPlayback(i);
            return;
        }
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
                scopes.frameShown(false, pendingBefore, false);
                colourNote.setText(pendingBefore.colorNote());
                pendingBefore = null;
            }
        } else if (pendingBefore != null && pendingAfter != null
                && pendingBefore.index() == pendingAfter.index() + model.compareOffsetProperty().get()) {
            before.show(pendingBefore);
            after.show(pendingAfter);
            scopes.frameShown(false, pendingBefore, true);
            scopes.frameShown(true, pendingAfter, true);
            colourNote.setText(pendingBefore.colorNote());
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

    /**
     * Playback of a clip (not the timeline) at 1x either way decodes ahead: each side gets a queue, and
     * the FX pulse takes the frame that is due; faster shuttle speeds and the timeline use requests.
     */
    private void playbackChanged(boolean playing) {
        if (playing && model.itemProperty().get() != null && Math.abs(model.rateProperty().get()) == 1) {
            int dir = model.rateProperty().get();
            long i = model.frameProperty().get();
            model.droppedFramesProperty().set(0);
            if (beforeSource.startPlayback(i, dir) && comparing()) {
                afterSource.startPlayback(Math.max(0, i - model.compareOffsetProperty().get()), dir);
            }
        } else {
            beforeSource.stopPlayback();
            afterSource.stopPlayback();
            if (!playing) {
                requestFrames(); // the exact paused frame
            }
        }
        stopSound();
        if (playing && model.rateProperty().get() != 1) {
            model.audioNoteProperty().set("Sound is muted at " + Math.abs(model.rateProperty().get()) + "x"
                    + (model.rateProperty().get() < 0 ? " in reverse." : "."));
        }
    }

    /** At the end of the pre-roll, at 1x forward: the clip's sound starts and becomes the master clock. */
    private void startSound() {
        if (model.rateProperty().get() != 1) {
            return; // other speeds keep their "muted at 2x" note
        }
        var item = model.itemProperty().get();
        TimelineModel timeline = model.timelineProperty().get();
        if (timeline != null) {
            // the timeline's mix from the playhead: the same samples the export writes
            stopSound();
            var project = timeline.project();
            long sample = dev.flowsmith.editing.render.TimelineSound.sampleAt(project, model.frameProperty().get());
            int rate = project.settings().sampleRate();
            audio = new dev.flowsmith.media.AudioPlayback(() -> new dev.flowsmith.editing.render.TimelineSound(project, sample),
                    rate, sample * 1_000_000L / rate, audioOutput.get());
        } else if (item != null && item.info() != null && !item.info().audioStreams().isEmpty()) {
            stopSound();
            long micros = Math.round(model.frameProperty().get() / model.fpsProperty().get() * 1e6);
            audio = new dev.flowsmith.media.AudioPlayback(item.path(), micros, audioOutput.get());
        } else {
            return;
        }
        audio.setGainDb(model.volumeDbProperty().get() <= -40 ? -100 : model.volumeDbProperty().get());
        audio.setMuted(model.mutedProperty().get());
        model.audioNoteProperty().set(audio.note() == null ? "" : audio.note());
        model.setMasterClock(audio::clockMicros);
    }

    private void stopSound() {
        model.setMasterClock(null);
        model.audioNoteProperty().set("");
        if (audio != null) {
            dev.flowsmith.media.AudioPlayback old = audio;
            audio = null;
            Thread t = new Thread(old::close, "flowsmith-audio-close"); // joining its thread could stall the FX thread
            t.setDaemon(true);
            t.start();
        }
    }

    private dev.flowsmith.media.AudioPlayback grain;
    private long grainsPlayed;

    /** Scrubbing while paused: 80 ms of the clip's sound at the new position (the previous grain is cut short). */
    private void scrubGrain() {
        var item = model.itemProperty().get();
        if (audio != null || model.mutedProperty().get() || item == null || item.info() == null
                || item.info().audioStreams().isEmpty()) {
            return;
        }
        if (grain != null) {
            dev.flowsmith.media.AudioPlayback old = grain;
            Thread t = new Thread(old::close, "flowsmith-grain-close");
            t.setDaemon(true);
            t.start();
        }
        long micros = Math.round(model.frameProperty().get() / model.fpsProperty().get() * 1e6);
        grain = dev.flowsmith.media.AudioPlayback.grain(item.path(), micros, 80, audioOutput.get());
        grain.setGainDb(model.volumeDbProperty().get() <= -40 ? -100 : model.volumeDbProperty().get());
        grainsPlayed++;
    }

    /** Grains played by scrubbing (for tests). */
    public long grainsPlayed() {
        return grainsPlayed;
    }

    /** For tests: where the sound goes. */
    public void setAudioOutput(java.util.function.Supplier<dev.flowsmith.media.AudioPlayback.Output> output) {
        audioOutput = output;
    }

    /** Peak (bar) and RMS (brighter part) of each channel, -60..0 dBFS, and the numbers beside it. */
    private void drawMeter(double[] m) {
        var g = meter.getGraphicsContext2D();
        double w = meter.getWidth(), h = meter.getHeight();
        g.setFill(javafx.scene.paint.Color.rgb(30, 30, 30));
        g.fillRect(0, 0, w, h);
        for (int ch = 0; ch < 2; ch++) {
            double peak = Math.max(0, Math.min(1, (m[ch] + 60) / 60)), rms = Math.max(0, Math.min(1, (m[2 + ch] + 60) / 60));
            double y = ch * h / 2 + 1, bh = h / 2 - 2;
            g.setFill(m[ch] > -1 ? javafx.scene.paint.Color.rgb(230, 60, 60) : javafx.scene.paint.Color.rgb(60, 160, 60));
            g.fillRect(0, y, peak * w, bh);
            g.setFill(javafx.scene.paint.Color.rgb(120, 230, 120));
            g.fillRect(0, y, rms * w, bh);
        }
        meterText.setText(Double.isInfinite(m[0]) && Double.isInfinite(m[1]) ? "" : String.format(java.util.Locale.ROOT,
                "peak %.1f / %.1f  RMS %.1f / %.1f dBFS", m[0], m[1], m[2], m[3]));
    }

    private boolean comparing() {
        return model.compareModeProperty().get() != ViewerModel.CompareMode.OFF && model.compareWithProperty().get() != null;
    }

    private void presentPlayback(long i) {
        long off = model.compareOffsetProperty().get();
        // A alone before a preview's range and after the compare file's end (a result shorter than its source)
        if (!afterSource.playing() || i < off || afterSource.ended()) {
            PreviewImage a = beforeSource.due(i);
            if (a != null) {
                before.show(a);
                scopes.frameShown(false, a, comparing());
                beforeSource.release(a);
            }
        } else {
            // compare: both sides show the same frame; the side that is ahead waits for the other
            int dir = Integer.signum(model.rateProperty().get()) < 0 ? -1 : 1;
            long a = beforeSource.available(i), b = afterSource.available(Math.max(0, i - off));
            long none = dir > 0 ? -1 : Long.MAX_VALUE;
            long upTo = a < 0 || b < 0 ? none : dir > 0 ? Math.min(a, b + off) : Math.max(a, b + off);
            PreviewImage pa = beforeSource.due(i, upTo);
            PreviewImage pb = afterSource.due(Math.max(0, i - off), upTo == none ? none : upTo - off);
            if (pa != null) {
                before.show(pa);
                scopes.frameShown(false, pa, true);
                beforeSource.release(pa);
            }
            if (pb != null) {
                after.show(pb);
                scopes.frameShown(true, pb, true);
                afterSource.release(pb);
            }
        }
        model.droppedFramesProperty().set(beforeSource.dropped() + afterSource.dropped());
        long count = Math.max(1, model.frameCountProperty().get());
        frameLabel.setText("frame " + Math.min(Math.max(0, i), count - 1) + " / " + count);
    }

    /** Safe areas (action 93 %, graphics 90 %) and a rule-of-thirds grid over A's picture. */
    private void drawGuides() {
        boolean on = model.safeAreasProperty().get() || model.gridProperty().get();
        guides.setVisible(on);
        if (!on || before.getImage() == null) {
            return;
        }
        Bounds b = area.sceneToLocal(before.localToScene(before.getLayoutBounds()));
        if (b == null || b.getWidth() <= 0) {
            return;
        }
        guides.setLayoutX(b.getMinX());
        guides.setLayoutY(b.getMinY());
        guides.setWidth(b.getWidth());
        guides.setHeight(b.getHeight());
        var g = guides.getGraphicsContext2D();
        double w = b.getWidth(), h = b.getHeight();
        g.clearRect(0, 0, w, h);
        g.setLineWidth(1);
        if (model.safeAreasProperty().get()) {
            g.setStroke(javafx.scene.paint.Color.rgb(255, 255, 255, 0.7));
            g.strokeRect(w * 0.035, h * 0.035, w * 0.93, h * 0.93);
            g.setStroke(javafx.scene.paint.Color.rgb(255, 220, 0, 0.7));
            g.strokeRect(w * 0.05, h * 0.05, w * 0.90, h * 0.90);
        }
        if (model.gridProperty().get()) {
            g.setStroke(javafx.scene.paint.Color.rgb(255, 255, 255, 0.45));
            for (int k = 1; k < 3; k++) {
                g.strokeLine(w * k / 3, 0, w * k / 3, h);
                g.strokeLine(0, h * k / 3, w, h * k / 3);
            }
        }
    }

    /** The loupe: 40x40 source pixels under the mouse, shown 4x at 160x160 beside the pointer. */
    private void moveLoupe(MouseEvent e) {
        if (!model.loupeProperty().get() || before.getImage() == null) {
            loupe.setVisible(false);
            return;
        }
        javafx.geometry.Point2D p = before.sceneToLocal(e.getSceneX(), e.getSceneY());
        Bounds lb = before.getLayoutBounds();
        if (p == null || !lb.contains(p)) {
            loupe.setVisible(false);
            return;
        }
        javafx.scene.image.Image img = before.getImage();
        double ix = p.getX() / lb.getWidth() * img.getWidth(), iy = p.getY() / lb.getHeight() * img.getHeight();
        loupe.setImage(img);
        loupe.setViewport(new javafx.geometry.Rectangle2D(ix - 20, iy - 20, 40, 40));
        javafx.geometry.Point2D at = area.sceneToLocal(e.getSceneX(), e.getSceneY());
        loupe.setLayoutX(Math.min(area.getWidth() - 164, at.getX() + 16));
        loupe.setLayoutY(Math.max(0, at.getY() - 176));
        loupe.setVisible(true);
    }

    /** Pans a zoomed picture by a tenth of the view (Shift+arrow keys); false when not zoomed. */
    public boolean pan(int dx, int dy) {
        if (model.zoomProperty().get() == 0) {
            return false;
        }
        scroller.setHvalue(Math.max(0, Math.min(1, scroller.getHvalue() + 0.1 * dx)));
        scroller.setVvalue(Math.max(0, Math.min(1, scroller.getVvalue() + 0.1 * dy)));
        return true;
    }

    public javafx.scene.control.ScrollPane scroller() {
        return scroller;
    }

    public ScopesView scopes() {
        return scopes;
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
        stopSound();
        if (grain != null) {
            grain.close();
        }
        scopes.dispose();
        beforeSource.close();
        afterSource.close();
    }
}
