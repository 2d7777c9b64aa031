package dev.flowsmith.editing.model;

/** Names of bin folders: '/'-separated paths ("Footage/Day 1"), each part 1-64 characters, no empty parts. */
public final class BinFolders {
    private BinFolders() {
    }

    public static void check(String folder) {
        if (folder == null || folder.isEmpty() || folder.length() > 512) {
            throw new IllegalArgumentException("a bin folder needs a name of 1-512 characters");
        }
        for (String part : folder.split("/", -1)) {
            if (part.isBlank() || part.length() > 64 || !part.equals(part.strip())) {
                throw new IllegalArgumentException("bin folder '" + folder + "' has an empty or badly spaced part");
            }
        }
    }

    /** The folder's own name (its last part). */
    public static String leaf(String folder) {
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    /** The folder holding {@code folder}, "" for a top-level one. */
    public static String parent(String folder) {
        int i = folder.lastIndexOf('/');
        return i < 0 ? "" : folder.substring(0, i);
    }

    /** True when {@code folder} is {@code ancestor} or inside it. */
    public static boolean within(String folder, String ancestor) {
        return folder.equals(ancestor) || folder.startsWith(ancestor + "/");
    }
}
