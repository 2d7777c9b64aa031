package dev.flowsmith.media;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the read-only test media in ../shared/data (system property {@code flowsmith.data}, set by
 * the build). Tests that need it are skipped, with a message saying so, when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String prop = System.getProperty("flowsmith.data");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "data");
        Assumptions.assumeTrue(Files.isDirectory(p),
                "SKIPPED: shared test data not found at " + p.toAbsolutePath() + " (set -Dflowsmith.data)");
        return p.normalize();
    }

    public static Path file(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "SKIPPED: shared test file missing: " + p);
        return p;
    }

    /**
     * A shared file a test cannot do without: skipped when absent on a developer's machine, but a failure under
     * {@code CI=true}, where the data is part of the machine and a missing file means the check did not run.
     */
    public static Path required(String relative) {
        String prop = System.getProperty("flowsmith.data");
        Path p = (prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "data")).resolve(relative).normalize();
        if (!Files.exists(p) && "true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("shared test file missing under CI=true: " + p.toAbsolutePath());
        }
        Assumptions.assumeTrue(Files.exists(p), "SKIPPED: shared test file missing: " + p);
        return p;
    }

    /** Every media file under the given folders of videos/, sorted. */
    public static List<Path> videos(String... folders) {
        Path videos = root().resolve("videos");
        return Stream.of(folders).flatMap(f -> {
            try (Stream<Path> s = Files.walk(videos.resolve(f))) {
                return s.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().matches(".*\\.(mp4|mov|mkv|webm|avi|flv|ts|3gp)$"))
                        .sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
