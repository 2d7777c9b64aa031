package dev.flowsmith.ui.bin;

import dev.flowsmith.editing.command.BinEdit;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.ui.timeline.TimelineModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the media bin and the project's bin the same: a probed file joins the project (an undoable
 * import, into the bin folder being shown), and every project change (open, undo, a move to another
 * folder) is reflected in the bin's items, their folders and their order. Files that are still being
 * read or could not be read stay in the bin only; a project's missing file shows as failed.
 * FX thread only.
 */
public final class BinProjectSync {
    private final MediaBinModel bin;
    private final TimelineModel timeline;
    private String importFolder = "";

    public BinProjectSync(MediaBinModel bin, TimelineModel timeline) {
        this.bin = bin;
        this.timeline = timeline;
        bin.setOnReady(this::ready);
        timeline.projectProperty().addListener((o, a, b) -> reflect(b));
        reflect(timeline.project());
    }

    /** Where new imports go (the folder the bin shows). */
    public void setImportFolder(String folder) {
        importFolder = folder == null ? "" : folder;
    }

    private void ready(MediaItem item) {
        Project p = timeline.project();
        if (p.media().stream().anyMatch(m -> m.path().equals(item.path()))) {
            reflect(p);
            return;
        }
        MediaRef ref;
        try {
            ref = MediaImport.ref(item.info());
        } catch (MediaException e) {
            return; // neither picture nor sound: it stays in the bin with its details, never in the project
        }
        String folder = p.folders().contains(item.folderProperty().get()) ? item.folderProperty().get() : importFolder;
        timeline.perform(new BinEdit.Import(List.of(ref), p.folders().contains(folder) ? folder : ""));
    }

    /** The project's media as bin items, in the project's order and folders. */
    void reflect(Project p) {
        Map<Path, MediaItem> byPath = new HashMap<>();
        for (MediaItem i : bin.items()) {
            byPath.put(i.path(), i);
        }
        Map<Path, Integer> order = new HashMap<>();
        for (MediaRef m : p.media()) {
            order.put(m.path(), order.size());
            MediaItem item = byPath.get(m.path());
            if (item == null) {
                item = Files.exists(m.path()) ? bin.importPaths(List.of(m.path())).stream().findFirst().orElse(null)
                        : bin.addMissing(m.path(), m.folder());
            }
            if (item != null) {
                item.folderProperty().set(m.folder());
            }
        }
        // a ready item the project no longer has (an undone import, a removal) leaves the bin
        List<MediaItem> gone = new ArrayList<>();
        for (MediaItem i : bin.items()) {
            if (i.state() == MediaItem.State.READY && !order.containsKey(i.path())) {
                gone.add(i);
            }
        }
        gone.forEach(bin::remove);
        // the project's items take the project's order in the places they hold; the others (still loading, failed)
        // stay where they are, so a file that finishes loading does not reshuffle the list (and lose the selection)
        List<MediaItem> current = new ArrayList<>(bin.items());
        List<Integer> slots = new ArrayList<>();
        List<MediaItem> projectItems = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            if (order.containsKey(current.get(i).path())) {
                slots.add(i);
                projectItems.add(current.get(i));
            }
        }
        projectItems.sort(Comparator.comparingInt(i -> order.get(i.path())));
        List<MediaItem> sorted = new ArrayList<>(current);
        for (int k = 0; k < slots.size(); k++) {
            sorted.set(slots.get(k), projectItems.get(k));
        }
        if (!sorted.equals(current)) {
            bin.items().setAll(sorted);
        }
    }

    /** Removes items from the bin and the project; refused (with the reason) for media the timeline uses. */
    public boolean remove(List<MediaItem> items) {
        Project p = timeline.project();
        List<String> ids = new ArrayList<>();
        for (MediaItem i : items) {
            p.media().stream().filter(m -> m.path().equals(i.path())).findFirst().ifPresentOrElse(m -> ids.add(m.id()), () -> bin.remove(i));
        }
        return ids.isEmpty() || timeline.perform(new BinEdit.Remove(ids));
    }

    /** Moves an item into bin folder {@code folder} (kept at its place in the order). */
    public boolean move(MediaItem item, String folder) {
        Project p = timeline.project();
        for (int i = 0; i < p.media().size(); i++) {
            if (p.media().get(i).path().equals(item.path())) {
                return timeline.perform(new BinEdit.Move(p.media().get(i).id(), folder, i));
            }
        }
        timeline.report("'" + item.name() + "' is not ready yet: move it once its details appear.");
        return false;
    }

    /** Moves an item to place {@code index} in the bin's order, keeping its folder. */
    public boolean reorder(MediaItem item, int index) {
        Project p = timeline.project();
        for (MediaRef m : p.media()) {
            if (m.path().equals(item.path())) {
                return timeline.perform(new BinEdit.Move(m.id(), m.folder(), index));
            }
        }
        return false;
    }
}
