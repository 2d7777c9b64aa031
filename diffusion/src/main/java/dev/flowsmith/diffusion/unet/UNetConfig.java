package dev.flowsmith.diffusion.unet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts of a diffusers {@code UNet2DConditionModel} config.json that Stable Diffusion 1.x/2.x use: the blocks
 * ({@code CrossAttnDownBlock2D}/{@code DownBlock2D} down, {@code UpBlock2D}/{@code CrossAttnUpBlock2D} up), their
 * widths and resnets, the text width, the attention heads per block (diffusers' legacy name
 * {@code attention_head_dim} holds the number of heads), the norms, the time projection, and whether the
 * transformers project with a linear layer (SD 2.x) or a 1x1 convolution (SD 1.x; the same numbers either way).
 */
public record UNetConfig(int inChannels, int outChannels, int sampleSize, int[] blockOutChannels, int layersPerBlock,
                         List<String> downBlocks, List<String> upBlocks, int crossAttentionDim, int[] heads, int groups,
                         float normEps, boolean flipSinToCos, int freqShift) {

    public static UNetConfig read(Path configJson) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("'" + configJson + "' cannot be read as JSON: " + e.getMessage(), e);
        }
        String what = "'" + configJson + "'";
        if (!n.path("_class_name").asText("UNet2DConditionModel").equals("UNet2DConditionModel")) {
            throw new ModelFormatException(what + " describes a " + n.path("_class_name").asText() + ", not a UNet2DConditionModel.");
        }
        if (!n.path("act_fn").asText("silu").equals("silu") || n.hasNonNull("class_embed_type") || n.hasNonNull("addition_embed_type")
                || n.path("dual_cross_attention").asBoolean(false) || n.path("only_cross_attention").asBoolean(false)) {
            throw new ModelFormatException(what + " uses UNet options beyond Stable Diffusion 1.x/2.x (activation, class or added "
                    + "embeddings, dual or cross-only attention), which Flowsmith does not run.");
        }
        int[] ch = ints(n.path("block_out_channels"), what + " block_out_channels");
        List<String> down = strings(n.path("down_block_types")), up = strings(n.path("up_block_types"));
        if (down.size() != ch.length || up.size() != ch.length) {
            throw new ModelFormatException(what + " lists " + down.size() + " down and " + up.size() + " up blocks for " + ch.length + " widths.");
        }
        for (String b : down) {
            if (!b.equals("CrossAttnDownBlock2D") && !b.equals("DownBlock2D")) {
                throw new ModelFormatException(what + " has a " + b + ", which Flowsmith does not run (CrossAttnDownBlock2D, DownBlock2D).");
            }
        }
        for (String b : up) {
            if (!b.equals("CrossAttnUpBlock2D") && !b.equals("UpBlock2D")) {
                throw new ModelFormatException(what + " has a " + b + ", which Flowsmith does not run (CrossAttnUpBlock2D, UpBlock2D).");
            }
        }
        JsonNode hd = n.path("attention_head_dim");
        int[] heads = hd.isArray() ? ints(hd, what + " attention_head_dim") : new int[ch.length];
        if (!hd.isArray()) {
            java.util.Arrays.fill(heads, hd.asInt(8));
        }
        if (heads.length != ch.length) {
            throw new ModelFormatException(what + " gives " + heads.length + " attention head counts for " + ch.length + " blocks.");
        }
        for (int i = 0; i < ch.length; i++) {
            if (heads[i] < 1 || ch[i] % heads[i] != 0) {
                throw new ModelFormatException(what + ": " + heads[i] + " heads do not divide block " + i + "'s " + ch[i] + " channels.");
            }
        }
        int layers = n.path("layers_per_block").asInt(2), groups = n.path("norm_num_groups").asInt(32);
        int cross = n.path("cross_attention_dim").asInt(768);
        if (layers < 1 || layers > 8 || groups < 1 || cross < 1) {
            throw new ModelFormatException(what + " has layers_per_block " + layers + ", norm_num_groups " + groups
                    + ", cross_attention_dim " + cross + ".");
        }
        return new UNetConfig(n.path("in_channels").asInt(4), n.path("out_channels").asInt(4), n.path("sample_size").asInt(64), ch, layers,
                down, up, cross, heads, groups, (float) n.path("norm_eps").asDouble(1e-5), n.path("flip_sin_to_cos").asBoolean(true),
                n.path("freq_shift").asInt(0));
    }

    /** Width of the time embedding: four times the first block's. */
    public int timeEmbedDim() {
        return 4 * blockOutChannels[0];
    }

    private static int[] ints(JsonNode a, String what) {
        if (!a.isArray() || a.isEmpty()) {
            throw new ModelFormatException(what + " is not a list of numbers.");
        }
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
            if (v[i] < 1) {
                throw new ModelFormatException(what + " holds " + a.get(i) + ".");
            }
        }
        return v;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new java.util.ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
