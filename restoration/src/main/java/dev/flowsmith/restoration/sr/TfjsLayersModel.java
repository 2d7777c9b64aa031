package dev.flowsmith.restoration.sr;

import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js "layers" model ({@code model.json} + weight shards, float32 or uint8/uint16-quantised with a
 * min and scale per tensor, as the UpscalerJS ESRGAN-slim and esrgan-legacy RDN models are published), parsed here
 * and run on the gpu-kernels convolution. Supported
 * layers: InputLayer, Conv2D (stride 1, 'same'/'valid', linear or relu), Activation (relu),
 * Concatenate (channels), Add, UpSampling2D (nearest). Anything else, a wrong dtype, or shard sizes
 * that do not match the manifest is a {@link ModelFormatException} naming the file and the problem.
 * Tensors are CHW float arrays (batch 1); Keras kernels [kh][kw][cin][cout] are reordered to
 * [cout][cin][kh][kw] once at load.
 */
public final class TfjsLayersModel implements AutoCloseable {
    private record Layer(String type, String name, List<String> inputs, JsonNode config) {
    }

    private record Conv(Buf w, Buf b, int cin, int cout, int k, int pad, boolean relu) {
    }

    private final Path file;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Conv> convs = new HashMap<>();
    private final Plan plan;
    private final int scale;
    private String inputName;
    private String outputName;

    private TfjsLayersModel(Path file, ComputeBackend backend) {
        this.file = file;
        this.plan = backend.newPlan();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw bad("it is not valid JSON", e.getMessage());
        }
        JsonNode cfg = root.path("modelTopology").path("model_config").path("config");
        if (!cfg.path("layers").isArray()) {
            throw bad("it has no modelTopology.model_config.config.layers (not a TF.js layers model)", "");
        }
        for (JsonNode l : cfg.path("layers")) {
            List<String> in = new ArrayList<>();
            for (JsonNode node : l.path("inbound_nodes")) {
                for (JsonNode edge : node) {
                    in.add(edge.get(0).asText());
                }
            }
            layers.add(new Layer(l.path("class_name").asText(), l.path("config").path("name").asText(l.path("name").asText()),
                    in, l.path("config")));
        }
        inputName = cfg.path("input_layers").path(0).path(0).asText(layers.get(0).name());
        outputName = cfg.path("output_layers").path(0).path(0).asText(layers.get(layers.size() - 1).name());
        int up = 1;
        for (Layer l : layers) {
            switch (l.type()) {
                case "InputLayer", "Conv2D", "Activation", "Concatenate", "Add" -> { }
                case "UpSampling2D" -> up *= l.config().path("size").path(0).asInt(2);
                // esrgan-legacy's custom layers (RRDN "gans"): x * beta, and TF's depth_to_space by 4
                case "MultiplyBeta" -> {
                    double beta = l.config().path("beta").asDouble(Double.NaN);
                    if (!Double.isFinite(beta)) {
                        throw bad("layer " + l.name() + " (MultiplyBeta) has no beta", "");
                    }
                    unitRange = true;
                }
                case "PixelShuffle4x" -> {
                    int f = l.config().path("scale").asInt(4);
                    if (f < 1 || f > 8) {
                        throw bad("layer " + l.name() + " shuffles by " + f, "");
                    }
                    up *= f;
                }
                default -> throw bad("it uses the layer type " + l.type() + " (" + l.name() + "), which Flowsmith cannot run", "");
            }
            if (l.type().equals("Activation") && !l.config().path("activation").asText().equals("relu")) {
                throw bad("layer " + l.name() + " uses the activation " + l.config().path("activation").asText(), "");
            }
        }
        scale = up;
        loadWeights(root.path("weightsManifest"));
    }

    /** Loads {@code model.json} and its shards; runs on {@code backend} (the CPU backend uses OpenBLAS for the convolutions). */
    public static TfjsLayersModel load(Path modelJson, ComputeBackend backend) {
        if (!Files.isRegularFile(modelJson)) {
            throw new ModelFormatException("The model '" + modelJson + "' does not exist.", modelJson.toString());
        }
        return new TfjsLayersModel(modelJson, backend);
    }

    private ModelFormatException bad(String problem, String detail) {
        return new ModelFormatException("The model '" + file + "' cannot be used: " + problem + ".", detail);
    }

    private void loadWeights(JsonNode manifest) {
        Map<String, float[]> tensors = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        for (JsonNode group : manifest) {
            ByteArrayBuilder bytes = new ByteArrayBuilder();
            for (JsonNode p : group.path("paths")) {
                Path shard = file.resolveSibling(p.asText());
                try {
                    bytes.add(Files.readAllBytes(shard));
                } catch (IOException e) {
                    throw bad("the weight file " + p.asText() + " cannot be read", e.toString());
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes.bytes(), 0, bytes.length()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                if (!"float32".equals(w.path("dtype").asText())) {
                    throw bad("weight " + w.path("name").asText() + " has dtype " + w.path("dtype").asText() + " (only float32)", "");
                }
                JsonNode q = w.path("quantization");
                String qType = q.isMissingNode() ? "float32" : q.path("dtype").asText();
                int bytesEach = switch (qType) {
                    case "float32" -> 4;
                    case "uint8" -> 1;
                    case "uint16" -> 2;
                    default -> throw bad("weight " + w.path("name").asText() + " is quantised as " + qType
                            + " (Flowsmith reads float32, uint8 and uint16)", "");
                };
                int[] shape = new int[w.path("shape").size()];
                long n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asInt();
                    n *= shape[i];
                }
                if (n < 0 || n * bytesEach > buf.remaining()) {
                    throw bad("the weight files are shorter than the manifest says (" + w.path("name").asText() + ")",
                            "needs " + n * bytesEach + " bytes, " + buf.remaining() + " left");
                }
                float[] t = new float[(int) n];
                if (bytesEach == 4) {
                    buf.asFloatBuffer().get(t);
                    buf.position(buf.position() + (int) n * 4);
                } else {
                    // TF.js affine quantisation: value = min + scale * code
                    double min = q.path("min").asDouble(Double.NaN), scale = q.path("scale").asDouble(Double.NaN);
                    if (!Double.isFinite(min) || !Double.isFinite(scale) || scale <= 0) {
                        throw bad("weight " + w.path("name").asText() + " is quantised without a usable min and scale", q.toString());
                    }
                    for (int i = 0; i < n; i++) {
                        int code = bytesEach == 1 ? buf.get() & 0xff : buf.getShort() & 0xffff;
                        t[i] = (float) (min + scale * code);
                    }
                }
                tensors.put(w.path("name").asText(), t);
                shapes.put(w.path("name").asText(), shape);
            }
            if (buf.remaining() != 0) {
                throw bad("the weight files are longer than the manifest says", buf.remaining() + " bytes left over");
            }
        }
        for (Layer l : layers) {
            if (!l.type().equals("Conv2D")) {
                continue;
            }
            float[] k = tensors.get(l.name() + "/kernel"), b = tensors.get(l.name() + "/bias");
            int[] ks = shapes.get(l.name() + "/kernel");
            if (k == null || ks == null || ks.length != 4) {
                throw bad("the kernel of " + l.name() + " is missing or not 4-D", "");
            }
            int kh = ks[0], kw = ks[1], cin = ks[2], cout = ks[3];
            if (kh != kw || kh % 2 == 0 || l.config().path("strides").path(0).asInt(1) != 1) {
                throw bad("layer " + l.name() + " is not a stride-1 odd square convolution", "");
            }
            float[] w = new float[k.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < cin; i++) {
                        for (int o = 0; o < cout; o++) {
                            w[((o * cin + i) * kh + y) * kw + x] = k[((y * kw + x) * cin + i) * cout + o];
                        }
                    }
                }
            }
            boolean same = "same".equals(l.config().path("padding").asText("valid"));
            convs.put(l.name(), new Conv(plan.floats(w), plan.floats(b != null ? b : new float[cout]), cin, cout, kh,
                    same ? kh / 2 : 0, "relu".equals(l.config().path("activation").asText())));
        }
    }

    public int scale() {
        return scale;
    }

    /**
     * The value range the network works in: 255 for idealo's RDN models and ESRGAN-slim (pixels 0..255), 1 for the
     * RRDN "gans" model (recognised by its MultiplyBeta layers), as UpscalerJS's model definitions say.
     */
    public float valueRange() {
        return unitRange ? 1f : 255f;
    }

    private boolean unitRange;

    /** Runs the network on a CHW image of {@code channels x h x w}; returns the output and its size in {@code outSize}. */
    public float[] run(float[] input, int h, int w, int[] outSize) {
        Map<String, float[]> values = new HashMap<>();
        Map<String, int[]> dims = new HashMap<>(); // c, h, w
        values.put(inputName, input);
        dims.put(inputName, new int[]{input.length / (h * w), h, w});
        // each tensor is dropped after its last reader: RDN's dense blocks would otherwise keep every one alive
        Map<String, Integer> readers = new HashMap<>();
        for (Layer l : layers) {
            for (String in : l.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
        Layer previous = null;
        for (Layer l : layers) {
            if (previous != null) {
                for (String in : previous.inputs()) {
                    if (readers.merge(in, -1, Integer::sum) == 0 && !in.equals(outputName)) {
                        values.remove(in);
                    }
                }
            }
            previous = l;
            if (l.type().equals("InputLayer")) {
                continue;
            }
            float[] x = values.get(l.inputs().get(0));
            int[] d = dims.get(l.inputs().get(0));
            switch (l.type()) {
                case "Conv2D" -> {
                    Conv c = convs.get(l.name());
                    if (d[0] != c.cin()) {
                        throw bad("layer " + l.name() + " expects " + c.cin() + " channels, gets " + d[0], "");
                    }
                    int oh = d[1] + 2 * c.pad() - c.k() + 1, ow = d[2] + 2 * c.pad() - c.k() + 1;
                    Buf in = plan.floats(x), out = plan.floats(c.cout() * oh * ow);
                    plan.conv2d(in, c.w(), c.b(), out, 1, c.cin(), d[1], d[2], c.cout(), c.k(), c.k(), 1, c.pad());
                    float[] o = new float[c.cout() * oh * ow];
                    plan.read(out, o);
                    if (c.relu()) {
                        relu(o);
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), new int[]{c.cout(), oh, ow});
                }
                case "Activation" -> {
                    float[] o = x.clone();
                    relu(o);
                    values.put(l.name(), o);
                    dims.put(l.name(), d);
                }
                case "Add" -> {
                    float[] o = x.clone();
                    for (int i = 1; i < l.inputs().size(); i++) {
                        float[] y = values.get(l.inputs().get(i));
                        for (int j = 0; j < o.length; j++) {
                            o[j] += y[j];
                        }
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), d);
                }
                case "Concatenate" -> { // channels last in Keras = our channel axis
                    int total = 0;
                    for (String in : l.inputs()) {
                        total += dims.get(in)[0];
                    }
                    float[] o = new float[total * d[1] * d[2]];
                    int off = 0;
                    for (String in : l.inputs()) {
                        float[] y = values.get(in);
                        System.arraycopy(y, 0, o, off, y.length);
                        off += y.length;
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), new int[]{total, d[1], d[2]});
                }
                case "UpSampling2D" -> {
                    int s = l.config().path("size").path(0).asInt(2);
                    int c = d[0], ih = d[1], iw = d[2], oh = ih * s, ow = iw * s;
                    float[] o = new float[c * oh * ow];
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < oh; y++) {
                            for (int xx = 0; xx < ow; xx++) {
                                o[(ch * oh + y) * ow + xx] = x[(ch * ih + y / s) * iw + xx / s];
                            }
                        }
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), new int[]{c, oh, ow});
                }
                case "MultiplyBeta" -> {
                    float beta = (float) l.config().path("beta").asDouble();
                    float[] o = new float[x.length];
                    for (int i = 0; i < o.length; i++) {
                        o[i] = x[i] * beta;
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), d);
                }
                case "PixelShuffle4x" -> {
                    // TF depth_to_space (channels last): out(y*r+i, x*r+j, c) = in(y, x, (i*r + j)*C + c)
                    int r = l.config().path("scale").asInt(4), c = d[0] / (r * r), ih = d[1], iw = d[2], oh = ih * r, ow = iw * r;
                    if (d[0] % (r * r) != 0) {
                        throw bad("layer " + l.name() + " gets " + d[0] + " channels, not a multiple of " + r * r, "");
                    }
                    float[] o = new float[c * oh * ow];
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < r; i++) {
                            for (int j = 0; j < r; j++) {
                                int src = (i * r + j) * c + ch;
                                for (int y = 0; y < ih; y++) {
                                    for (int xx = 0; xx < iw; xx++) {
                                        o[(ch * oh + y * r + i) * ow + xx * r + j] = x[(src * ih + y) * iw + xx];
                                    }
                                }
                            }
                        }
                    }
                    values.put(l.name(), o);
                    dims.put(l.name(), new int[]{c, oh, ow});
                }
                default -> throw bad("unsupported layer " + l.type(), "");
            }
        }
        int[] d = dims.get(outputName);
        outSize[0] = d[0];
        outSize[1] = d[1];
        outSize[2] = d[2];
        return values.get(outputName);
    }

    private static void relu(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                v[i] = 0;
            }
        }
    }

    @Override
    public void close() {
        plan.close();
    }

    /** Growable byte array for concatenating shards. */
    private static final class ByteArrayBuilder {
        private byte[] data = new byte[0];
        private int length;

        void add(byte[] b) {
            if (length + b.length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(length + b.length, data.length * 2));
            }
            System.arraycopy(b, 0, data, length, b.length);
            length += b.length;
        }

        byte[] bytes() {
            return data;
        }

        int length() {
            return length;
        }
    }
}
