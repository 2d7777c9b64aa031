package dev.flowsmith.diffusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.text.ClipTextModel;
import dev.flowsmith.diffusion.text.ClipTokenizer;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CLIP text encoder and BPE tokenizer against the reference script (diffusion/reference/make_clip_golden.py):
 * a tiny random-weight CLIPTextModel in the transformers tensor names, and a tokenizer built from merges as CLIP
 * builds its vocabulary, on prompts with case, punctuation, contractions, accents, entities, emoji, CJK, truncation.
 */
class ClipTextGoldenTest {
    @Test
    void theTextEncoderMatchesPyTorchAtTheLastAndThePenultimateLayer() {
        ClipTextModel clip = ClipTextModel.load(DiTGoldenTest.golden("tiny-clip"));
        try (SafetensorsFile g = SafetensorsFile.open(DiTGoldenTest.golden("tiny-clip-golden.safetensors"))) {
            float[] f = g.tensor("input_ids").data();
            int[] ids = new int[f.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Math.round(f[i]);
            }
            assertThat(Compare.relErr(clip.encode(ids, 0), g.tensor("last_hidden_state").data())).isLessThan(1e-5);
            assertThat(Compare.relErr(clip.encode(ids, 1), g.tensor("penultimate_normed").data())).isLessThan(1e-5);
        }
        assertThatThrownBy(() -> clip.encode(new int[]{0, 600}, 0)).hasMessageContaining("outside the vocabulary");
        assertThatThrownBy(() -> clip.encode(new int[17], 0)).hasMessageContaining("1 to 16");
    }

    @Test
    void theTokenizerGivesTheReferenceIdsForTrickyPrompts() throws Exception {
        ClipTokenizer tok = ClipTokenizer.load(DiTGoldenTest.golden("tiny-tokenizer"));
        JsonNode golden = new ObjectMapper().readTree(DiTGoldenTest.golden("tiny-tokenizer-golden.json").toFile());
        assertThat(golden.size()).isGreaterThanOrEqualTo(7);
        for (JsonNode g : golden) {
            int[] want = new int[g.path("ids").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = g.path("ids").get(i).asInt();
            }
            assertThat(tok.encode(g.path("prompt").asText(), 16)).as(g.path("prompt").asText()).containsExactly(want);
        }
        int[] empty = tok.encode("", 16);
        assertThat(empty[2]).as("SD 2.x pads with '!'").isEqualTo(0);
    }

    @Test
    void aTokenizerWhoseFilesDoNotBelongTogetherIsRefused(@TempDir Path dir) throws Exception {
        Path t = Files.createDirectories(dir.resolve("tokenizer"));
        Files.copy(DiTGoldenTest.golden("tiny-tokenizer").resolve("vocab.json"), t.resolve("vocab.json"));
        Files.writeString(t.resolve("merges.txt"), "#version: 0.2\nz q</w>\n");
        ClipTokenizer tok = ClipTokenizer.load(t);
        assertThatThrownBy(() -> tok.encode("zq", 8)).isInstanceOf(ModelFormatException.class).hasMessageContaining("do not belong together");
        Files.writeString(t.resolve("merges.txt"), "#version: 0.2\nthree symbols here\n");
        assertThatThrownBy(() -> ClipTokenizer.load(t)).isInstanceOf(ModelFormatException.class).hasMessageContaining("line 2");
    }
}
