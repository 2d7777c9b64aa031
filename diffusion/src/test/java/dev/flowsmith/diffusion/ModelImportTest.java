package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.models.Downloader;
import dev.flowsmith.diffusion.models.ModelCatalogue;
import dev.flowsmith.diffusion.models.ModelStore;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code models import} and {@code verify} on a catalogue entry that pins no sizes or hashes (as the real checkpoints
 * are until first download): files are checked with the loaders' own checks, a failed import leaves a good install
 * exactly as it was, and verify refuses a folder whose checksum record is missing.
 */
class ModelImportTest {
    @TempDir
    Path dir;
    private Path good;

    @BeforeEach
    void catalogue() throws Exception {
        good = DiTGoldenTest.golden("tiny-dit");
        Path catalogue = dir.resolve("models.json");
        Files.writeString(catalogue, "{\"models\":[{\"id\":\"tiny-dit\",\"task\":\"test\",\"licence\":\"test\",\"files\":["
                + "{\"path\":\"config.json\",\"url\":\"http://127.0.0.1:9/config.json\"},"
                + "{\"path\":\"diffusion_pytorch_model.safetensors\",\"url\":\"http://127.0.0.1:9/w.safetensors\"}]}]}");
        System.setProperty("flowsmith.catalogue", catalogue.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("flowsmith.catalogue");
    }

    private ModelStore store() {
        return new ModelStore(dir.resolve("models"), ModelCatalogue.load());
    }

    private Path copyOfGood(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (String f : new String[]{"config.json", "diffusion_pytorch_model.safetensors"}) {
            Files.copy(good.resolve(f), d.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return d;
    }

    @Test
    void badFilesAreRefusedAndAGoodInstallStaysAsItWas() throws Exception {
        ModelStore s = store();
        Path installed = s.importFolder("tiny-dit", copyOfGood("good"));
        assertThat(s.verify("tiny-dit")).isEmpty();
        String weightsSha = Downloader.sha256(installed.resolve("diffusion_pytorch_model.safetensors"));
        String config = Files.readString(installed.resolve("config.json"));

        Path empty = copyOfGood("empty");
        Files.write(empty.resolve("diffusion_pytorch_model.safetensors"), new byte[0]);
        assertThatThrownBy(() -> s.importFolder("tiny-dit", empty)).isInstanceOf(ModelFormatException.class).hasMessageContaining("empty");

        Path garbage = copyOfGood("garbage");
        Files.write(garbage.resolve("diffusion_pytorch_model.safetensors"), "not a safetensors file at all".getBytes());
        assertThatThrownBy(() -> s.importFolder("tiny-dit", garbage)).isInstanceOf(ModelFormatException.class);

        Path brokenConfig = copyOfGood("broken-config");
        Files.writeString(brokenConfig.resolve("config.json"), "{ \"_class_name\": ");
        assertThatThrownBy(() -> s.importFolder("tiny-dit", brokenConfig)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json");

        assertThat(Files.readString(installed.resolve("config.json"))).as("config.json never replaced first").isEqualTo(config);
        assertThat(Downloader.sha256(installed.resolve("diffusion_pytorch_model.safetensors"))).isEqualTo(weightsSha);
        assertThat(s.verify("tiny-dit")).isEmpty();
        try (var left = Files.list(dir.resolve("models"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no staging folders left").containsExactly("tiny-dit");
        }
    }

    @Test
    void verifyNeedsTheChecksumRecordAndSeesTampering() throws Exception {
        ModelStore s = store();
        Path installed = s.importFolder("tiny-dit", copyOfGood("good"));
        Path weights = installed.resolve("diffusion_pytorch_model.safetensors");
        byte[] b = Files.readAllBytes(weights);
        b[b.length - 1] ^= 1;
        Files.write(weights, b);
        assertThat(s.verify("tiny-dit")).anyMatch(p -> p.contains("changed since it was installed"));
        Files.delete(installed.resolve("checksums.json"));
        assertThat(s.verify("tiny-dit")).anyMatch(p -> p.contains("checksums.json"));
    }
}
