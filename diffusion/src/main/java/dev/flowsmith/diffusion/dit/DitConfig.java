package dev.flowsmith.diffusion.dit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;

/** The parts of a diffusers {@code DiTTransformer2DModel} config.json the forward pass needs. */
public record DitConfig(int heads, int headDim, int inChannels, int outChannels, int layers, int sampleSize,
                        int patchSize, int classes, double normEps) {
    public int dim() {
        return heads * headDim;
    }

    public int grid() {
        return sampleSize / patchSize;
    }

    public static DitConfig read(Path configJson) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("'" + configJson + "' cannot be read as JSON: " + e.getMessage(), e);
        }
        String cls = n.path("_class_name").asText("DiTTransformer2DModel");
        if (!cls.equals("DiTTransformer2DModel") && !cls.equals("Transformer2DModel")) {
            throw new ModelFormatException("'" + configJson + "' describes a " + cls + ", not a DiT transformer.");
        }
        if (!n.path("norm_type").asText("ada_norm_zero").equals("ada_norm_zero")) {
            throw new ModelFormatException("'" + configJson + "': only ada_norm_zero DiT models are supported.");
        }
        int in = n.path("in_channels").asInt(4);
        DitConfig c = new DitConfig(n.path("num_attention_heads").asInt(16), n.path("attention_head_dim").asInt(72), in,
                n.path("out_channels").isNull() || n.path("out_channels").isMissingNode() ? in : n.path("out_channels").asInt(),
                n.path("num_layers").asInt(28), n.path("sample_size").asInt(32), n.path("patch_size").asInt(2),
                n.path("num_embeds_ada_norm").asInt(1000), n.path("norm_eps").asDouble(1e-5));
        if (c.sampleSize() % c.patchSize() != 0 || c.heads() <= 0 || c.headDim() <= 0 || c.layers() <= 0) {
            throw new ModelFormatException("'" + configJson + "' has inconsistent sizes: " + c);
        }
        return c;
    }
}
