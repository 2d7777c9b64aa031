package dev.flowsmith.editing.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Opens and saves project files ({@value #EXTENSION}). Saving writes a temp file beside the target,
 * forces it to disk and renames it over the target in one step, so a crash leaves either the old or
 * the new project, never half of one. A file that exists but is not a project this version can read
 * (damaged, or from a newer Flowsmith) is never overwritten.
 */
public final class ProjectFile {
    public static final String EXTENSION = ".fsproj";

    /** A project as opened, with the media files that were not found where it said (to relink). */
    public record Loaded(Project project, Path file, List<MediaRef> missing, String recoveryOf) {
    }

    private ProjectFile() {
    }

    public static Loaded load(Path file) {
        String name = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = ProjectJson.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ProjectException("'" + name + "' does not exist.", file.toString(), e);
        } catch (AccessDeniedException e) {
            throw new ProjectException("Flowsmith is not allowed to read '" + name + "'.", file.toString(), e);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String why = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                    ? "it is nested too deeply or too large to be a project" : "it is not valid JSON";
            throw new ProjectException("'" + name + "' is damaged and cannot be opened: " + why + where + ".", e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProjectException("'" + name + "' cannot be read.", e.toString(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ProjectException("'" + name + "' is empty.", file.toString());
        }
        Path folder = file.toAbsolutePath().getParent();
        Project p = ProjectJson.read(root, name, (rel, abs) -> resolve(folder, rel, abs));
        List<MediaRef> missing = p.media().stream().filter(m -> !Files.isRegularFile(m.path())).toList();
        return new Loaded(p, file.toAbsolutePath(), missing, root.path("recoveryOf").asText(null));
    }

    /** The relative path when that file exists (the project folder moved with its media), else the absolute one. */
    private static Path resolve(Path folder, String relative, String absolute) {
        Path rel = folder.resolve(relative).normalize();
        if (Files.isRegularFile(rel) || absolute == null) {
            return rel;
        }
        Path abs = Path.of(absolute);
        return Files.isRegularFile(abs) ? abs : rel;
    }

    /** Saves {@code p} to {@code file} (atomically), refusing to replace a file that is not a readable project. */
    public static Path save(Project p, Path file) {
        if (Files.exists(file)) {
            guardExisting(file);
        }
        write(p, file, null);
        return file.toAbsolutePath();
    }

    private static void guardExisting(Path file) {
        try {
            load(file);
        } catch (NewerProjectException e) {
            throw new ProjectException("'" + file.getFileName() + "' was saved by a newer Flowsmith and is not replaced; "
                    + "save under another name.", e.detail(), e);
        } catch (ProjectException e) {
            throw new ProjectException("'" + file.getFileName() + "' exists and is not a project this Flowsmith can read, "
                    + "so it is not replaced; save under another name.", e.userMessage(), e);
        }
    }

    /** Writes without the overwrite guard (recovery files); {@code recoveryOf} marks an autosave of that project. */
    static void write(Project p, Path file, String recoveryOf) {
        Path abs = file.toAbsolutePath();
        Path folder = abs.getParent();
        ObjectNode json = ProjectJson.write(p, folder, recoveryOf);
        Path tmp = null;
        try {
            Files.createDirectories(folder);
            tmp = Files.createTempFile(folder, "." + abs.getFileName(), ".tmp");
            byte[] bytes = ProjectJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true); // on disk before the rename makes it the project
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new ProjectException("Flowsmith is not allowed to write in '" + folder + "'.", e.toString(), e);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No space") ? "the disk is full" : "the disk refused it";
            throw new ProjectException("The project could not be saved to '" + abs.getFileName() + "': " + why
                    + ". The previous version is unchanged.", e.toString(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover hidden temp file is harmless
                }
            }
        }
    }
}
