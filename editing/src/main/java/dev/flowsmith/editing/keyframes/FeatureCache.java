package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.VideoFrame;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps every frame's features of a source file on disk (8 bits per value, so 1,200 frames at 512x512
 * take 36 MB), so choosing keyframes again with another sensitivity does not redo the work. The file
 * is keyed by the source's path, size and modification time and the feature layout, in
 * {@code ~/.cache/flowsmith/features} (or {@code -Dflowsmith.cache}); a cache that cannot be written is
 * simply not used.
 */
final class FeatureCache {
    private final int perFrame;
    private final Path file;
    private final boolean complete;
    private RandomAccessFile raf;
    private Path partial;
    private final byte[] row;

    private FeatureCache(Path file, int perFrame, boolean complete) {
        this.file = file;
        this.perFrame = perFrame;
        this.complete = complete;
        this.row = new byte[perFrame];
    }

    static FeatureCache open(Path video, int perFrame) {
        Path dir = Path.of(System.getProperty("flowsmith.cache", Path.of(System.getProperty("user.home"), ".cache", "flowsmith").toString()), "features");
        Path f = dir.resolve(key(video, perFrame) + ".u8");
        FeatureCache c = new FeatureCache(f, perFrame, Files.isRegularFile(f));
        try {
            if (c.complete) {
                c.raf = new RandomAccessFile(f.toFile(), "r");
            } else {
                Files.createDirectories(dir);
                c.partial = Files.createTempFile(dir, ".features", ".part");
                c.raf = new RandomAccessFile(c.partial.toFile(), "rw");
            }
        } catch (IOException e) {
            c.raf = null; // no cache: features are computed as if the cache were empty
        }
        return c;
    }

    /** Frame {@code index}'s features: from the cache, or computed from {@code frame} (and stored). */
    float[] get(int index, VideoFrame frame) {
        float[] out = new float[perFrame];
        try {
            if (complete && raf != null && (long) (index + 1) * perFrame <= raf.length()) {
                raf.seek((long) index * perFrame);
                raf.readFully(row);
                for (int i = 0; i < perFrame; i++) {
                    out[i] = row[i] / 127f;
                }
                return out;
            }
        } catch (IOException e) {
            // fall through to computing
        }
        float[] f = FrameFeatures.of(frame);
        for (int i = 0; i < perFrame; i++) {
            row[i] = (byte) Math.round(Math.max(-1, Math.min(1, f[i])) * 127);
            out[i] = row[i] / 127f; // the stored precision, so a first run and a cached run choose alike
        }
        if (!complete && raf != null) {
            try {
                raf.write(row);
            } catch (IOException e) {
                closeQuietly();
            }
        }
        return out;
    }

    /** After the last frame: a freshly written cache becomes the cache file (atomically). */
    void finish(int frames) {
        try {
            if (raf != null) {
                raf.close();
            }
            if (!complete && raf != null && partial != null) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // no cache this time
        } finally {
            raf = null;
            deletePartial();
        }
    }

    private void closeQuietly() {
        try {
            raf.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        raf = null;
        deletePartial();
    }

    private void deletePartial() {
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover temp file in the cache folder is harmless
            }
        }
    }

    private static String key(Path video, int perFrame) {
        try {
            Path abs = video.toAbsolutePath().normalize();
            String k = abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis() + "|" + perFrame
                    + "|" + FrameFeatures.PROXY + "|" + FrameFeatures.PATCH + "|v1";
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "uncached-" + System.nanoTime();
        }
    }
}
