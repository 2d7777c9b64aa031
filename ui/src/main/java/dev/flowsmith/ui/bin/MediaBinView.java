package dev.flowsmith.ui.bin;

import dev.flowsmith.ui.common.DesktopActions;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The media bin: files and folders dropped here (or imported with File > Import) appear at once and
 * fill in thumbnail, duration, size, frame rate and codec as the background probe finishes; a file
 * the engine cannot read shows the engine's sentence inline.
 */
public final class MediaBinView extends VBox {
    private final MediaBinModel model;
    private final ListView<MediaItem> list = new ListView<>();
    /** "All media" shows every item; a folder shows the items in it and in the folders inside it. */
    public static final String ALL = "All media";
    private final javafx.scene.control.ComboBox<String> folder = new javafx.scene.control.ComboBox<>();
    private final javafx.scene.control.TextField search = new javafx.scene.control.TextField();
    private final javafx.collections.transformation.FilteredList<MediaItem> shown;
    private BinProjectSync sync;
    private dev.flowsmith.ui.timeline.TimelineModel timeline;

    public MediaBinView(MediaBinModel model, DesktopActions desktop, Runnable importAction) {
        this.model = model;
        setId("mediaBin");
        setSpacing(6);
        setPadding(new Insets(6));
        Label title = new Label("Media");
        title.getStyleClass().add("section-title");
        Button importButton = new Button("Import…");
        importButton.setId("importButton");
        importButton.setAccessibleText("Import media files (Ctrl+I)");
        importButton.setOnAction(e -> importAction.run());
        Button remove = new Button("Remove");
        remove.setId("removeButton");
        remove.setAccessibleText("Remove the selected item from the bin");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> removeSelected());
        Button reveal = new Button("Reveal");
        reveal.setId("revealButton");
        reveal.setAccessibleText("Show the selected file in its folder");
        reveal.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        reveal.setOnAction(e -> desktop.reveal(list.getSelectionModel().getSelectedItem().path()));
        HBox header = new HBox(6, title, importButton, remove, reveal);
        for (javafx.scene.control.Control c : List.of(title, importButton, remove, reveal)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the bin keeps room for its labels, never "Impo..."
        }
        header.setAlignment(Pos.CENTER_LEFT);

        list.setId("mediaList");
        list.setAccessibleText("Media bin items");
        shown = new javafx.collections.transformation.FilteredList<>(model.items(), i -> true);
        list.setItems(shown);
        list.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        folder.setId("binFolder");
        folder.setAccessibleText("Bin folder shown");
        folder.getItems().setAll(ALL);
        folder.setValue(ALL);
        folder.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(folder, Priority.ALWAYS);
        folder.valueProperty().addListener((o, a, b) -> filter());
        search.setId("binSearch");
        search.setPromptText("Search");
        search.setAccessibleText("Search the bin by name");
        search.textProperty().addListener((o, a, b) -> filter());
        model.items().addListener((javafx.collections.ListChangeListener<MediaItem>) c -> {
            while (c.next()) {
                for (MediaItem i : c.getAddedSubList()) {
                    i.folderProperty().addListener((o, a, b) -> filter());
                }
            }
        });
        Button newBin = new Button("New Bin");
        newBin.setId("newBinButton");
        newBin.setAccessibleText("Make a bin (folder) inside the one shown");
        newBin.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        newBin.setOnAction(e -> newBin());
        HBox folders = new HBox(6, folder, newBin);
        folders.setAlignment(Pos.CENTER_LEFT);
        list.setContextMenu(itemMenu());
        list.setCellFactory(l -> new ItemCell());
        Label hint = new Label("Drop videos or folders here");
        hint.getStyleClass().add("drop-hint");
        hint.setId("dropHint");
        hint.visibleProperty().bind(Bindings.isEmpty(model.items()));
        hint.setMouseTransparent(true);
        StackPane listArea = new StackPane(list, hint);
        VBox.setVgrow(listArea, Priority.ALWAYS);
        getChildren().addAll(header, folders, search, listArea);

        setOnDragOver(this::dragOver);
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                handleDroppedFiles(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Connects the bin to the project: items, folders and order come from it and go to it. */
    public void connect(BinProjectSync s, dev.flowsmith.ui.timeline.TimelineModel t) {
        sync = s;
        timeline = t;
        t.projectProperty().addListener((o, a, b) -> {
            if (!a.folders().equals(b.folders())) {
                fillFolders(b.folders());
            }
        });
        fillFolders(t.project().folders());
        folder.valueProperty().addListener((o, a, b) -> s.setImportFolder(ALL.equals(b) ? "" : b));
    }

    private void fillFolders(List<String> folders) {
        String was = folder.getValue();
        List<String> all = new java.util.ArrayList<>();
        all.add(ALL);
        all.addAll(folders);
        folder.getItems().setAll(all);
        folder.setValue(all.contains(was) ? was : ALL);
    }

    /** The folder shown ("" for All media). */
    public String currentFolder() {
        return ALL.equals(folder.getValue()) || folder.getValue() == null ? "" : folder.getValue();
    }

    private void filter() {
        String f = currentFolder();
        String q = search.getText() == null ? "" : search.getText().trim().toLowerCase(java.util.Locale.ROOT);
        shown.setPredicate(i -> (f.isEmpty() || dev.flowsmith.editing.model.BinFolders.within(i.folderProperty().get(), f))
                && (q.isEmpty() || i.name().toLowerCase(java.util.Locale.ROOT).contains(q)));
    }

    private java.util.function.Function<String, java.util.Optional<String>> askBinName = parent -> {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog("New Bin");
        d.setTitle("New bin");
        d.setHeaderText(parent.isEmpty() ? null : "Inside " + parent);
        d.setContentText("Name:");
        d.getEditor().setId("binNameField");
        return d.showAndWait();
    };

    /** For tests: answers the new-bin dialog. */
    public void setAskBinName(java.util.function.Function<String, java.util.Optional<String>> ask) {
        askBinName = ask;
    }

    private void newBin() {
        if (timeline == null) {
            return;
        }
        String parent = currentFolder();
        askBinName.apply(parent).map(String::strip).filter(n -> !n.isEmpty()).ifPresent(n -> {
            String path = parent.isEmpty() ? n : parent + "/" + n;
            if (n.contains("/")) {
                timeline.report("A bin's name cannot contain '/'.");
            } else if (timeline.perform(new dev.flowsmith.editing.command.BinEdit.AddFolder(path))) {
                folder.setValue(path);
            }
        });
    }

    private void removeSelected() {
        List<MediaItem> sel = List.copyOf(list.getSelectionModel().getSelectedItems());
        if (sync != null) {
            sync.remove(sel);
        } else {
            sel.forEach(model::remove);
        }
    }

    /** Right-click on items: move them to a bin. */
    private javafx.scene.control.ContextMenu itemMenu() {
        javafx.scene.control.Menu moveTo = new javafx.scene.control.Menu("Move to Bin");
        moveTo.setId("moveToBinMenu");
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(moveTo);
        menu.setOnShowing(e -> {
            moveTo.getItems().clear();
            if (timeline == null) {
                return;
            }
            List<String> targets = new java.util.ArrayList<>();
            targets.add("");
            targets.addAll(timeline.project().folders());
            for (String t : targets) {
                javafx.scene.control.MenuItem mi = new javafx.scene.control.MenuItem(t.isEmpty() ? "(top level)" : t);
                mi.setOnAction(a -> moveSelectedTo(t));
                moveTo.getItems().add(mi);
            }
        });
        return menu;
    }

    /** Moves the selected items into bin folder {@code target} ("" the top level). */
    public void moveSelectedTo(String target) {
        for (MediaItem i : List.copyOf(list.getSelectionModel().getSelectedItems())) {
            sync.move(i, target);
        }
    }

    public javafx.scene.control.ComboBox<String> folderChoice() {
        return folder;
    }

    public javafx.scene.control.TextField searchField() {
        return search;
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
        }
        e.consume();
    }

    /** What a drop does; separate so tests (and File > Import) call it with a plain list. */
    public List<MediaItem> handleDroppedFiles(List<File> files) {
        return model.importPaths(files.stream().map(File::toPath).toList());
    }

    /** Adds an "Add to Timeline" button (key E in the studio) that hands the selected ready item to {@code action}. */
    public void setOnAddToTimeline(Consumer<MediaItem> action) {
        Button add = new Button("Add to Timeline");
        add.setId("addToTimelineButton");
        add.setAccessibleText("Add the selected clip to the timeline at the playhead (E)");
        add.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        add.setOnAction(e -> action.accept(list.getSelectionModel().getSelectedItem()));
        add.setMaxWidth(Double.MAX_VALUE); // below the list, so the bin stays as narrow as before
        getChildren().add(add);
    }

    public void onSelect(Consumer<MediaItem> consumer) {
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> consumer.accept(b));
    }

    public ListView<MediaItem> list() {
        return list;
    }

    /** One row: thumbnail, name, then either the metadata line, a spinner, or the error. */
    private static final class ItemCell extends ListCell<MediaItem> {
        private final ImageView thumb = new ImageView();
        private final Label name = new Label();
        private final Label meta = new Label();
        private final ProgressIndicator spinner = new ProgressIndicator();
        private final HBox row;
        private final javafx.beans.value.ChangeListener<MediaItem.State> stateListener = (o, a, b) -> styleMeta(b);
        private MediaItem shown;

        ItemCell() {
            thumb.setFitWidth(96);
            thumb.setFitHeight(54);
            thumb.setPreserveRatio(true);
            name.getStyleClass().add("title");
            spinner.setPrefSize(16, 16);
            StackPane thumbBox = new StackPane(thumb);
            thumbBox.setMinSize(96, 54);
            thumbBox.setPrefSize(96, 54);
            VBox text = new VBox(2, name, meta);
            row = new HBox(8, thumbBox, text, spinner);
            row.getStyleClass().add("media-item");
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(MediaItem item, boolean empty) {
            super.updateItem(item, empty);
            if (shown != null) {
                shown.stateProperty().removeListener(stateListener);
                shown = null;
            }
            thumb.imageProperty().unbind();
            meta.textProperty().unbind();
            spinner.visibleProperty().unbind();
            meta.getStyleClass().removeAll("meta", "error");
            if (empty || item == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            name.setText(item.name());
            thumb.imageProperty().bind(item.thumbnailProperty());
            spinner.visibleProperty().bind(item.stateProperty().isEqualTo(MediaItem.State.LOADING));
            meta.textProperty().bind(Bindings.createStringBinding(() -> switch (item.state()) {
                case LOADING -> "reading…";
                case READY -> item.summary();
                case FAILED -> item.errorProperty().get();
            }, item.stateProperty(), item.errorProperty()));
            shown = item;
            item.stateProperty().addListener(stateListener);
            styleMeta(item.state());
            setAccessibleText(item.name());
            setGraphic(row);
        }

        private void styleMeta(MediaItem.State s) {
            meta.getStyleClass().removeAll("meta", "error");
            meta.getStyleClass().add(s == MediaItem.State.FAILED ? "error" : "meta");
            meta.setId(s == MediaItem.State.FAILED ? "itemError" : "itemMeta");
        }
    }
}
