package dev.flowsmith.diffusion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The tiny random-weight Stable Diffusion parts of the goldens (UNet, CLIP text encoder, tokenizer, VAE) laid out as
 * a diffusers pipeline folder; read from the class path, so other modules' tests use it from this test jar.
 */
public final class TinyStableDiffusion {
    private static final String[][] PARTS = {{"unet", "tiny-unet", "config.json", "diffusion_pytorch_model.safetensors"},
            {"text_encoder", "tiny-clip", "config.json", "model.safetensors"},
            {"tokenizer", "tiny-tokenizer", "vocab.json", "merges.txt", "special_tokens_map.json"},
            {"vae", "tiny-vae", "config.json", "diffusion_pytorch_model.safetensors"}};

    private TinyStableDiffusion() {
    }

    /** Writes the pipeline folder at {@code root} and returns it. */
    public static Path copyTo(Path root) throws IOException {
        for (String[] p : PARTS) {
            Path folder = Files.createDirectories(root.resolve(p[0]));
            for (int i = 2; i < p.length; i++) {
                try (InputStream in = TinyStableDiffusion.class.getClassLoader().getResourceAsStream("golden/" + p[1] + "/" + p[i])) {
                    if (in == null) {
                        throw new IOException("golden/" + p[1] + "/" + p[i] + " is not on the class path");
                    }
                    Files.copy(in, folder.resolve(p[i]), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }
}
