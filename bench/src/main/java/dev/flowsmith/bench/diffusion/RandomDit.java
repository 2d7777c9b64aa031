package dev.flowsmith.bench.diffusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a DiT with random weights in the diffusers layout (config.json + safetensors) at any size,
 * DiT-XL/2 by default, for benchmarks on machines without PyTorch (the GPU machine): weights uniform
 * with the standard deviation 0.02 of the PyTorch export, biases 0.01, from a fixed seed.
 * Usage: {@code RandomDit DIR [layers]}.
 */
public final class RandomDit {
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 28, 16, 72, 32);
    }

    public static void write(Path dir, int layers, int heads, int headDim, int sample) throws IOException {
        Files.createDirectories(dir);
        int d = heads * headDim, p = 2, in = 4, out = 8, classes = 1000;
        ObjectMapper om = new ObjectMapper();
        ObjectNode cfg = om.createObjectNode().put("_class_name", "DiTTransformer2DModel").put("num_attention_heads", heads)
                .put("attention_head_dim", headDim).put("in_channels", in).put("out_channels", out).put("num_layers", layers)
                .put("sample_size", sample).put("patch_size", p).put("num_embeds_ada_norm", classes)
                .put("activation_fn", "gelu-approximate").put("norm_type", "ada_norm_zero").put("norm_eps", 1e-5);
        om.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), cfg);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("pos_embed.proj.weight", new long[]{d, in, p, p});
        shapes.put("pos_embed.proj.bias", new long[]{d});
        for (int i = 0; i < layers; i++) {
            String b = "transformer_blocks." + i + ".", e = b + "norm1.emb.";
            shapes.put(e + "timestep_embedder.linear_1.weight", new long[]{d, 256});
            shapes.put(e + "timestep_embedder.linear_1.bias", new long[]{d});
            shapes.put(e + "timestep_embedder.linear_2.weight", new long[]{d, d});
            shapes.put(e + "timestep_embedder.linear_2.bias", new long[]{d});
            shapes.put(e + "class_embedder.embedding_table.weight", new long[]{classes + 1, d});
            shapes.put(b + "norm1.linear.weight", new long[]{6L * d, d});
            shapes.put(b + "norm1.linear.bias", new long[]{6L * d});
            for (String q : new String[]{"to_q", "to_k", "to_v"}) {
                shapes.put(b + "attn1." + q + ".weight", new long[]{d, d});
                shapes.put(b + "attn1." + q + ".bias", new long[]{d});
            }
            shapes.put(b + "attn1.to_out.0.weight", new long[]{d, d});
            shapes.put(b + "attn1.to_out.0.bias", new long[]{d});
            shapes.put(b + "ff.net.0.proj.weight", new long[]{4L * d, d});
            shapes.put(b + "ff.net.0.proj.bias", new long[]{4L * d});
            shapes.put(b + "ff.net.2.weight", new long[]{d, 4L * d});
            shapes.put(b + "ff.net.2.bias", new long[]{d});
        }
        shapes.put("proj_out_1.weight", new long[]{2L * d, d});
        shapes.put("proj_out_1.bias", new long[]{2L * d});
        shapes.put("proj_out_2.weight", new long[]{(long) p * p * out, d});
        shapes.put("proj_out_2.bias", new long[]{(long) p * p * out});
        ObjectNode header = om.createObjectNode();
        long offset = 0;
        for (var e : shapes.entrySet()) {
            long n = 1;
            for (long s : e.getValue()) {
                n *= s;
            }
            ObjectNode t = header.putObject(e.getKey()).put("dtype", "F32");
            var sh = t.putArray("shape");
            for (long s : e.getValue()) {
                sh.add(s);
            }
            t.putArray("data_offsets").add(offset).add(offset + 4 * n);
            offset += 4 * n;
        }
        byte[] h = om.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        try (FileChannel ch = FileChannel.open(dir.resolve("diffusion_pytorch_model.safetensors"), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad).flip();
            ch.write(len);
            ch.write(ByteBuffer.wrap(h));
            ch.write(ByteBuffer.wrap(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            long state = 0x9E3779B97F4A7C15L;
            float amp = (float) (0.02 * Math.sqrt(3)); // uniform [-a, a] with standard deviation 0.02
            for (var e : shapes.entrySet()) {
                long n = 1;
                for (long s : e.getValue()) {
                    n *= s;
                }
                boolean bias = e.getValue().length == 1;
                for (long i = 0; i < n; i++) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    float u = (state >>> 40) / (float) (1 << 24) * 2 - 1;
                    buf.putFloat(bias ? 0.01f * u : amp * u);
                    if (!buf.hasRemaining()) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                        buf.clear();
                    }
                }
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private RandomDit() {
    }
}
