package dev.flowsmith.diffusion.weights;

import java.nio.file.Files;
import java.nio.file.Path;

/** A diffusers model folder: {@code config.json} and {@code diffusion_pytorch_model.safetensors}. */
public record ModelFolder(Path config, Path weights) {
    public static ModelFolder of(Path folder) {
        Path cfg = folder.resolve("config.json"), weights = folder.resolve("diffusion_pytorch_model.safetensors");
        if (!Files.isRegularFile(cfg) || !Files.isRegularFile(weights)) {
            throw new ModelFormatException("'" + folder + "' is not a diffusers model folder: it needs config.json and "
                    + "diffusion_pytorch_model.safetensors.");
        }
        return new ModelFolder(cfg, weights);
    }
}
