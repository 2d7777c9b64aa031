package dev.flowsmith.restoration.ditvr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DiT layers that get trajectory-aware attention. {@code flowsmith calibrate} ranks them per model
 * ({@link Calibration}) and stores the list beside the weights in {@value #FILE}; without one,
 * {@link #defaults} spreads {@code max(2, round(0.15 L))} layers evenly over the depth (4 of 28 for
 * DiT-XL), the budget ALGORITHMS.md 3.2.4 suggests.
 */
public final class VitalLayers {
    public static final String FILE = "flowsmith-vital-layers.json";

    private VitalLayers() {
    }

    /** A layer's score: how much trajectory attention in that layer alone lowered the warping error. */
    public record Score(int layer, double delta) {
    }

    public static int budget(int layers) {
        return Math.min(layers, Math.max(2, (int) Math.round(0.15 * layers)));
    }

    public static Set<Integer> defaults(int layers) {
        int k = budget(layers);
        Set<Integer> out = new TreeSet<>();
        for (int j = 0; j < k; j++) {
            out.add((int) Math.floor((j + 0.5) * layers / k));
        }
        return out;
    }

    /** The calibrated list stored in a model folder, if any (a damaged file is an error, not ignored). */
    public static Optional<Set<Integer>> read(Path modelFolder) {
        Path f = modelFolder.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = new ObjectMapper().readTree(f.toFile()).get("vital");
            if (n == null || !n.isArray()) {
                throw new IllegalArgumentException("'" + f + "' has no \"vital\" list; run flowsmith calibrate again");
            }
            Set<Integer> out = new TreeSet<>();
            n.forEach(v -> out.add(v.asInt()));
            return Optional.of(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + f + "' is not readable JSON (" + e.getMessage() + "); run flowsmith calibrate again", e);
        }
    }

    /** Calibrated layers of a model, else the defaults for its depth. */
    public static Set<Integer> forModel(Path modelFolder, int layers) {
        return read(modelFolder).orElseGet(() -> defaults(layers));
    }

    /** Stores a calibration (temp file + atomic rename). */
    public static void write(Path modelFolder, String clip, List<Score> scores, Set<Integer> vital) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("clip", clip);
        ArrayNode sc = root.putArray("scores");
        for (Score s : scores) {
            sc.addObject().put("layer", s.layer()).put("delta", s.delta());
        }
        ArrayNode v = root.putArray("vital");
        vital.forEach(v::add);
        Path f = modelFolder.resolve(FILE), tmp = modelFolder.resolve(FILE + ".tmp");
        try {
            om.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + f + "': " + e.getMessage(), e);
        }
    }
}
