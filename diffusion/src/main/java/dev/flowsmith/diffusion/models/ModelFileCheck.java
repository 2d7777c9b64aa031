package dev.flowsmith.diffusion.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks one file of a model the way the loaders will read it, so an import or verify never calls a 0-byte or garbage
 * file "installed": safetensors through {@link SafetensorsFile#open} (header, dtypes, offsets), {@code config.json} as
 * a JSON object with a {@code _class_name} (the diffusers layout), anything else not empty.
 */
final class ModelFileCheck {
    private ModelFileCheck() {
    }

    /** {@code file} is checked; {@code shown} is the name used in the message (the user's original path). */
    static void check(Path file, Path shown) {
        String name = file.getFileName().toString();
        try {
            if (Files.size(file) == 0) {
                throw new ModelFormatException("'" + shown + "' is empty (0 bytes): copy the model file again.");
            }
            if (name.endsWith(".safetensors")) {
                try (SafetensorsFile st = SafetensorsFile.open(file)) {
                    if (st.names().isEmpty()) {
                        throw new ModelFormatException("'" + shown + "' holds no tensors.");
                    }
                }
            } else if (name.endsWith(".json")) {
                JsonNode n;
                try {
                    n = new ObjectMapper().readTree(file.toFile());
                } catch (IOException e) {
                    throw new ModelFormatException("'" + shown + "' is not valid JSON: copy the model's " + name + " again.", e);
                }
                if (n == null || !n.isObject() || (name.equals("config.json") && !n.hasNonNull("_class_name"))) {
                    throw new ModelFormatException("'" + shown + "' is not a diffusers " + name + " (no \"_class_name\").");
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException("'" + shown + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
