package dev.flowsmith.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.UUID;

/**
 * A file being written: work goes to a hidden temp file in the target's folder (same file system,
 * so the final rename is atomic) and only {@link #commit()} makes it appear under the target name.
 * {@link #close()} without commit removes the temp file, so a failed or cancelled job leaves nothing.
 * All checks that can fail run before any work: target exists, target is an input, folder missing
 * or not writable.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, boolean overwrite) {
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
    }

    public static AtomicOutput create(Path target, boolean overwrite, Collection<Path> inputs) {
        Path abs = target.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        for (Path in : inputs) {
            if (sameFile(in, abs)) {
                throw new OutputExistsException("The output '" + name + "' is one of the inputs; Flowsmith never overwrites an original.",
                        abs.toString());
            }
        }
        if (Files.exists(abs) && !overwrite) {
            throw new OutputExistsException("The output '" + name + "' already exists; choose another name or allow overwriting.",
                    abs.toString());
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            throw new MediaException("The output folder '" + dir + "' does not exist.", abs.toString());
        }
        if (!Files.isWritable(dir)) {
            throw new PermissionDeniedException("Flowsmith is not allowed to write into '" + dir + "'.", abs.toString());
        }
        probeWrite(dir);
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path temp = dir.resolve("." + stem + ".flowsmith-" + UUID.randomUUID().toString().substring(0, 8) + ".part" + ext);
        return new AtomicOutput(abs, temp, overwrite);
    }

    /**
     * Creates and removes a tiny file in {@code dir}: permission bits say nothing for root, and a
     * read-only or special file system only shows itself when something is written.
     */
    private static void probeWrite(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".flowsmith-probe-", ".tmp");
            Files.deleteIfExists(probe);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No space") ? "the disk is full" : e.toString();
            throw new PermissionDeniedException("Flowsmith cannot write into '" + dir + "'.", why, e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b);
        }
    }

    public Path target() {
        return target;
    }

    /** Where the work is written until commit. */
    public Path temp() {
        return temp;
    }

    /** Moves the finished temp file to the target in one step. */
    public void commit() {
        try {
            try {
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, overwrite ? new StandardCopyOption[]{StandardCopyOption.REPLACE_EXISTING}
                        : new StandardCopyOption[0]);
            }
            committed = true;
        } catch (IOException e) {
            throw new MediaException("The finished file could not be moved to '" + target.getFileName() + "'.", e.toString(), e);
        }
    }

    /** Removes the temp file unless committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more can be done; the name is hidden and marked .part
            }
        }
    }
}
