package dev.flowsmith.farm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowsmith.restoration.job.ManifestStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A farm job's folder on the shared storage, {@code .OUT.flowsmith-farm} beside the output: {@code farm.json} (what
 * is being made; a resume must match it), and per finished segment its video and a {@code segment-NNNNN.json} record
 * with its checksum. Workers write segments concurrently, each to its own names and atomically (temp + rename), so no
 * shared manifest is ever written by two machines; the workflow's history holds the bookkeeping, these files are
 * the truth about the frames.
 */
public final class FarmFolder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What {@code farm.json} holds. */
    public record Description(int version, String jobId, String description) {
    }

    private final Path dir;

    public FarmFolder(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        this.dir = abs.resolveSibling("." + abs.getFileName() + ".flowsmith-farm");
    }

    public Path dir() {
        return dir;
    }

    public Path segmentFile(int index, String extension) {
        return dir.resolve(String.format(Locale.ROOT, "segment-%05d.%s", index, extension));
    }

    private Path record(int index) {
        return dir.resolve(String.format(Locale.ROOT, "segment-%05d.json", index));
    }

    public Optional<Description> description() {
        Path f = dir.resolve("farm.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), Description.class));
        } catch (IOException e) {
            return Optional.empty(); // a damaged record is rewritten; its segments are then checked one by one
        }
    }

    public void writeDescription(Description d) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("farm.json"), JSON.writeValueAsBytes(d));
    }

    /** Records a finished segment (after its file is in place). */
    public void recordSegment(SegmentDone d) throws IOException {
        writeAtomically(record(d.index()), JSON.writeValueAsBytes(d));
    }

    /**
     * The finished segments a resume may keep: a record whose file is there with the recorded checksum, numbered
     * below {@code segments}. Damaged or missing ones are simply made again.
     */
    public List<SegmentDone> finishedSegments(int segments) {
        List<SegmentDone> kept = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return kept;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().matches("segment-\\d{5}\\.json")).sorted().toList()) {
                try {
                    SegmentDone d = JSON.readValue(p.toFile(), SegmentDone.class);
                    Path file = dir.resolve(d.file());
                    if (d.index() >= 0 && d.index() < segments && d.frames() > 0 && file.getParent().equals(dir)
                            && Files.isRegularFile(file) && ManifestStore.sha256(file).equals(d.sha256())) {
                        kept.add(d);
                    }
                } catch (IOException e) {
                    // a damaged record: the segment is made again
                }
            }
        } catch (IOException e) {
            return kept;
        }
        kept.sort(Comparator.comparingInt(SegmentDone::index));
        return kept;
    }

    /** Removes the folder once the output is in place. */
    public void delete() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden folder is harmless
        }
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 6) + ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
