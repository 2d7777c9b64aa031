package dev.flowsmith.restoration.ncnn;

import dev.flowsmith.restoration.modelfiles.ModelFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ncnn model ({@code .param} text graph + {@code .bin} weights, as RIFE, Real-ESRGAN and Real-CUGAN are
 * published) loaded into Flowsmith's own layers and run on the CPU (OpenBLAS products, a thread pool for the
 * rest). Weights are read once at load; each blob is dropped as soon as its last reader has run, so memory
 * follows the widest point of the graph, not its length. Layer types Flowsmith does not run, sizes that do not
 * add up, a {@code .bin} of the wrong length: a {@link ModelFormatException} naming the file and the problem.
 */
public final class NcnnNet {
    private static final int MAGIC = 7767517;

    private record Node(String type, String name, String[] bottoms, String[] tops, Layer layer) {
    }

    private final Path paramFile;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, Integer> readers = new HashMap<>();

    private NcnnNet(Path paramFile) {
        this.paramFile = paramFile;
    }

    /** Loads {@code param} with the weights in {@code bin}. */
    public static NcnnNet load(Path param, Path bin) {
        NcnnNet net = new NcnnNet(param);
        List<String> lines;
        ByteBuffer weights;
        try {
            lines = Files.readAllLines(param);
            weights = ByteBuffer.wrap(Files.readAllBytes(bin));
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read the model " + param.getFileName() + " or its weights " + bin.getFileName()
                    + " (check that both files exist and are readable).", e.toString());
        } catch (OutOfMemoryError e) {
            throw new ModelFormatException("The model weights " + bin.getFileName() + " do not fit in memory (give Flowsmith more "
                    + "memory with -Xmx).", e.toString());
        }
        try {
            net.parse(lines, new WeightReader(weights, bin.getFileName().toString()));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("The model " + param.getFileName() + " cannot be used: " + e.getMessage() + ".", e.toString());
        }
        return net;
    }

    private void parse(List<String> lines, WeightReader wr) {
        List<String> body = lines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (body.size() < 2 || !body.get(0).equals(String.valueOf(MAGIC))) {
            throw new IllegalArgumentException("it does not start with ncnn's magic number " + MAGIC + " (not an ncnn .param file)");
        }
        String[] counts = body.get(1).split("\\s+");
        int layerCount;
        try {
            layerCount = Integer.parseInt(counts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("its second line '" + body.get(1) + "' is not the layer and blob counts");
        }
        if (layerCount != body.size() - 2) {
            throw new IllegalArgumentException("it says " + layerCount + " layers but has " + (body.size() - 2));
        }
        Set<String> known = new java.util.HashSet<>();
        for (int li = 2; li < body.size(); li++) {
            String[] t = body.get(li).split("\\s+");
            if (t.length < 4) {
                throw new IllegalArgumentException("line " + (li + 1) + " is not 'type name inputs outputs ...'");
            }
            int nb, nt;
            try {
                nb = Integer.parseInt(t[2]);
                nt = Integer.parseInt(t[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (li + 1) + " has input/output counts that are not numbers");
            }
            if (nb < 0 || nt < 1 || t.length < 4 + nb + nt) {
                throw new IllegalArgumentException("layer " + t[1] + " lists fewer blobs than its counts say");
            }
            String[] bottoms = java.util.Arrays.copyOfRange(t, 4, 4 + nb), tops = java.util.Arrays.copyOfRange(t, 4 + nb, 4 + nb + nt);
            for (String b : bottoms) {
                if (!known.contains(b)) {
                    throw new IllegalArgumentException("layer " + t[1] + " reads blob " + b + " before any layer makes it");
                }
                readers.merge(b, 1, Integer::sum);
            }
            known.addAll(List.of(tops));
            ParamDict p = ParamDict.parse(t, 4 + nb + nt, "layer " + t[1]);
            Layer layer = create(t[0], t[1], p, wr, nb);
            if (t[0].equals("Input")) {
                inputs.add(tops[0]);
            }
            nodes.add(new Node(t[0], t[1], bottoms, tops, layer));
        }
        fuseResiduals();
        if (wr.remaining() != 0) {
            throw new IllegalArgumentException("its weights file has " + wr.remaining() + " bytes more than the layers use (the .bin "
                    + "does not belong to this .param)");
        }
    }

    /**
     * Folds {@code Convolution -> BinaryOp add(., skip) -> ReLU} (the residual blocks of RIFE and its kin) into the
     * convolution's copy-out, two passes over the feature map fewer. Only where the convolution's result and the sum have
     * no other reader and the skip blob exists before the convolution runs; the result is the same to rounding.
     */
    private void fuseResiduals() {
        Map<String, Integer> producer = producers();
        for (int i = 0; i + 1 < nodes.size(); i++) {
            Node conv = nodes.get(i), add = nodes.get(i + 1);
            if (!(conv.layer() instanceof ConvolutionLayer c) || !c.plainOutput() || !add.type().equals("BinaryOp")
                    || !(add.layer() instanceof BinaryOpLayer b) || !b.isPlainAdd() || add.bottoms().length != 2
                    || readers.getOrDefault(conv.tops()[0], 0) != 1) {
                continue;
            }
            String y = conv.tops()[0];
            int other = add.bottoms()[0].equals(y) ? 1 : add.bottoms()[1].equals(y) ? 0 : -1;
            if (other < 0 || add.bottoms()[0].equals(add.bottoms()[1])) {
                continue;
            }
            String skip = add.bottoms()[other];
            if (producer.getOrDefault(skip, Integer.MAX_VALUE) >= i && !inputs.contains(skip)) {
                continue;
            }
            String sum = add.tops()[0];
            Node relu = i + 2 < nodes.size() ? nodes.get(i + 2) : null;
            boolean withRelu = relu != null && relu.type().equals("ReLU") && relu.bottoms()[0].equals(sum)
                    && readers.getOrDefault(sum, 0) == 1;
            float slope = withRelu ? ((ElementwiseLayers.Slope) relu.layer()).slope() : Float.NaN;
            if (withRelu && !(slope >= 0 && slope <= 1)) {
                continue; // the fused form computes max(v, slope * v), right for slopes 0..1 only
            }
            c.fuseResidual(slope);
            String out = withRelu ? relu.tops()[0] : sum;
            nodes.set(i, new Node(conv.type(), conv.name() + "+" + add.name() + (withRelu ? "+" + relu.name() : ""),
                    new String[]{conv.bottoms()[0], skip}, new String[]{out}, c));
            nodes.remove(i + 1);
            if (withRelu) {
                nodes.remove(i + 1);
            }
            readers.remove(y);
            if (withRelu) {
                readers.remove(sum);
            }
            producer = producers(); // the nodes after this one moved up
        }
    }

    /** Which node makes each blob (its index in the graph). */
    private Map<String, Integer> producers() {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String t : nodes.get(i).tops()) {
                producer.put(t, i);
            }
        }
        return producer;
    }

    private static Layer create(String type, String name, ParamDict p, WeightReader wr, int bottoms) {
        int need = switch (type) {
            case "Input" -> 0;
            case "BinaryOp" -> p.i(1, 0) != 0 ? 1 : 2;
            case "rife.Warp" -> 2;
            case "Concat", "Eltwise" -> -1;
            default -> 1;
        };
        if (need >= 0 && bottoms != need || need < 0 && bottoms < 1) {
            throw new IllegalArgumentException("layer " + name + " (" + type + ") has " + bottoms + " inputs");
        }
        return switch (type) {
            case "Input" -> (in, c) -> null;
            case "Convolution" -> new ConvolutionLayer(name, p, wr, false);
            case "ConvolutionDepthWise" -> new ConvolutionLayer(name, p, wr, true);
            case "Deconvolution" -> new DeconvolutionLayer(name, p, wr);
            case "ReLU" -> new ElementwiseLayers.Slope(p.f(0, 0f));
            case "PReLU" -> ElementwiseLayers.prelu(name, p, wr);
            case "Sigmoid" -> ElementwiseLayers.sigmoid();
            case "Clip" -> ElementwiseLayers.clip(p);
            case "BinaryOp" -> new BinaryOpLayer(name, p);
            case "Eltwise" -> new EltwiseLayer(name, p);
            case "Interp" -> new InterpLayer(name, p);
            case "Concat" -> ShapeLayers.concat(name, p);
            case "Crop" -> ShapeLayers.crop(name, p);
            case "Slice" -> ShapeLayers.slice(name, p);
            case "Split" -> ShapeLayers.split();
            case "PixelShuffle" -> ShapeLayers.pixelShuffle(name, p);
            case "Padding" -> ShapeLayers.padding(name, p);
            case "Pooling" -> VectorLayers.pooling(name, p);
            case "InnerProduct" -> VectorLayers.innerProduct(name, p, wr);
            case "rife.Warp" -> new RifeWarpLayer(name);
            default -> throw new IllegalArgumentException("it uses the layer type " + type + " (" + name + "), which Flowsmith cannot run");
        };
    }

    /** The blob the graph's last layer makes (a single-output network's result). */
    public String lastOutput() {
        String[] tops = nodes.get(nodes.size() - 1).tops();
        return tops[tops.length - 1];
    }

    /** Whether a layer of the graph makes the blob {@code blob}. */
    public boolean makes(String blob) {
        return producers().containsKey(blob);
    }

    public List<String> inputs() {
        return List.copyOf(inputs);
    }

    /** Runs the graph on {@code given} (blob name to blob) and returns the blob {@code output}. */
    public Mat run(Map<String, Mat> given, String output, Compute compute) {
        return extract(given, List.of(output), compute).get(output);
    }

    /**
     * Runs only the part of the graph that {@code outputs} need, as ncnn's extractor does: a blob in {@code given}
     * is taken as it is, whether the graph's input or a blob a layer would make (Real-CUGAN's tiles take the
     * squeeze-excite means of the whole picture that way), and the layers that make it are not run. Returns the
     * requested blobs by name.
     */
    public Map<String, Mat> extract(Map<String, Mat> given, List<String> outputs, Compute compute) {
        boolean[] needed = new boolean[nodes.size()];
        Set<String> wanted = new java.util.HashSet<>(outputs);
        Map<String, Integer> left = new HashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            boolean makesWanted = false;
            for (String t : n.tops()) {
                makesWanted |= wanted.contains(t) && !given.containsKey(t);
            }
            if (!makesWanted) {
                continue;
            }
            needed[i] = true;
            if (n.type().equals("Input") && !given.containsKey(n.tops()[0])) {
                throw new IllegalArgumentException("the model " + paramFile.getFileName() + " needs the input " + n.tops()[0]);
            }
            for (String b : n.bottoms()) {
                wanted.add(b);
                left.merge(b, 1, Integer::sum);
            }
        }
        for (String o : outputs) {
            if (!given.containsKey(o) && producers().get(o) == null) {
                throw new IllegalArgumentException("the model " + paramFile.getFileName() + " has no blob " + o);
            }
        }
        Map<String, Mat> blobs = new HashMap<>(given);
        Set<String> keep = Set.copyOf(outputs);
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            if (!needed[k] || n.type().equals("Input")) {
                continue;
            }
            Mat[] in = new Mat[n.bottoms().length];
            for (int i = 0; i < in.length; i++) {
                in[i] = blobs.get(n.bottoms()[i]);
            }
            Mat[] out;
            long started = System.nanoTime();
            try {
                out = n.type().equals("Split") ? null : n.layer().forward(in, compute);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("The model " + paramFile.getFileName() + " cannot run on this input: " + e.getMessage()
                        + ".", e.toString());
            }
            compute.account(n.type(), System.nanoTime() - started);
            for (int i = 0; i < n.tops().length; i++) {
                if (!given.containsKey(n.tops()[i])) {
                    blobs.put(n.tops()[i], out == null ? in[0] : out[i]);
                }
            }
            for (String b : n.bottoms()) {
                if (left.merge(b, -1, Integer::sum) == 0 && !keep.contains(b)) {
                    blobs.remove(b);
                }
            }
        }
        Map<String, Mat> result = new HashMap<>();
        for (String o : outputs) {
            result.put(o, blobs.get(o));
        }
        return result;
    }
}
