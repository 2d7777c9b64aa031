package dev.flowsmith.ui;

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
    private final SplitPane horizontal;
    private final SplitPane vertical;
    private Theme theme;

    public MainWindow(Stage stage, StudioSettings settings, DesktopActions desktop) {
        this.stage = stage;
        this.settings = settings;
        viewer = new ViewerView(viewerModel);
        inspector = new InspectorView(jobs, viewerModel);
        binView = new MediaBinView(bin, desktop, this::importDialog);
        jobView = new JobQueueView(jobs, desktop);
        binView.onSelect(item -> {
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

        horizontal = new SplitPane(binView, viewer, inspector);
        horizontal.setId("mainSplit");
        vertical = new SplitPane(horizontal, jobView);
        vertical.setId("bottomSplit");
        vertical.setOrientation(javafx.geometry.Orientation.VERTICAL);
        horizontal.setDividerPositions(settings.getDouble("split.left", 0.24), settings.getDouble("split.right", 0.78));
        vertical.setDividerPositions(settings.getDouble("split.bottom", 0.78));

        BorderPane root = new BorderPane(vertical);
        root.setTop(menus());
        root.setId("studioRoot");
        Scene scene = new Scene(root, settings.getDouble("window.width", 1400), settings.getDouble("window.height", 860));
        scene.getStylesheets().add(Theme.studioCss());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        stage.setScene(scene);
        stage.setTitle("Flowsmith Studio");
        for (int s : new int[]{16, 32, 64, 128, 256}) {
            stage.getIcons().add(new Image(MainWindow.class.getResourceAsStream("/dev/flowsmith/assets/flowsmith-" + s + ".png")));
        }
        double x = settings.getDouble("window.x", Double.NaN), y = settings.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(Boolean.parseBoolean(settings.get("window.maximized", "false")));
        setTheme(Theme.parse(settings.get("theme", "DARK")));
        stage.setOnHidden(e -> close());
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
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, importItem, transcode, quit);

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
        Menu view = new Menu("View", null, dark, light);

        MenuItem keys = new MenuItem("Keyboard Shortcuts");
        keys.setId("menuShortcuts");
        keys.setOnAction(e -> Shortcuts.show());
        Menu help = new Menu("Help", null, keys);
        MenuBar bar = new MenuBar(file, view, help);
        bar.setId("menuBar");
        return bar;
    }

    public void setTheme(Theme t) {
        theme = t;
        t.apply();
        settings.put("theme", t.name());
    }

    public Theme theme() {
        return theme;
    }

    private void keys(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || e.isShortcutDown()) {
            return; // typing in a field, or a menu accelerator
        }
        switch (e.getCode()) {
            case SPACE -> viewerModel.togglePlay();
            case J -> viewerModel.shuttle(-1);
            case K -> viewerModel.shuttle(0);
            case L -> viewerModel.shuttle(1);
            case LEFT -> viewerModel.step(-1);
            case RIGHT -> viewerModel.step(1);
            case HOME -> viewerModel.seek(0);
            case END -> viewerModel.seek(Long.MAX_VALUE / 2);
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

    private void importDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import media");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Video", MediaBinModel.MEDIA_EXTENSIONS.stream()
                .map(x -> "*." + x).toList()), new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = fc.showOpenMultipleDialog(stage);
        if (files != null) {
            binView.handleDroppedFiles(files);
        }
    }

    /** Imports files (as a drop would) and selects the first new one. */
    public void open(List<Path> paths) {
        List<MediaItem> added = bin.importPaths(paths);
        if (!added.isEmpty()) {
            binView.list().getSelectionModel().select(added.get(0));
        }
    }

    private void close() {
        settings.put("window.width", stage.getScene().getWidth());
        settings.put("window.height", stage.getScene().getHeight());
        settings.put("window.x", stage.getX());
        settings.put("window.y", stage.getY());
        settings.put("window.maximized", stage.isMaximized());
        settings.put("split.left", horizontal.getDividerPositions()[0]);
        settings.put("split.right", horizontal.getDividerPositions()[1]);
        settings.put("split.bottom", vertical.getDividerPositions()[0]);
        settings.save();
        viewerModel.pause();
        viewer.dispose();
        bin.close();
        jobs.close();
    }

    public Stage stage() {
        return stage;
    }

    public MediaBinView binView() {
        return binView;
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
}
