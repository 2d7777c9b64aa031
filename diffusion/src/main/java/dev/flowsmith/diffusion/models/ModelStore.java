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

    /** Copies a model folder obtained elsewhere (another machine, a USB disk) after checking it. */
    public Path importFolder(String id, Path from) {
        ModelCatalogue.Model m = catalogue.require(id);
        ObjectNode sums = new ObjectMapper().createObjectNode();
        try {
            Files.createDirectories(folder(id));
            for (ModelCatalogue.ModelFile f : m.files()) {
                Path src = from.resolve(f.path());
                if (!Files.isRegularFile(src)) {
                    throw new ModelFormatException("'" + from + "' lacks " + f.path() + " of model " + id + ".");
                }
                String sha = verifyOne(f, src);
                Path tmp = folder(id).resolve(f.path() + ".part");
                Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, folder(id).resolve(f.path()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                sums.put(f.path(), sha);
            }
        } catch (IOException e) {
            throw new ModelFormatException("Importing model " + id + " failed: " + e.getMessage(), e);
        }
        writeSums(id, sums);
        return folder(id);
    }

    /** Checks every file against the catalogue and the recorded checksums; returns the problems (empty = fine). */
    public List<String> verify(String id) {
        ModelCatalogue.Model m = catalogue.require(id);
        List<String> problems = new ArrayList<>();
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
                }
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
        try {
            Path tmp = folder(id).resolve("checksums.json.part");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), sums);
            Files.move(tmp, folder(id).resolve("checksums.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelFormatException("The checksums of model " + id + " could not be written: " + e.getMessage(), e);
        }
    }
}
