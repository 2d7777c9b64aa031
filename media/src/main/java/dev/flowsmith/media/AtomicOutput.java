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
 * All checks that can fail run before any work: target exists, is a folder or is an input, a name too long for
 * the file system (the hidden temp name adds about 30 bytes), folder missing or not writable.
 * The temp name carries the writer's pid, so a later run can remove what a killed run (SIGKILL, power loss) left:
 * {@link #removeStale} deletes such files of processes that no longer run once they are an hour old.
 * Without overwrite the final step never replaces a file that appeared meanwhile (a hard link, which fails
 * when the name exists, then the temp name is removed).
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
        if (Files.isDirectory(abs)) {
            throw new OutputExistsException("The output '" + name + "' is a folder: give a file name inside it, e.g. '"
                    + abs.resolve("restored.mp4") + "'.", abs.toString());
        }
        FFmpegLibrary.ensureLoaded();
        if (org.bytedeco.ffmpeg.global.avformat.av_guess_format(null, name, null) == null) {
            throw new UnsupportedMediaException("Flowsmith cannot tell which container to write from the name '" + name
                    + "': end it in .mp4, .mkv, .mov or .webm.", abs.toString());
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
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : "";
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String tempName = "." + stem + TAG + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6)
                + ".part" + ext;
        int bytes = tempName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            int room = MAX_NAME_BYTES - (bytes - name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            throw new MediaException("The output name '" + name + "' is too long for the file system (with Flowsmith's temp name "
                    + "it needs " + bytes + " bytes, at most " + MAX_NAME_BYTES + " are allowed): shorten it to " + room + " bytes or fewer.",
                    abs.toString());
        }
        probeWrite(dir);
        removeStale(dir);
        return new AtomicOutput(abs, temp(dir, tempName), overwrite);
    }

    /** Marks our temp files: {@code .STEM.flowsmith-PID-RANDOM.part.EXT}. */
    static final String TAG = ".flowsmith-";
    /** NAME_MAX of ext4, XFS, btrfs, NTFS (in UTF-16 units there, close enough) and most others. */
    static final int MAX_NAME_BYTES = 255;
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile("^\\..*\\.flowsmith-(\\d+)-[0-9a-f]{6}\\.part(\\..*)?$");
    private static final long STALE_MILLIS = 3_600_000;

    private static Path temp(Path dir, String name) {
        return dir.resolve(name);
    }

    /**
     * Removes temp files an earlier, killed run left in {@code dir}: our name pattern, a pid that is not running here,
     * and not modified for an hour (so a live writer on another machine sharing the folder is never touched).
     * Returns how many were removed.
     */
    public static int removeStale(Path dir) {
        int removed = 0;
        long now = System.currentTimeMillis();
        try (var files = Files.newDirectoryStream(dir, ".*" + TAG + "*.part*")) {
            for (Path f : files) {
                java.util.regex.Matcher m = OURS.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!running && now - Files.getLastModifiedTime(f).toMillis() > STALE_MILLIS && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a folder we cannot list is reported by the write itself
        }
        return removed;
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
            String m = String.valueOf(e.getMessage());
            if (m.contains("No space")) {
                throw new DiskFullException("The disk holding '" + dir + "' is full: free some space or write elsewhere.", m, e);
            }
            if (m.contains("Read-only file system")) {
                throw new PermissionDeniedException("The file system holding '" + dir + "' is read-only: write the output "
                        + "to another folder.", m, e);
            }
            throw new PermissionDeniedException("Flowsmith cannot write into '" + dir + "'.", e.toString(), e);
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

    /**
     * Moves the finished temp file to the target in one step. Without overwrite a file that appeared under the
     * target name meanwhile is kept and the result stays in the temp file, named in the error.
     */
    public void commit() {
        try {
            if (overwrite) {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                // rename(2) would silently replace a file created since create(): link(2) refuses an existing name
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof java.nio.file.FileAlreadyExistsException) {
                        throw e;
                    }
                    // no hard links here (FAT, some network file systems): the best left is check, then move
                    Files.move(temp, target);
                }
            }
            committed = true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            committed = true; // keep the finished work: the user decides
            throw new OutputExistsException("'" + target.getFileName() + "' appeared while Flowsmith was writing it and was "
                    + "left as it is; the result is in '" + temp.getFileName() + "' beside it.", target.toString());
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
