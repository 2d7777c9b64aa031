package dev.flowsmith.editing.project;

import dev.flowsmith.editing.model.Project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Autosaved copies of open projects, one file per project, in the user's recovery folder
 * ({@code ~/.local/share/flowsmith/recovery}, or {@code -Dflowsmith.recovery}). A clean close removes
 * the project's file; whatever is left at start-up was not closed cleanly and is offered back.
 */
public final class RecoveryStore {
    private static final String SUFFIX = ".recovery" + ProjectFile.EXTENSION;
    private final Path folder;

    /** One recoverable project: the autosave file, the project it belongs to (null if never saved) and when. */
    public record Entry(Path file, Path project, FileTime savedAt) {
    }

    public RecoveryStore(Path folder) {
        this.folder = folder;
    }

    public static RecoveryStore standard() {
        String dir = System.getProperty("flowsmith.recovery");
        return new RecoveryStore(dir != null ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".local", "share", "flowsmith", "recovery"));
    }

    public Path folder() {
        return folder;
    }

    /** The recovery file of a saved project (by its path) or of an untitled one (by a session id). */
    public Path fileFor(Path project, UUID untitled) {
        String key = project != null ? hash(project.toAbsolutePath().normalize().toString()) : "untitled-" + untitled;
        return folder.resolve(key + SUFFIX);
    }

    public void save(Project p, Path recoveryFile, Path project) {
        ProjectFile.write(p, recoveryFile, project == null ? "" : project.toAbsolutePath().toString());
    }

    public void discard(Path recoveryFile) {
        try {
            Files.deleteIfExists(recoveryFile);
        } catch (IOException ignored) {
            // offered again at the next start; harmless
        }
    }

    /** What can be recovered, newest first. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String of = readRecoveryOf(f);
                out.add(new Entry(f, of == null || of.isEmpty() ? null : Path.of(of), Files.getLastModifiedTime(f)));
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Entry::savedAt).reversed());
        return out;
    }

    private static String readRecoveryOf(Path f) {
        try {
            return ProjectJson.MAPPER.readTree(f.toFile()).path("recoveryOf").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
