package dev.flowsmith.diffusion.vae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;

/** The parts of a diffusers {@code AutoencoderKL} config.json the encoder and decoder need. */
public record VaeConfig(int inChannels, int outChannels, int latentChannels, int[] blockOutChannels, int layersPerBlock,
                        int groups, double scalingFactor) {
    public static VaeConfig read(Path configJson) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("'" + configJson + "' cannot be read as JSON: " + e.getMessage(), e);
        }
        if (!n.path("_class_name").asText("AutoencoderKL").equals("AutoencoderKL")) {
            throw new ModelFormatException("'" + configJson + "' describes a " + n.path("_class_name").asText() + ", not an AutoencoderKL.");
        }
        if (!n.path("act_fn").asText("silu").equals("silu")) {
            throw new ModelFormatException("'" + configJson + "': only SiLU autoencoders are supported.");
        }
        JsonNode b = n.path("block_out_channels");
        int[] ch = new int[b.size()];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = b.get(i).asInt();
        }
        if (ch.length == 0) {
            throw new ModelFormatException("'" + configJson + "' has no block_out_channels.");
        }
        return new VaeConfig(n.path("in_channels").asInt(3), n.path("out_channels").asInt(3), n.path("latent_channels").asInt(4),
                ch, n.path("layers_per_block").asInt(2), n.path("norm_num_groups").asInt(32), n.path("scaling_factor").asDouble(0.18215));
    }
}
