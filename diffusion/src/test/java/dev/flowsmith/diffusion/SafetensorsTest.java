package dev.flowsmith.diffusion;

import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The safetensors reader: dtypes widened exactly, and every way a header can be wrong. */
class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void halfAndBfloat16AreWidenedExactly() {
        try (SafetensorsFile f = SafetensorsFile.open(DiTGoldenTest.golden("dtypes.safetensors"));
             SafetensorsFile e = SafetensorsFile.open(DiTGoldenTest.golden("dtypes-expected.safetensors"))) {
            assertThat(f.entry("f16").dtype().name()).isEqualTo("F16");
            assertThat(f.tensor("f16").data()).containsExactly(e.tensor("f16").data());
            assertThat(f.tensor("bf16").data()).containsExactly(e.tensor("bf16").data());
            assertThat(f.tensor("bf16").shape()).containsExactly(32, 16);
        }
    }

    private Path file(String header, int dataBytes) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("m" + System.nanoTime() + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void badHeadersAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> SafetensorsFile.open(file("{\"a\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("dtype 'I8'");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)))
                .hasMessageContaining("outside the 8 data bytes");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", 16)))
                .hasMessageContaining("need 12");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12))).hasMessageContaining("overlap");
        assertThatThrownBy(() -> SafetensorsFile.open(file("{not json", 0))).hasMessageContaining("not valid JSON");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertThatThrownBy(() -> SafetensorsFile.open(huge)).hasMessageContaining("does not fit the file");
        Path pickle = Files.write(dir.resolve("model.ckpt"), new byte[]{(byte) 0x80, 2});
        assertThatThrownBy(() -> SafetensorsFile.open(pickle)).hasMessageContaining("pickle").hasMessageContaining("save_file");
    }

    @Test
    void shapesAreCheckedAgainstTheConfig() {
        try (SafetensorsFile f = SafetensorsFile.open(DiTGoldenTest.golden("tiny-dit/diffusion_pytorch_model.safetensors"))) {
            assertThatThrownBy(() -> f.tensor("proj_out_1.weight", 32, 99)).hasMessageContaining("expects [32, 99]");
            assertThatThrownBy(() -> f.tensor("no.such.tensor")).hasMessageContaining("has no tensor 'no.such.tensor'");
        }
    }
}
