package dev.flowsmith.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a resume depends on, cheaply: SHA-256 over a file's size and its first and last MiB. Path, size and mtime
 * alone miss a file replaced by another of the same size (a re-export, a copy with preserved times).
 */
public final class FileFingerprint {
    private static final int CHUNK = 1 << 20;

    private FileFingerprint() {
    }

    public static String of(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = ch.size();
            md.update(ByteBuffer.allocate(8).putLong(size).flip());
            digest(ch, md, 0, Math.min(size, CHUNK));
            if (size > CHUNK) {
                long from = Math.max(CHUNK, size - CHUNK);
                digest(ch, md, from, size - from);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new MediaException("'" + file.getFileName() + "' cannot be read.", e.toString(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(FileChannel ch, MessageDigest md, long from, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 64 * 1024));
        long pos = from, end = from + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
    }
}
