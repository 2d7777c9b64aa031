package dev.flowsmith.diffusion.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The user's model folder ({@code ~/.local/share/flowsmith/models}, or {@code -Dflowsmith.models}):
 * one folder per catalogue id, holding the model's files and {@code checksums.json} (what was verified,
 * so a later {@code verify} catches a file changed on disk even for models the catalogue does not pin).
 */
public final class ModelStore {
    private final Path root;
    private final ModelCatalogue catalogue;

    public ModelStore(Path root, ModelCatalogue catalogue) {
        this.root = root;
        this.catalogue = catalogue;
    }

    public static ModelStore standard() {
        String p = System.getProperty("flowsmith.models");
        return new ModelStore(p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".local", "share", "flowsmith", "models"),
                ModelCatalogue.load());
    }

    public Path folder(String id) {
        return root.resolve(catalogue.require(id).id());
    }

    public boolean installed(String id) {
        return catalogue.require(id).files().stream().allMatch(f -> Files.isRegularFile(folder(id).resolve(f.path())));
    }

    /** Downloads every file of a model not yet there (resuming partial ones), verifying each. */
    public Path download(String id, Downloader.Progress progress, BooleanSupplier cancelled) {
        ModelCatalogue.Model m = catalogue.require(id);
        Downloader d = new Downloader();
        ObjectNode sums = new ObjectMapper().createObjectNode();
        for (ModelCatalogue.ModelFile f : m.files()) {
            Path target = folder(id).resolve(f.path());
            String sha = Files.isRegularFile(target) ? verifyOne(f, target) : d.fetch(f, target, progress, cancelled);
            sums.put(f.path(), sha);
        }
        writeSums(id, sums);
        return folder(id);
    }

    /**
     * Copies a model folder obtained elsewhere (another machine, a USB disk) after checking it: every file is copied
     * into a staging folder and checked there with the loaders' own checks (safetensors header, config.json as the
     * model reads it) and against the catalogue; only a complete, valid set replaces the installed one, in one
     * rename, so a failed import leaves a good install exactly as it was.
     */
    public Path importFolder(String id, Path from) {
        ModelCatalogue.Model m = catalogue.require(id);
        if (!Files.isDirectory(from)) {
            throw new ModelFormatException("'" + from + "' is not a folder: give the folder that holds model " + id + "'s files.");
        }
        ObjectNode sums = new ObjectMapper().createObjectNode();
        Path target = folder(id);
        Path staging = root.resolve("." + m.id() + ".import-" + ProcessHandle.current().pid());
        Path old = root.resolve("." + m.id() + ".replaced-" + ProcessHandle.current().pid());
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            for (ModelCatalogue.ModelFile f : m.files()) {
                Path src = from.resolve(f.path());
                if (!Files.isRegularFile(src)) {
                    throw new ModelFormatException("'" + from + "' lacks " + f.path() + " of model " + id + ".");
                }
                Path copy = staging.resolve(f.path());
                Files.createDirectories(copy.getParent());
                Files.copy(src, copy, StandardCopyOption.REPLACE_EXISTING);
                sums.put(f.path(), verifyOne(f, copy));
                ModelFileCheck.check(copy, from.resolve(f.path()));
            }
            writeSums(staging, id, sums);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.createDirectories(target.getParent());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new ModelFormatException("Importing model " + id + " failed (" + e.getMessage() + "); the installed model, if "
                    + "any, was not changed.", e);
        } finally {
            deleteTree(staging);
            if (Files.exists(old) && !Files.exists(target)) {
                try {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the previous install back
                } catch (IOException ignored) {
                    // it stays under its hidden name, named in the error above
                }
            }
        }
        return target;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a hidden leftover folder is never read
        }
    }

    /** Checks every file against the catalogue and the recorded checksums; returns the problems (empty = fine). */
    public List<String> verify(String id) {
        ModelCatalogue.Model m = catalogue.require(id);
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(folder(id).resolve("checksums.json"))) {
            problems.add("checksums.json, the record of what was installed, is missing, so changed files cannot be told "
                    + "apart: install the model again (flowsmith models download " + id + " or models import)");
        }
        ObjectNode recorded = readSums(id);
        for (ModelCatalogue.ModelFile f : m.files()) {
            Path p = folder(id).resolve(f.path());
            if (!Files.isRegularFile(p)) {
                problems.add(f.path() + " is missing");
                continue;
            }
            try {
                String sha = verifyOne(f, p);
                String rec = recorded.path(f.path()).asText(null);
                if (rec != null && !rec.equalsIgnoreCase(sha)) {
                    problems.add(f.path() + " changed since it was installed");
                } else if (rec == null && Files.isRegularFile(folder(id).resolve("checksums.json"))) {
                    problems.add(f.path() + " has no recorded checksum");
                }
                ModelFileCheck.check(p, p);
            } catch (ModelFormatException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    private static String verifyOne(ModelCatalogue.ModelFile f, Path p) {
        try {
            long size = Files.size(p);
            String sha = Downloader.sha256(p);
            if (f.size() >= 0 && size != f.size() || f.sha256() != null && !f.sha256().equalsIgnoreCase(sha)) {
                throw new ModelFormatException(f.path() + " does not match the catalogue (size " + size + " vs " + f.size()
                        + ", SHA-256 " + sha + " vs " + f.sha256() + ")");
            }
            return sha;
        } catch (IOException e) {
            throw new ModelFormatException(f.path() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private ObjectNode readSums(String id) {
        Path p = folder(id).resolve("checksums.json");
        try {
            return Files.isRegularFile(p) ? (ObjectNode) new ObjectMapper().readTree(p.toFile()) : new ObjectMapper().createObjectNode();
        } catch (IOException | ClassCastException e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    private void writeSums(String id, ObjectNode sums) {
        writeSums(folder(id), id, sums);
    }

    private static void writeSums(Path dir, String id, ObjectNode sums) {
        try {
            Path tmp = dir.resolve("checksums.json.part");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), sums);
            Files.move(tmp, dir.resolve("checksums.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelFormatException("The checksums of model " + id + " could not be written: " + e.getMessage(), e);
        }
    }
}
