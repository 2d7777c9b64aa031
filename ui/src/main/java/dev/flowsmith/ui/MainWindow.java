package dev.flowsmith.ui;

import dev.flowsmith.ui.bin.BinProjectSync;
import dev.flowsmith.ui.bin.MediaBinModel;
import dev.flowsmith.ui.bin.MediaBinView;
import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.DesktopActions;
import dev.flowsmith.ui.common.Dialogs;
import dev.flowsmith.ui.common.StudioSettings;
import dev.flowsmith.ui.common.Theme;
import dev.flowsmith.ui.common.WindowPlacement;
import dev.flowsmith.ui.inspector.InspectorView;
import dev.flowsmith.ui.jobs.JobModel;
import dev.flowsmith.ui.jobs.JobQueueModel;
import dev.flowsmith.ui.jobs.JobQueueView;
import dev.flowsmith.ui.keyframes.KeyframeEditModel;
import dev.flowsmith.ui.keyframes.KeyframeEditView;
import dev.flowsmith.ui.timeline.TimelineModel;
import dev.flowsmith.ui.timeline.TimelinePanel;
import dev.flowsmith.ui.viewer.ViewerModel;
import dev.flowsmith.ui.viewer.ViewerView;

import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import dev.flowsmith.editing.project.RecoveryStore;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * The main window: media bin (left), viewer (centre), inspector (right), job queue (bottom), menus,
 * keyboard shortcuts, and the remembered window size, layout and theme. Wires the view models to
 * the views; holds no engine logic itself.
 */
public final class MainWindow {
    private final Stage stage;
    private final StudioSettings settings;
    private final JobQueueModel jobs = new JobQueueModel();
    private final MediaBinModel bin = new MediaBinModel(jobs);
    private final ViewerModel viewerModel = new ViewerModel();
    private final MediaBinView binView;
    private final ViewerView viewer;
    private final InspectorView inspector;
    private final JobQueueView jobView;
    private final TimelineModel timelineModel = new TimelineModel();
    private final ProjectSession session;
    private final TimelinePanel timelinePanel;
    private final Menu recentMenu = new Menu("Open Recent");
    private final SplitPane horizontal;
    private final SplitPane vertical;
    private WindowPlacement placement;
    /** True once the window has its real size and the saved divider positions are set again. */
    private boolean layoutSettled;
    private Theme theme;

    public MainWindow(Stage stage, StudioSettings settings, DesktopActions desktop) {
        this.stage = stage;
        this.settings = settings;
        viewer = new ViewerView(viewerModel);
        inspector = new InspectorView(jobs, viewerModel);
        inspector.restoreSection().useFarm(settings.get("farm.server", null));
        inspector.frameRateSection().useFarm(settings.get("farm.server", null));
        binView = new MediaBinView(bin, desktop, this::importDialog);
        jobView = new JobQueueView(jobs, desktop);
        jobView.onCompare(this::compareWithSource);
        session = new ProjectSession(timelineModel, settings, RecoveryStore.standard(),
                java.time.Duration.ofSeconds(Long.getLong("flowsmith.autosaveSeconds", 30)));
        timelinePanel = new TimelinePanel(timelineModel, this::openProject);
        inspector.attachTimeline(timelineModel);
        binView.connect(new BinProjectSync(bin, timelineModel), timelineModel);
        timelinePanel.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> viewerModel.showTimeline(timelineModel));
        binView.setOnAddToTimeline(this::addToTimeline);
        binView.list().getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<MediaItem>) c -> {
            if (binView.list().getSelectionModel().getSelectedItems().size() > 1) {
                inspector.showMany(List.copyOf(binView.list().getSelectionModel().getSelectedItems()));
            }
        });
        binView.onSelect(item -> {
            if (binView.list().getSelectionModel().getSelectedItems().size() > 1) {
                inspector.showMany(List.copyOf(binView.list().getSelectionModel().getSelectedItems()));
                return; // a batch: the viewer keeps what it shows
            }
            inspector.show(item);
            if (item != null && item.state() == MediaItem.State.READY) {
                viewerModel.load(item);
            } else if (item != null) {
                item.stateProperty().addListener((o, a, b) -> {
                    if (b == MediaItem.State.READY && binView.list().getSelectionModel().getSelectedItem() == item) {
                        inspector.show(item);
                        viewerModel.load(item);
                    }
                });
            }
        });

        // the inspector scrolls where the window is short (1280x720, 1366x768): nothing is ever cut off
        javafx.scene.control.ScrollPane inspectorScroll = new javafx.scene.control.ScrollPane(inspector);
        inspectorScroll.setId("inspectorScroll");
        inspectorScroll.setFitToWidth(true);
        inspectorScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        inspectorScroll.setMinWidth(220);
        horizontal = new SplitPane(binView, viewer, inspectorScroll);
        horizontal.setId("mainSplit");
        vertical = new SplitPane(horizontal, timelinePanel, jobView);
        vertical.setId("bottomSplit");
        vertical.setOrientation(javafx.geometry.Orientation.VERTICAL);
        horizontal.setDividerPositions(settings.getDouble("split.left", 0.24), settings.getDouble("split.right", 0.78));
        vertical.setDividerPositions(settings.getDouble("split.bottom", 0.6), settings.getDouble("split.jobs", 0.87));

        BorderPane root = new BorderPane(vertical);
        root.setTop(menus());
        root.setId("studioRoot");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Theme.studioCss());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        stage.setScene(scene);
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Flowsmith Studio — "
                + (session.fileProperty().get() == null ? "Untitled" : session.fileProperty().get().getFileName())
                + (session.dirtyProperty().get() ? " •" : ""), session.fileProperty(), session.dirtyProperty()));
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY_OR_MOVE);
            }
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                handleWindowDrop(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        for (int s : new int[]{16, 32, 64, 128, 256}) {
            stage.getIcons().add(new Image(MainWindow.class.getResourceAsStream("/dev/flowsmith/assets/flowsmith-" + s + ".png")));
        }
        placement = WindowPlacement.apply(stage, settings, "window", 1440, 900, 960, 600);
        // the first layouts happen at whatever size the window manager maps first (Openbox: 200x200), and the
        // dividers give way to the panes' minimum sizes there: the saved positions are set again once the window has
        // its real size, and only changes after that are remembered
        double[] splitsH = horizontal.getDividerPositions().clone(), splitsV = vertical.getDividerPositions().clone();
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> {
            javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
            settle.setOnFinished(f -> {
                horizontal.setDividerPositions(splitsH);
                vertical.setDividerPositions(splitsV);
                layoutSettled = true;
            });
            settle.play();
        });
        for (var d : horizontal.getDividers()) {
            d.positionProperty().addListener((o, a, b) -> rememberLayout());
        }
        for (var d : vertical.getDividers()) {
            d.positionProperty().addListener((o, a, b) -> rememberLayout());
        }
        setTheme(Theme.parse(settings.get("theme", "DARK")));
        stage.setOnHidden(e -> close());
        stage.setOnCloseRequest(e -> {
            if (!confirmClose()) {
                e.consume();
            }
        });
    }

    private MenuBar menus() {
        MenuItem importItem = new MenuItem("Import…");
        importItem.setId("menuImport");
        importItem.setAccelerator(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN));
        importItem.setOnAction(e -> importDialog());
        MenuItem transcode = new MenuItem("Transcode Selected");
        transcode.setId("menuTranscode");
        transcode.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        transcode.setOnAction(e -> inspector.startTranscode());
        MenuItem quit = new MenuItem("Quit");
        quit.setId("menuQuit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> {
            if (confirmClose()) {
                stage.close();
            }
        });
        MenuItem newProject = item("New Project", "menuNewProject", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                () -> session.newProject());
        MenuItem openProject = item("Open Project…", "menuOpenProject", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN),
                this::openProjectDialog);
        recentMenu.setId("menuRecent");
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        MenuItem save = item("Save Project", "menuSave", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        MenuItem saveAs = item("Save Project As…", "menuSaveAs",
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::saveAsDialog);
        MenuItem export = item("Export Timeline…", "menuExport", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                this::exportDialog);
        MenuItem relink = item("Relink Media…", "menuRelink", null, this::relinkDialog);
        MenuItem projectSettings = item("Project Settings…", "menuProjectSettings", null, this::projectSettingsDialog);
        Menu file = new Menu("File", null, newProject, openProject, recentMenu, save, saveAs, export, relink, projectSettings,
                new javafx.scene.control.SeparatorMenuItem(), importItem, transcode, quit);

        MenuItem undo = item("Undo", "menuUndo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), timelineModel::undo);
        undo.textProperty().bind(timelineModel.undoTextProperty());
        MenuItem redo = item("Redo", "menuRedo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), timelineModel::redo);
        redo.textProperty().bind(timelineModel.redoTextProperty());
        // single-key edits are handled in keys(), not as accelerators, so typing in a text field never edits
        MenuItem split = item("Split at Playhead (S)", "menuSplit", null, timelineModel::split);
        MenuItem delete = item("Ripple Delete (Delete)", "menuRippleDelete", null, timelineModel::rippleDelete);
        MenuItem duplicate = item("Duplicate", "menuDuplicate", new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN),
                timelineModel::duplicate);
        MenuItem add = item("Add Selected Clip to Timeline (E)", "menuAddToTimeline", null,
                () -> addToTimeline(binView.list().getSelectionModel().getSelectedItem()));
        Menu edit = new Menu("Edit", null, undo, redo, split, delete, duplicate, add);
        MenuItem keyframes = item("Keyframe Editing…", "menuKeyframes", new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
                this::openKeyframeEditor);
        MenuItem farm = item("Render Farm…", "menuFarm", null, this::chooseFarm);
        Menu tools = new Menu("Tools", null, keyframes, farm);

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem dark = new RadioMenuItem("Dark theme");
        dark.setId("menuThemeDark");
        RadioMenuItem light = new RadioMenuItem("Light theme");
        light.setId("menuThemeLight");
        dark.setToggleGroup(themes);
        light.setToggleGroup(themes);
        dark.setSelected(Theme.parse(settings.get("theme", "DARK")) == Theme.DARK);
        light.setSelected(!dark.isSelected());
        dark.setOnAction(e -> setTheme(Theme.DARK));
        light.setOnAction(e -> setTheme(Theme.LIGHT));
        MenuItem compareFile = new MenuItem("Compare With File…");
        compareFile.setId("menuCompareWith");
        compareFile.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Compare the shown clip with");
            File f = Dialogs.keepingMaximized(stage, () -> fc.showOpenDialog(stage));
            if (f != null) {
                viewerModel.compareWithFile(f.toPath());
            }
        });
        MenuItem stopCompare = new MenuItem("Stop Comparing");
        stopCompare.setId("menuStopCompare");
        stopCompare.disableProperty().bind(viewerModel.compareWithProperty().isNull());
        stopCompare.setOnAction(e -> viewerModel.compareWithFile(null));
        javafx.scene.control.CheckMenuItem raw = new javafx.scene.control.CheckMenuItem("Raw Signal (No Tone Mapping)");
        raw.setId("menuRawSignal");
        raw.selectedProperty().bindBidirectional(viewerModel.rawSignalProperty());
        MenuItem full = new MenuItem("Full-Screen Viewer (F)");
        full.setId("menuFullScreenViewer");
        full.setOnAction(e -> toggleViewerFullScreen());
        Menu view = new Menu("View", null, compareFile, stopCompare, new javafx.scene.control.SeparatorMenuItem(), raw, full,
                new javafx.scene.control.SeparatorMenuItem(), dark, light);

        MenuItem keys = new MenuItem("Keyboard Shortcuts");
        keys.setId("menuShortcuts");
        keys.setOnAction(e -> Shortcuts.show(stage));
        Menu help = new Menu("Help", null, keys);
        MenuBar bar = new MenuBar(file, edit, tools, view, help);
        bar.setId("menuBar");
        return bar;
    }

    private java.util.function.Function<String, javafx.scene.control.ButtonType> askSave = MainWindow::askSave;

    /** For tests: answers the "save changes?" question (YES save, NO discard, CANCEL stay). */
    void setAskSave(java.util.function.Function<String, javafx.scene.control.ButtonType> ask) {
        this.askSave = ask;
    }

    /** Before the window closes: unsaved changes are saved, discarded or the close is cancelled, as the user says. */
    public boolean confirmClose() {
        if (!session.hasUnsavedChanges() || timelineModel.project().clipCount() == 0 && session.fileProperty().get() == null) {
            return true;
        }
        Path f = session.fileProperty().get();
        var answer = askSave.apply(f == null ? "the untitled project" : "'" + f.getFileName() + "'");
        if (answer == javafx.scene.control.ButtonType.YES) {
            save();
            return !session.hasUnsavedChanges(); // a cancelled Save As dialog keeps the window open
        }
        return answer == javafx.scene.control.ButtonType.NO;
    }

    private static javafx.scene.control.ButtonType askSave(String what) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Save the changes to " + what + " before closing? (Yes: save, No: close without saving)",
                javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO, javafx.scene.control.ButtonType.CANCEL);
        a.setHeaderText("Unsaved changes");
        return Dialogs.owned(a).showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL);
    }

    private static MenuItem item(String text, String id, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : session.recent()) {
            MenuItem m = new MenuItem(p.toString());
            m.setOnAction(e -> openProject(p));
            recentMenu.getItems().add(m);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Opens a project; problems (damaged, newer version, missing media) are said in the timeline's message line. */
    public boolean openProject(Path file) {
        try {
            var loaded = session.open(file);
            viewerModel.showTimeline(timelineModel);
            timelinePanel.view().zoomToFit();
            if (!loaded.missing().isEmpty()) {
                timelineModel.report(loaded.missing().size() + " media file(s) not found: " + String.join(", ",
                        loaded.missing().stream().map(m -> m.name()).toList()) + ". Use File > Relink Media…");
            }
            return true;
        } catch (dev.flowsmith.editing.project.ProjectException e) {
            timelineModel.report(e.userMessage());
            return false;
        }
    }

    private void openProjectDialog() {
        FileChooser fc = projectChooser("Open project");
        File f = Dialogs.keepingMaximized(stage, () -> fc.showOpenDialog(stage));
        if (f != null) {
            openProject(f.toPath());
        }
    }

    private static FileChooser projectChooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Flowsmith project", "*" + dev.flowsmith.editing.project.ProjectFile.EXTENSION));
        return fc;
    }

    /** Saves to the project's file, asking for one when it has none yet. */
    public void save() {
        if (session.fileProperty().get() == null) {
            saveAsDialog();
            return;
        }
        saveAs(session.fileProperty().get());
    }

    public boolean saveAs(Path target) {
        try {
            session.saveAs(target);
            return true;
        } catch (dev.flowsmith.editing.project.ProjectException e) {
            timelineModel.report(e.userMessage());
            return false;
        }
    }

    private void saveAsDialog() {
        FileChooser fc = projectChooser("Save project");
        fc.setInitialFileName("Untitled" + dev.flowsmith.editing.project.ProjectFile.EXTENSION);
        File f = Dialogs.keepingMaximized(stage, () -> fc.showSaveDialog(stage));
        if (f != null) {
            Path p = f.toPath();
            if (!p.getFileName().toString().endsWith(dev.flowsmith.editing.project.ProjectFile.EXTENSION)) {
                p = p.resolveSibling(p.getFileName() + dev.flowsmith.editing.project.ProjectFile.EXTENSION);
            }
            saveAs(p);
        }
    }

    /** Exports the timeline to {@code out} in the job queue (stream copy where the plan allows). */
    public JobModel export(Path out) {
        return export(out, dev.flowsmith.editing.render.ExportSettings.DEFAULT);
    }

    /** Exports the timeline with {@code s} (size, rate, codecs) to {@code out} in the job queue. */
    public JobModel export(Path out, dev.flowsmith.editing.render.ExportSettings s) {
        JobModel job = jobs.render(dev.flowsmith.editing.render.RenderJob.Request.export(timelineModel.project(), out, s, false, true));
        job.fromTimelineProperty().set(true); // "Compare with Source" shows the export against the timeline
        return job;
    }

    /** The export form for the current timeline (the dialog shows it; tests fill it directly). */
    public dev.flowsmith.ui.export.ExportForm exportForm() {
        Path folder = session.fileProperty().get() != null ? session.fileProperty().get().toAbsolutePath().getParent()
                : Path.of(System.getProperty("user.home"));
        String name = session.fileProperty().get() == null ? "export"
                : session.fileProperty().get().getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return new dev.flowsmith.ui.export.ExportForm(timelineModel.project().settings(), folder.resolve(name + ".mp4"),
                new dev.flowsmith.ui.export.ExportPresets(settings));
    }

    private void exportDialog() {
        if (timelineModel.project().clipCount() == 0) {
            timelineModel.report("The timeline is empty: add clips before exporting.");
            return;
        }
        dev.flowsmith.ui.export.ExportForm form = exportForm();
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        d.setTitle("Export timeline");
        d.getDialogPane().setId("exportDialog");
        d.getDialogPane().setContent(form);
        javafx.scene.control.ButtonType exportButton = new javafx.scene.control.ButtonType("Export",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(exportButton, javafx.scene.control.ButtonType.CANCEL);
        d.getDialogPane().lookupButton(exportButton).disableProperty().bind(form.settingsProperty().isNull());
        Dialogs.owned(d).showAndWait().filter(b -> b == exportButton).ifPresent(b -> {
            Path out = form.file();
            if (java.nio.file.Files.exists(out) && !dev.flowsmith.ui.inspector.InspectorView.askOverwrite(out)) {
                return;
            }
            export(out, form.settingsProperty().get());
        });
    }

    /** File > Project Settings: size, frame rate and sample rate as one undoable edit. */
    private void projectSettingsDialog() {
        dev.flowsmith.ui.export.ProjectSettingsForm form = new dev.flowsmith.ui.export.ProjectSettingsForm(
                timelineModel.project().settings());
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        d.setTitle("Project settings");
        d.getDialogPane().setId("projectSettingsDialog");
        d.getDialogPane().setContent(form);
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        d.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).disableProperty().bind(form.settingsProperty().isNull());
        Dialogs.owned(d).showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> {
            if (!form.settingsProperty().get().equals(timelineModel.project().settings())) {
                timelineModel.perform(new dev.flowsmith.editing.command.SetProjectSettings(form.settingsProperty().get()));
            }
        });
    }

    private void relinkDialog() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Folder to look for missing media in");
        File f = Dialogs.keepingMaximized(stage, () -> dc.showDialog(stage));
        if (f != null) {
            relink(f.toPath());
        }
    }

    /** Looks for the project's missing media under {@code folder}. */
    public void relink(Path folder) {
        var r = dev.flowsmith.editing.project.Relinker.relink(timelineModel.project(), folder);
        if (!r.relinked().isEmpty()) {
            timelineModel.perform(new dev.flowsmith.editing.command.RelinkMedia(r.project().media()));
        }
        timelineModel.report(r.stillMissing().isEmpty() ? "All media found." : r.stillMissing().size()
                + " media file(s) still missing: " + String.join(", ", r.stillMissing().stream().map(m -> m.name()).toList()));
    }

    /** Puts a ready bin item on the timeline at the playhead and shows the timeline in the viewer. */
    public void addToTimeline(MediaItem item) {
        if (item == null) {
            timelineModel.report("Select a clip in the media bin first.");
            return;
        }
        if (item.state() == MediaItem.State.FAILED) {
            timelineModel.report("'" + item.name() + "' cannot be used: " + item.errorProperty().get());
            return;
        }
        if (item.state() != MediaItem.State.READY) {
            timelineModel.report("'" + item.name() + "' is still loading; add it once its details appear in the bin.");
            return;
        }
        timelineModel.insert(dev.flowsmith.editing.project.MediaImport.ref(item.info()));
        viewerModel.showTimeline(timelineModel);
    }

    /** Opens the keyframe editor (AdaFlow-style edit propagation) for the selected bin clip, in its own window. */
    public KeyframeEditModel openKeyframeEditor() {
        MediaItem item = binView.list().getSelectionModel().getSelectedItem();
        KeyframeEditModel m = new KeyframeEditModel(jobs);
        if (item != null) {
            m.videoProperty().set(item.path());
        }
        // keyframes show as markers on the timeline's clips of that source
        m.setProperty().addListener((o, a, b) -> {
            if (b != null) {
                timelineModel.keyframes().put(b.source().toAbsolutePath().normalize(), b.keyframes());
            }
        });
        Stage s = new Stage();
        s.initOwner(stage);
        s.setTitle("Keyframe Editing — " + (item == null ? "no clip selected" : item.name()));
        KeyframeEditView v = new KeyframeEditView(m, title -> {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle(title);
            File f = Dialogs.keepingMaximized(s, () -> dc.showDialog(s));
            return f == null ? null : f.toPath();
        }, title -> {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            fc.setInitialFileName("propagated.mp4");
            File f = Dialogs.keepingMaximized(s, () -> fc.showSaveDialog(s));
            return f == null ? null : f.toPath();
        });
        Scene sc = new Scene(v);
        sc.getStylesheets().add(Theme.studioCss());
        s.setScene(sc);
        WindowPlacement.apply(s, settings, "keyframes", 960, 420, 600, 320);
        s.setOnHidden(e -> m.close());
        s.show();
        return m;
    }

    /** A drop anywhere on the window: a project file opens, media goes to the bin. */
    public void handleWindowDrop(List<File> files) {
        for (File f : files) {
            if (f.getName().endsWith(dev.flowsmith.editing.project.ProjectFile.EXTENSION)) {
                openProject(f.toPath());
                return;
            }
        }
        binView.handleDroppedFiles(files);
    }

    /**
     * After a crash: offers the newest autosaved project; {@code ask} answers YES (recover), NO (discard)
     * or CANCEL (keep it for later).
     */
    public void offerRecovery(java.util.function.Function<dev.flowsmith.editing.project.RecoveryStore.Entry, javafx.scene.control.ButtonType> ask) {
        var entries = session.recoverable();
        if (entries.isEmpty()) {
            return;
        }
        var e = entries.get(0);
        var answer = ask.apply(e);
        if (answer == javafx.scene.control.ButtonType.YES) {
            try {
                session.recover(e);
                viewerModel.showTimeline(timelineModel);
                timelineModel.report("Recovered the autosaved version; save it to keep it.");
            } catch (dev.flowsmith.editing.project.ProjectException ex) {
                timelineModel.report(ex.userMessage());
            }
        } else if (answer == javafx.scene.control.ButtonType.NO) {
            session.discard(e);
        }
    }

    /** The question shown at start-up when an autosave was left behind. */
    public static javafx.scene.control.ButtonType askRecovery(dev.flowsmith.editing.project.RecoveryStore.Entry e) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Flowsmith was not closed properly. Recover the autosaved version of "
                        + (e.project() == null ? "your untitled project" : "'" + e.project().getFileName() + "'") + " from "
                        + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault())
                        .format(e.savedAt().toInstant()) + "?",
                javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO, javafx.scene.control.ButtonType.CANCEL);
        a.setHeaderText("Recover unsaved work?");
        return Dialogs.owned(a).showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL);
    }

    /** The studio's render farm: a Temporal server (HOST:PORT) that Restore can send jobs to; empty to run here only. */
    void chooseFarm() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(settings.get("farm.server", ""));
        d.initOwner(stage);
        d.setTitle("Render farm");
        d.setHeaderText("Send restore jobs to a render farm (docs/farm.md): the server's HOST:PORT, e.g. 127.0.0.1:7233. "
                + "Leave it empty to restore on this computer only.");
        d.getEditor().setId("farmServer");
        javafx.scene.Node ok = d.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK);
        ok.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            String t = d.getEditor().getText().trim();
            if (t.isEmpty()) {
                return false;
            }
            try {
                dev.flowsmith.farm.FarmConnection.checkTarget(t);
                return false;
            } catch (IllegalArgumentException e) {
                return true;
            }
        }, d.getEditor().textProperty()));
        d.showAndWait().ifPresent(t -> {
            settings.put("farm.server", t.trim());
            settings.save();
            inspector.restoreSection().useFarm(t.trim());
            inspector.frameRateSection().useFarm(t.trim());
        });
    }

    public void setTheme(Theme t) {
        theme = t;
        t.apply();
        settings.put("theme", t.name());
        if (placement != null) {
            placement.saveSoon();
        }
    }

    public Theme theme() {
        return theme;
    }

    private void keys(KeyEvent e) {
        if (isTyping(e.getTarget()) || e.isShortcutDown()) {
            return; // typing in a field (a spinner's too), or a menu accelerator
        }
        switch (e.getCode()) {
            case S -> timelineModel.split();
            case DELETE, BACK_SPACE -> {
                if (binView.list().isFocused()) {
                    return; // the bin has its own Remove button
                }
                timelineModel.rippleDelete();
            }
            case E -> addToTimeline(binView.list().getSelectionModel().getSelectedItem());
            case SPACE -> viewerModel.togglePlay();
            case J -> viewerModel.shuttle(-1);
            case K -> viewerModel.shuttle(0);
            case L -> viewerModel.shuttle(1);
            case LEFT -> {
                if (!(e.isShiftDown() && viewer.pan(-1, 0))) {
                    viewerModel.step(-1);
                }
            }
            case RIGHT -> {
                if (!(e.isShiftDown() && viewer.pan(1, 0))) {
                    viewerModel.step(1);
                }
            }
            case UP -> {
                if (!(e.isShiftDown() && viewer.pan(0, -1))) {
                    return;
                }
            }
            case DOWN -> {
                if (!(e.isShiftDown() && viewer.pan(0, 1))) {
                    return;
                }
            }
            case Z -> {
                if (e.isShiftDown()) {
                    viewerModel.zoomOut();
                } else {
                    viewerModel.zoomIn();
                }
            }
            case DIGIT0 -> viewerModel.zoomProperty().set(0);
            case DIGIT1 -> viewerModel.zoomProperty().set(1);
            case F -> toggleViewerFullScreen();
            case V -> {
                ViewerModel.ScopeKind[] k = ViewerModel.ScopeKind.values();
                viewerModel.scopesProperty().set(k[(viewerModel.scopesProperty().get().ordinal() + 1) % k.length]);
            }
            case HOME -> viewerModel.seek(0);
            case END -> viewerModel.seek(Long.MAX_VALUE / 2);
            case T -> viewerModel.toggleAB();
            case W -> {
                ViewerModel.CompareMode[] m = ViewerModel.CompareMode.values();
                viewerModel.compareModeProperty().set(m[(viewerModel.compareModeProperty().get().ordinal() + 1) % m.length]);
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** True when key presses go to text entry: a text field, or a spinner or editable combo box (whose editor types). */
    private static boolean isTyping(Object target) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof TextInputControl || n instanceof javafx.scene.control.Spinner
                    || n instanceof javafx.scene.control.ComboBoxBase<?> c && c.isEditable()) {
                return true;
            }
        }
        return false;
    }

    private void importDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import media");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Video", MediaBinModel.MEDIA_EXTENSIONS.stream()
                .map(x -> "*." + x).toList()), new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = Dialogs.keepingMaximized(stage, () -> fc.showOpenMultipleDialog(stage));
        if (files != null) {
            binView.handleDroppedFiles(files);
        }
    }

    /** Imports files (as a drop would) and selects the first new one. */
    public void open(List<Path> paths) {
        for (Path p : paths) {
            if (p.getFileName().toString().endsWith(dev.flowsmith.editing.project.ProjectFile.EXTENSION)) {
                openProject(p);
            }
        }
        paths = paths.stream().filter(p -> !p.getFileName().toString().endsWith(dev.flowsmith.editing.project.ProjectFile.EXTENSION)).toList();
        List<MediaItem> added = bin.importPaths(paths);
        Path firstPath = paths.isEmpty() ? null : paths.get(0).toAbsolutePath().normalize();
        MediaItem first = !added.isEmpty() ? added.get(0) : firstPath == null ? null : bin.items().stream()
                .filter(i -> i.path().equals(firstPath)).findFirst().orElse(null);
        if (first != null) {
            // a file already in the bin (the project's) is selected as it is, not imported twice
            binView.list().getSelectionModel().clearSelection();
            binView.list().getSelectionModel().select(first);
        }
    }

    /** Divider positions are saved as they change (a crash keeps the layout too). */
    private void rememberLayout() {
        if (stage.isShowing() && layoutSettled) {
            putLayout();
            placement.saveSoon();
        }
    }

    private void putLayout() {
        settings.put("split.left", horizontal.getDividerPositions()[0]);
        settings.put("split.right", horizontal.getDividerPositions()[1]);
        settings.put("split.bottom", vertical.getDividerPositions()[0]);
        settings.put("split.jobs", vertical.getDividerPositions()[1]);
    }

    private void close() {
        settings.put("split.left", horizontal.getDividerPositions()[0]);
        settings.put("split.right", horizontal.getDividerPositions()[1]);
        settings.put("split.bottom", vertical.getDividerPositions()[0]);
        settings.put("split.jobs", vertical.getDividerPositions()[1]);
        settings.save();
        session.close();
        timelinePanel.dispose();
        viewerModel.pause();
        viewer.dispose();
        bin.close();
        jobs.close();
    }

    /**
     * "Compare with Source" on a finished job: select the source in the bin (importing it if needed), show both; a
     * null source is the timeline (an export), shown against the exported file frame for frame.
     */
    public void compareWithSource(Path source, Path result) {
        if (source == null) {
            viewerModel.showTimeline(timelineModel);
            if (viewerModel.frameProperty().get() >= viewerModel.frameCountProperty().get() - 1) {
                viewerModel.seek(0); // the playhead at the end (after the last edit) shows no frame of the export
            }
            viewerModel.compareWithFile(result);
            return;
        }
        MediaItem item = bin.items().stream().filter(i -> i.path().toAbsolutePath().normalize()
                .equals(source.toAbsolutePath().normalize())).findFirst().orElse(null);
        viewerModel.resultReady(source, result);
        if (item == null) {
            List<MediaItem> added = bin.importPaths(List.of(source));
            item = added.isEmpty() ? null : added.get(0);
        }
        if (item != null) {
            binView.list().getSelectionModel().clearSelection();
            binView.list().getSelectionModel().select(item);
        }
    }

    /** True once the window has its real size and its saved layout (tests wait for it before clicking). */
    public boolean layoutSettled() {
        return layoutSettled;
    }

    public Stage stage() {
        return stage;
    }

    public MediaBinView binView() {
        return binView;
    }

    private javafx.scene.Parent rootBeforeFullScreen;
    private final javafx.scene.layout.Region viewerPlaceholder = new javafx.scene.layout.Region();

    /**
     * F: the viewer alone, full screen (its controls stay, so playback, zoom and compare work there);
     * F or Escape again puts it back in the studio, dividers where they were.
     */
    public void toggleViewerFullScreen() {
        Scene sc = stage.getScene();
        if (rootBeforeFullScreen == null) {
            double[] dividers = horizontal.getDividerPositions();
            int at = horizontal.getItems().indexOf(viewer);
            rootBeforeFullScreen = sc.getRoot();
            horizontal.getItems().set(at, viewerPlaceholder);
            horizontal.setDividerPositions(dividers);
            sc.setRoot(viewer);
            stage.setFullScreenExitHint("");
            stage.setFullScreen(true);
            stage.fullScreenProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean a, Boolean b) {
                    if (!b) {
                        stage.fullScreenProperty().removeListener(this);
                        if (rootBeforeFullScreen != null) {
                            toggleViewerFullScreen(); // Escape left full screen
                        }
                    }
                }
            });
        } else {
            double[] dividers = horizontal.getDividerPositions();
            javafx.scene.Parent back = rootBeforeFullScreen;
            rootBeforeFullScreen = null;
            sc.setRoot(back);
            horizontal.getItems().set(horizontal.getItems().indexOf(viewerPlaceholder), viewer);
            horizontal.setDividerPositions(dividers);
            if (stage.isFullScreen()) {
                stage.setFullScreen(false);
            }
        }
    }

    public boolean viewerFullScreen() {
        return rootBeforeFullScreen != null;
    }

    public ViewerView viewer() {
        return viewer;
    }

    public ViewerModel viewerModel() {
        return viewerModel;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public JobQueueView jobView() {
        return jobView;
    }

    public JobQueueModel jobs() {
        return jobs;
    }

    public TimelineModel timeline() {
        return timelineModel;
    }

    public TimelinePanel timelinePanel() {
        return timelinePanel;
    }

    public ProjectSession session() {
        return session;
    }
}
