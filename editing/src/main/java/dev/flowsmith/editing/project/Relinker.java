package dev.flowsmith.editing.project;

import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds media that moved: looks in a folder (and its subfolders, a few levels deep) for files with
 * the same name, and accepts one only when its duration matches what the project recorded, so a
 * different file that happens to share the name is not linked by mistake.
 */
public final class Relinker {
    private static final int MAX_DEPTH = 6;

    /** The project with every missing media found under {@code folder} pointed at its new place, and what stayed missing. */
    public record Result(Project project, List<MediaRef> relinked, List<MediaRef> stillMissing) {
    }

    private Relinker() {
    }

    public static Result relink(Project p, Path folder) {
        Map<String, List<Path>> byName = new HashMap<>();
        try (Stream<Path> s = Files.walk(folder, MAX_DEPTH)) {
            s.filter(Files::isRegularFile).forEach(f -> byName.computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>()).add(f));
        } catch (IOException e) {
            throw new ProjectException("The folder '" + folder + "' cannot be searched.", e.toString(), e);
        }
        List<MediaRef> media = new ArrayList<>(), relinked = new ArrayList<>(), missing = new ArrayList<>();
        for (MediaRef m : p.media()) {
            if (Files.isRegularFile(m.path())) {
                media.add(m);
                continue;
            }
            Path found = byName.getOrDefault(m.name(), List.of()).stream().filter(f -> sameDuration(f, m)).findFirst().orElse(null);
            if (found == null) {
                missing.add(m);
                media.add(m);
            } else {
                MediaRef moved = m.withPath(found);
                relinked.add(moved);
                media.add(moved);
            }
        }
        return new Result(p.withMedia(media), relinked, missing);
    }

    private static boolean sameDuration(Path f, MediaRef m) {
        try {
            MediaInfo info = MediaProbe.probe(f);
            return Math.abs(info.durationSeconds() * 1e6 - m.durationMicros()) < 100_000;
        } catch (MediaException e) {
            return false;
        }
    }
}
