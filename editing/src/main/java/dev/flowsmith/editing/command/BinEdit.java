package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.BinFolders;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;

import java.util.ArrayList;
import java.util.List;

/**
 * Commands on the project's media bin: import media (kept whether or not a clip uses it), remove media
 * no clip uses, move media to a folder and place, and add, rename or remove folders (folders nest:
 * "Footage/Day 1"). The bin's order is the media list's order.
 */
public final class BinEdit {
    private BinEdit() {
    }

    public record Import(List<MediaRef> media, String folder) implements EditCommand {
        public Import {
            media = List.copyOf(media);
        }

        @Override
        public String name() {
            return media.size() == 1 ? "Import " + media.get(0).name() : "Import " + media.size() + " files";
        }

        @Override
        public Project apply(Project p) {
            List<MediaRef> all = new ArrayList<>(p.media());
            int added = 0;
            for (MediaRef m : media) {
                if (p.findMedia(m.id()).isEmpty() && all.stream().noneMatch(o -> o.id().equals(m.id()))) {
                    all.add(m.inFolder(folder == null ? "" : folder));
                    added++;
                }
            }
            if (added == 0) {
                throw new EditException("Those files are already in the bin.");
            }
            return bin(p, all, p.folders());
        }
    }

    public record Remove(List<String> ids) implements EditCommand {
        @Override
        public String name() {
            return "Remove from bin";
        }

        @Override
        public Project apply(Project p) {
            for (String id : ids) {
                if (p.uses(id)) {
                    throw new EditException("'" + p.mediaRef(id).name() + "' is used on the timeline: delete its clips first.");
                }
            }
            List<MediaRef> all = new ArrayList<>(p.media());
            if (!all.removeIf(m -> ids.contains(m.id()))) {
                throw new EditException("Those files are not in the bin.");
            }
            return bin(p, all, p.folders());
        }
    }

    /** Puts media {@code id} into {@code folder} at {@code index} of the whole bin's order. */
    public record Move(String id, String folder, int index) implements EditCommand {
        @Override
        public String name() {
            return "Move in bin";
        }

        @Override
        public Project apply(Project p) {
            MediaRef m = p.findMedia(id).orElseThrow(() -> new EditException("That file is no longer in the bin."));
            List<MediaRef> all = new ArrayList<>(p.media());
            int from = all.indexOf(m);
            all.remove(from);
            int at = Math.max(0, Math.min(index, all.size()));
            all.add(at, m.inFolder(folder == null ? "" : folder));
            if (at == from && m.folder().equals(folder == null ? "" : folder)) {
                throw new EditException("The file is already there.");
            }
            return bin(p, all, p.folders());
        }
    }

    public record AddFolder(String folder) implements EditCommand {
        @Override
        public String name() {
            return "New bin";
        }

        @Override
        public Project apply(Project p) {
            if (p.folders().contains(folder)) {
                throw new EditException("There is already a bin called '" + folder + "'.");
            }
            List<String> f = new ArrayList<>(p.folders());
            f.add(folder);
            return bin(p, p.media(), f);
        }
    }

    /** Renames a folder; folders and media inside it move with it. */
    public record RenameFolder(String folder, String newName) implements EditCommand {
        @Override
        public String name() {
            return "Rename bin";
        }

        @Override
        public Project apply(Project p) {
            if (!p.folders().contains(folder)) {
                throw new EditException("There is no bin called '" + folder + "'.");
            }
            String parent = BinFolders.parent(folder);
            String renamed = (parent.isEmpty() ? "" : parent + "/") + (newName == null ? "" : newName.strip());
            if (p.folders().contains(renamed)) {
                throw new EditException("There is already a bin called '" + renamed + "'.");
            }
            List<String> f = p.folders().stream().map(x -> moved(x, folder, renamed)).toList();
            List<MediaRef> m = p.media().stream().map(x -> x.inFolder(moved(x.folder(), folder, renamed))).toList();
            return bin(p, m, f);
        }
    }

    /** Removes a folder and the folders inside it; their media go to the removed folder's parent. */
    public record RemoveFolder(String folder) implements EditCommand {
        @Override
        public String name() {
            return "Remove bin";
        }

        @Override
        public Project apply(Project p) {
            if (!p.folders().contains(folder)) {
                throw new EditException("There is no bin called '" + folder + "'.");
            }
            String parent = BinFolders.parent(folder);
            List<String> f = p.folders().stream().filter(x -> !BinFolders.within(x, folder)).toList();
            List<MediaRef> m = p.media().stream().map(x -> BinFolders.within(x.folder(), folder) ? x.inFolder(parent) : x).toList();
            return bin(p, m, f);
        }
    }

    private static String moved(String path, String from, String to) {
        return BinFolders.within(path, from) ? to + path.substring(from.length()) : path;
    }

    private static Project bin(Project p, List<MediaRef> media, List<String> folders) {
        try {
            return p.withBin(media, folders);
        } catch (IllegalArgumentException e) {
            throw new EditException("The bin cannot be changed that way: " + e.getMessage() + ".");
        }
    }
}
