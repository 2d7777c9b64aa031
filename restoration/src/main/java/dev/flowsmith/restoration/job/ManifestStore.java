package dev.flowsmith.restoration.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowsmith.media.MediaException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes a job's manifest of type {@code T} (temp file + atomic rename, so a kill never
 * leaves half a manifest), and checksums finished segments. Shared by every segmented job.
 */
public final class ManifestStore<T> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path file;
    private final Class<T> type;

    public ManifestStore(Path jobDir, Class<T> type) {
        this.file = jobDir.resolve("manifest.json");
        this.type = type;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    public T load() {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new MediaException("The job record '" + file + "' is damaged; remove its folder to start over.",
                    e.getMessage(), e);
        }
    }

    public void save(T m) {
        try {
            Path tmp = file.resolveSibling("manifest.json.part");
            JSON.writeValue(tmp.toFile(), m);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MediaException("The job record could not be written next to the output.", e.getMessage(), e);
        }
    }

    public static String sha256(Path p) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digest as we go
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable";
        }
    }

    /**
     * The leading run of finished segments that a resume can keep: numbered 0, 1, 2 ... in order, with
     * their files present and matching their checksums. Stops at the first gap or damaged file.
     */
    public static <S> java.util.List<S> intactPrefix(java.util.List<S> segments, Path dir,
                                                     java.util.function.ToIntFunction<S> index,
                                                     java.util.function.Function<S, String> file,
                                                     java.util.function.Function<S, String> sha) {
        java.util.List<S> kept = new java.util.ArrayList<>();
        for (S s : segments) {
            Path f = dir.resolve(file.apply(s));
            if (index.applyAsInt(s) != kept.size() || !Files.isRegularFile(f) || !sha256(f).equals(sha.apply(s))) {
                break;
            }
            kept.add(s);
        }
        return kept;
    }
}
