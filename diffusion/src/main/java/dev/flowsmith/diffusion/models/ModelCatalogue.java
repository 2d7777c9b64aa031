package dev.flowsmith.diffusion.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models Flowsmith knows how to fetch: id, task, licence and files (path in the model folder,
 * URL, size and SHA-256 when pinned). The built-in list ships as a resource; a user catalogue
 * ({@code -Dflowsmith.catalogue=FILE}, or {@code ~/.config/flowsmith/models.json}) adds or replaces
 * entries by id.
 */
public final class ModelCatalogue {
    /** One file of a model; {@code size < 0} or {@code sha256 == null}: not pinned yet. */
    public record ModelFile(String path, String url, long size, String sha256) {
        public boolean pinned() {
            return size >= 0 && sha256 != null;
        }
    }

    public record Model(String id, String name, String task, String licence, List<ModelFile> files) {
    }

    private final Map<String, Model> models;

    private ModelCatalogue(Map<String, Model> models) {
        this.models = models;
    }

    public static ModelCatalogue load() {
        Map<String, Model> m = new LinkedHashMap<>();
        try (InputStream in = ModelCatalogue.class.getResourceAsStream("catalogue.json")) {
            read(new ObjectMapper().readTree(in), m, "the built-in catalogue");
        } catch (IOException e) {
            throw new IllegalStateException("built-in model catalogue unreadable", e);
        }
        String user = System.getProperty("flowsmith.catalogue");
        Path p = user != null ? Path.of(user) : Path.of(System.getProperty("user.home"), ".config", "flowsmith", "models.json");
        if (Files.isRegularFile(p)) {
            try {
                read(new ObjectMapper().readTree(p.toFile()), m, p.toString());
            } catch (IOException e) {
                throw new ModelFormatException("The model catalogue '" + p + "' is not valid JSON: " + e.getMessage(), e);
            }
        }
        return new ModelCatalogue(m);
    }

    private static void read(JsonNode root, Map<String, Model> into, String where) {
        for (JsonNode n : root.path("models")) {
            List<ModelFile> files = new ArrayList<>();
            for (JsonNode f : n.path("files")) {
                files.add(new ModelFile(f.path("path").asText(), f.path("url").asText(), f.path("size").asLong(-1),
                        f.hasNonNull("sha256") ? f.path("sha256").asText() : null));
            }
            String id = n.path("id").asText("");
            if (id.isEmpty() || files.isEmpty()) {
                throw new ModelFormatException("A model in " + where + " has no id or no files.");
            }
            into.put(id, new Model(id, n.path("name").asText(id), n.path("task").asText(""), n.path("licence").asText(""), files));
        }
    }

    public List<Model> all() {
        return List.copyOf(models.values());
    }

    public Optional<Model> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Model require(String id) {
        return find(id).orElseThrow(() -> new ModelFormatException("No model '" + id + "' in the catalogue; known: "
                + String.join(", ", models.keySet()) + "."));
    }
}
