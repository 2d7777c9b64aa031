package dev.flowsmith.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running job per job folder: an OS lock on {@code DIR/lock} (released by the kernel when the process dies, so
 * a killed job never blocks the next run) holding the owner's pid and host for the message. A second run on the same
 * output is told the job is running and by whom, instead of being sent to delete the folder under it.
 */
public final class JobFolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private JobFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir} (created if missing) or throws, naming {@code output} and the running process. */
    public static JobFolderLock acquire(Path dir, Path output) {
        Path file = dir.resolve("lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this JVM already runs it
            }
            if (l == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new MediaException("A job for '" + output.getFileName() + "' is running now" + (owner.isEmpty() ? "" : " ("
                        + owner + ")") + ": wait for it to finish, or cancel it, then run again (with --resume to continue it).",
                        dir.toString());
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new JobFolderLock(ch, l);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // already failing
            }
            throw new MediaException("The job folder '" + dir + "' cannot be used: " + e.getMessage() + ".", e.toString(), e);
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the descriptor anyway
        }
    }
}
