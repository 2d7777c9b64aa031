package dev.flowsmith.diffusion.sd;

import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.diffusion.weights.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a joint keyframe edit keeps its state after every inversion or denoising step, so an edit that is cancelled
 * or killed continues from its last finished step instead of from the start (at full size a step of one keyframe is
 * half a minute on two cores). The state is the step count, the current latents and the inverted latents the PnP
 * source pass still needs; it is stored under a key that fingerprints the settings, the text states and the input
 * latents, so it is only ever taken up by the same edit of the same keyframes.
 */
public interface EditCheckpoint {
    /** The saved state: {@code done} steps (inversion then denoising), latents {@code z[b]}, {@code source[step]} or null. */
    record State(int done, float[][] z, float[][][] source) {
    }

    /** The state saved under {@code key} for this many keyframes, latent values and steps, or null (none, another edit, unreadable). */
    State load(String key, int keyframes, int latentValues, int steps, int stepsInAll);

    void save(String key, State state);

    /** Forgets the state (the edit's result is stored). */
    void clear();

    EditCheckpoint NONE = new EditCheckpoint() {
        @Override
        public State load(String key, int keyframes, int latentValues, int steps, int stepsInAll) {
            return null;
        }

        @Override
        public void save(String key, State state) {
        }

        @Override
        public void clear() {
        }
    };

    /** The state in one safetensors file (tensors {@code z}, {@code source.K}; the key and step count as metadata), written atomically. */
    static EditCheckpoint file(Path file) {
        return new EditCheckpoint() {
            @Override
            public State load(String key, int keyframes, int latentValues, int steps, int stepsInAll) {
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                try (SafetensorsFile f = SafetensorsFile.open(file)) {
                    if (!key.equals(f.metadata().get("key"))) {
                        return null;
                    }
                    int done = Integer.parseInt(f.metadata().getOrDefault("done", "-1"));
                    if (done < 0 || done > stepsInAll) {
                        return null;
                    }
                    float[][] z = rows(f.tensor("z", keyframes, latentValues).data(), keyframes);
                    if (z == null) {
                        return null;
                    }
                    float[][][] source = new float[steps][][];
                    for (String name : f.names()) {
                        if (name.startsWith("source.")) {
                            int k = Integer.parseInt(name.substring(7));
                            if (k < 0 || k >= steps) {
                                return null;
                            }
                            source[k] = rows(f.tensor(name, keyframes, latentValues).data(), keyframes);
                            if (source[k] == null) {
                                return null;
                            }
                        }
                    }
                    return new State(done, z, source);
                } catch (ModelFormatException | NumberFormatException e) {
                    return null; // damaged or from another version: the edit starts again, nothing else is lost
                }
            }

            @Override
            public void save(String key, State s) {
                SafetensorsWriter w = new SafetensorsWriter().meta("key", key).meta("done", Integer.toString(s.done()));
                int b = s.z().length, len = s.z()[0].length;
                w.put("z", flat(s.z(), len), b, len);
                for (int k = 0; k < s.source().length; k++) {
                    if (s.source()[k] != null) {
                        w.put("source." + k, flat(s.source()[k], len), b, len);
                    }
                }
                try {
                    w.write(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("The edit's progress cannot be saved to '" + file + "' (check the disk space "
                            + "and the folder's permissions).", e);
                }
            }

            @Override
            public void clear() {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("'" + file + "' cannot be removed.", e);
                }
            }
        };
    }

    private static float[] flat(float[][] x, int len) {
        float[] out = new float[x.length * len];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * len, len);
        }
        return out;
    }

    /** {@code b} rows of a flat array; null when a value is not finite (a damaged state is not resumed). */
    private static float[][] rows(float[] flat, int b) {
        int len = flat.length / b;
        float[][] out = new float[b][];
        for (int i = 0; i < b; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * len, (i + 1) * len);
            for (float v : out[i]) {
                if (!Float.isFinite(v)) {
                    return null;
                }
            }
        }
        return out;
    }
}
