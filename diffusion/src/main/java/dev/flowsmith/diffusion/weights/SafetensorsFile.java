package dev.flowsmith.diffusion.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file (the format of the published diffusers checkpoints): an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw data.
 * Everything in the header is checked before any data is touched (header size against the file,
 * known dtypes, shapes, ranges inside the data, sizes matching the shapes, no overlaps); tensors are
 * then read from a memory map one at a time (a 2.7 GB DiT-XL checkpoint is never read whole), and
 * F16/BF16 are widened to float32. Pickle checkpoints ({@code .pt .pth .ckpt}) are refused: loading
 * them would run code from the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** What one header entry says. */
    public record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        public long count() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final long MAX_HEADER = 100L << 20;
    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt") || name.endsWith(".pkl")) {
            throw new ModelFormatException("'" + file.getFileName() + "' is a PyTorch pickle checkpoint, which Flowsmith never "
                    + "loads (unpickling runs code from the file). Convert it once with Python: "
                    + "from safetensors.torch import save_file; import torch; "
                    + "save_file(torch.load('" + file.getFileName() + "', map_location='cpu'), 'model.safetensors')");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw bad(file, "the header length " + headerLen + " does not fit the file (" + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(header.array());
            } catch (IOException e) {
                throw bad(file, "the header is not valid JSON (" + e.getMessage().split("\n")[0] + ")");
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "the header is not a JSON object");
            }
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                entries.put(f.getKey(), entry(file, f.getKey(), f.getValue(), dataLen));
            }
            checkNoOverlap(file, entries);
            SafetensorsFile s = new SafetensorsFile(file, ch, dataStart, Collections.unmodifiableMap(entries), meta);
            ch = null;
            return s;
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("'" + file + "' does not exist.", e);
        } catch (IOException e) {
            throw new ModelFormatException("'" + file.getFileName() + "' cannot be read: " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    private static Entry entry(Path file, String name, JsonNode n, long dataLen) {
        String dt = n.path("dtype").asText("");
        DType dtype = DType.parse(dt);
        if (dtype == null) {
            throw bad(file, "tensor '" + name + "' has dtype '" + dt + "'; Flowsmith reads F32, F16, BF16 and I64");
        }
        JsonNode shapeNode = n.path("shape"), off = n.path("data_offsets");
        if (!shapeNode.isArray() || !off.isArray() || off.size() != 2) {
            throw bad(file, "tensor '" + name + "' lacks a shape or data_offsets [begin, end]");
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeNode.get(i).asLong(-1);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "' has an invalid dimension " + shapeNode.get(i));
            }
            shape[i] = (int) d;
            count *= d;
        }
        long begin = off.get(0).asLong(-1), end = off.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen) {
            throw bad(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataLen + " data bytes (a truncated download?)");
        }
        if (end - begin != count * dtype.bytes) {
            throw bad(file, "tensor '" + name + "' has " + (end - begin) + " bytes but its shape and dtype need "
                    + count * dtype.bytes);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw bad(file, "tensor '" + name + "' has " + count + " values, more than one Java array holds");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                throw bad(file, "tensors '" + sorted.get(i - 1).name() + "' and '" + sorted.get(i).name() + "' overlap");
            }
        }
    }

    private static ModelFormatException bad(Path file, String what) {
        return new ModelFormatException("'" + file.getFileName() + "' is not a valid safetensors file: " + what + ".");
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    public Path file() {
        return file;
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException("'" + file.getFileName() + "' has no tensor '" + name + "' (is it the right model, "
                    + "in the diffusers layout?)");
        }
        return e;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads one tensor as float32, checking its shape when {@code expected} is given. */
    public Tensor tensor(String name, int... expected) {
        Entry e = entry(name);
        if (expected.length > 0 && !java.util.Arrays.equals(expected, e.shape())) {
            throw new ModelFormatException("'" + file.getFileName() + "': tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(e.shape()) + ", the model's config expects " + java.util.Arrays.toString(expected));
        }
        float[] out = new float[(int) e.count()];
        try {
            ByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
            switch (e.dtype()) {
                case F32 -> map.asFloatBuffer().get(out);
                case F16 -> {
                    var sb = map.asShortBuffer();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = DType.halfToFloat(sb.get(i));
                    }
                }
                case BF16 -> {
                    var sb = map.asShortBuffer();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = DType.bf16ToFloat(sb.get(i));
                    }
                }
                case I64 -> {
                    var lb = map.asLongBuffer();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = lb.get(i);
                    }
                }
            }
        } catch (IOException ex) {
            throw new ModelFormatException("'" + file.getFileName() + "': tensor '" + name + "' cannot be read: " + ex.getMessage(), ex);
        }
        return new Tensor(out, e.shape().clone());
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
