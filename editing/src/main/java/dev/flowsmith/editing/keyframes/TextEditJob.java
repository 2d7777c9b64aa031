package dev.flowsmith.editing.keyframes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.diffusion.sd.EditCheckpoint;
import dev.flowsmith.diffusion.sd.KeyframeTranslation;
import dev.flowsmith.diffusion.sd.StableDiffusion;
import dev.flowsmith.diffusion.unet.UNetOnDevice;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code flowsmith edit}: a video edited by a text prompt, after AdaFlow. Keyframes are chosen by the adaptive
 * selection (or taken from a keyframe folder), edited together by Stable Diffusion ({@link KeyframeTranslation}: DDIM
 * inversion, the prompt with guidance, attention extended across the keyframes and slimmed to a budget) at a working
 * size, enlarged back and written into the keyframe folder, then carried to every frame by {@link PropagateJob} (the
 * resumable segmented job, memory flat in the number of frames). The keyframes as exported are kept in
 * {@code source/} beside them, and the settings of the edit in {@code edit.json}: a resume with the same settings
 * reuses the edited keyframes and continues the propagation; other settings re-edit from the kept originals. An edit
 * cancelled or killed part way keeps its state after every step in {@value #EDIT_STATE}, and the same edit run again
 * (from the CLI or the studio, with or without {@code --resume}) continues from its last finished step.
 */
public final class TextEditJob {
    public static final String EDIT_MANIFEST = "edit.json";
    /** An unfinished joint edit's state (latents after its last finished step), removed when the edit is stored. */
    public static final String EDIT_STATE = "edit-state.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to edit, how, and where. {@code device}: where the UNet runs ({@code --device}: cpu, opencl:N, gpu:N; null:
     * the host); {@code size}: the working size's longer side in pixels (0: the model's own).
     */
    public record Request(Path input, Path output, Path keyframeDir, Path model, String device, KeyframeTranslation.Settings edit, int size,
                          KeyframeSelector.Params selection, EncoderSettings encoder, boolean resume, boolean overwrite) {
    }

    /** The propagation's result, the keyframes, the working size, and whether earlier edited keyframes were reused. */
    public record Result(PropagateJob.Result propagation, int keyframes, int workWidth, int workHeight, boolean reused,
                         int continuedAfter, String unetDevice) {
    }

    private TextEditJob() {
    }

    public static Result run(Request r, ProgressListener progress, CancellationToken cancel) {
        if (r.size() != 0 && (r.size() < 16 || r.size() > 4096)) {
            throw new IllegalArgumentException("--size " + r.size() + ": choose 16 to 4096 pixels, or 0 for the model's own size");
        }
        StableDiffusion sd = StableDiffusion.load(r.model()); // refuses a wrong folder before any long work; loaded once
        if (r.device() != null) {
            Backends.open(r.device()).close(); // a device that is not there fails now, not after the keyframe selection
        }
        KeyframeSet set = keyframes(r, progress, cancel);
        KeyframeEdit e = editKeyframes(set, sd, r.model(), r.device(), r.edit(), r.size(), r.resume(),
                (done, total) -> progress.onProgress(total + 2L * done, 4L * total), cancel);
        PropagateJob.Result p = PropagateJob.run(r.input(), set.dir(), r.output(), r.encoder(), r.resume(), r.overwrite(),
                (done, total) -> progress.onProgress(3L * total + done, 4L * total), cancel);
        return new Result(p, e.keyframes(), e.workWidth(), e.workHeight(), e.reused(), e.continuedAfter(), e.unetDevice());
    }

    /**
     * What {@link #editKeyframes} did: how many keyframes, at what working size, whether earlier edits were reused,
     * after how many of its steps an interrupted edit was continued (0: it ran from the start), and where the UNet ran
     * ({@code "the host"} or {@code "device "} and its {@code --device} name; empty when the edit was reused).
     */
    public record KeyframeEdit(int keyframes, int workWidth, int workHeight, boolean reused, int continuedAfter, String unetDevice) {
    }

    /**
     * Edits every keyframe of {@code set} together by {@code edit} with the Stable Diffusion folder {@code model} at a
     * working size of {@code size} pixels on the longer side (0: the model's own, 512 for SD 2.1-base), and writes them back (the studio's "Edit Keyframes",
     * before it propagates). With {@code reuse}, keyframes already edited with the same settings are kept as they are.
     * {@code progress} counts inversion and denoising steps.
     */
    public static KeyframeEdit editKeyframes(KeyframeSet set, Path model, KeyframeTranslation.Settings edit, int size, boolean reuse,
                                             ProgressListener progress, CancellationToken cancel) {
        return editKeyframes(set, model, null, edit, size, reuse, progress, cancel);
    }

    /** As above with the UNet on {@code device} ({@code --device}'s names; null: the host). */
    public static KeyframeEdit editKeyframes(KeyframeSet set, Path model, String device, KeyframeTranslation.Settings edit, int size,
                                             boolean reuse, ProgressListener progress, CancellationToken cancel) {
        if (size != 0 && (size < 16 || size > 4096)) {
            throw new IllegalArgumentException("a working size of " + size + " pixels: choose 16 to 4096, or 0 for the model's own size");
        }
        return editKeyframes(set, StableDiffusion.load(model), model, device, edit, size, reuse, progress, cancel);
    }

    private static KeyframeEdit editKeyframes(KeyframeSet set, StableDiffusion sd, Path model, String device,
                                              KeyframeTranslation.Settings edit, int size, boolean reuse, ProgressListener progress,
                                              CancellationToken cancel) {
        size = size == 0 ? sd.nativeSize() : size;
        int m = sd.sizeMultiple();
        double scale = Math.min(1.0, size / (double) Math.max(set.width(), set.height()));
        int ww = Math.max(m, (int) Math.round(set.width() * scale / m) * m), wh = Math.max(m, (int) Math.round(set.height() * scale / m) * m);
        int[] frames = set.keyframes();
        ObjectNode wanted = manifest(edit, model, ww, wh);
        if (reuse && wanted.equals(readManifest(set.dir()))) {
            return new KeyframeEdit(frames.length, ww, wh, true, 0, "");
        }
        Path originals = keepOriginals(set);
        float[][] images = new float[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            images[i] = toModel(resize(readOriginal(originals, frames[i]), ww, wh));
        }
        // the joint edit saves its state after every step: run again after a cancel or a crash, it goes on from there
        EditCheckpoint checkpoint = EditCheckpoint.file(set.dir().resolve(EDIT_STATE));
        float[][] edited;
        int continuedAfter;
        String where;
        // on a compute device the UNet's weights are uploaded once for the whole edit and freed after it
        try (ComputeBackend backend = device == null ? null : Backends.open(device);
             UNetOnDevice onDevice = backend == null ? null : new UNetOnDevice(sd.unet(), backend)) {
            KeyframeTranslation translation = onDevice == null ? new KeyframeTranslation(sd) : new KeyframeTranslation(sd, onDevice);
            edited = translation.edit(images, wh, ww, edit, checkpoint, (done, total) -> {
                cancel.check();
                progress.onProgress(done, total);
            });
            continuedAfter = translation.continuedAfter();
            where = onDevice == null ? "the host" : "device " + device;
        } catch (UncheckedIOException e) {
            throw new ProjectException(e.getMessage(), String.valueOf(e.getCause()), e);
        }
        deleteManifest(set.dir()); // a half-written set of keyframes is never taken for a finished one
        for (int i = 0; i < frames.length; i++) {
            set.replaceEdited(frames[i], resize(fromModel(edited[i], ww, wh), set.width(), set.height()));
        }
        writeManifest(set.dir(), wanted);
        try {
            checkpoint.clear();
        } catch (UncheckedIOException e) {
            throw new ProjectException(e.getMessage(), String.valueOf(e.getCause()), e);
        }
        return new KeyframeEdit(frames.length, ww, wh, false, continuedAfter, where);
    }

    /** The keyframe folder as given, or made now by the adaptive selection. */
    private static KeyframeSet keyframes(Request r, ProgressListener progress, CancellationToken cancel) {
        if (Files.isRegularFile(r.keyframeDir().resolve(KeyframeSet.MANIFEST))) {
            KeyframeSet set = KeyframeSet.load(r.keyframeDir());
            set.checkSource(r.input());
            return set;
        }
        List<KeyframeSelector.Segment> segs = KeyframeSelector.select(r.input(), r.selection(),
                (done, total) -> progress.onProgress(done, 4L * Math.max(1, total)), cancel);
        if (segs.isEmpty()) {
            throw new ProjectException("No frame of '" + r.input().getFileName() + "' could be decoded, so there is nothing to edit: "
                    + "check the file with 'flowsmith probe'.", "no segments");
        }
        return KeyframeSet.export(r.input(), segs, r.keyframeDir(), null, r.overwrite());
    }

    /** The keyframes as exported, copied once into {@code source/} (the edit's input, whatever is in the folder later). */
    private static Path keepOriginals(KeyframeSet set) {
        Path originals = set.dir().resolve("source");
        try {
            Files.createDirectories(originals);
            for (int f : set.keyframes()) {
                Path kept = originals.resolve(KeyframeSet.fileName(f));
                if (!Files.exists(kept)) {
                    Path tmp = originals.resolve(KeyframeSet.fileName(f) + ".part");
                    Files.copy(set.dir().resolve(KeyframeSet.fileName(f)), tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, kept, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new ProjectException("The keyframes in '" + set.dir() + "' cannot be kept before editing (check the disk and the "
                    + "folder's permissions).", e.toString(), e);
        }
        return originals;
    }

    private static VideoFrame readOriginal(Path originals, int frame) {
        try {
            return KeyframeSet.readPng(originals.resolve(KeyframeSet.fileName(frame)));
        } catch (IOException e) {
            throw new ProjectException("The kept keyframe " + frame + " in '" + originals + "' cannot be read.", e.toString(), e);
        }
    }

    private static ObjectNode manifest(KeyframeTranslation.Settings e, Path model, int ww, int wh) {
        ObjectNode n = JSON.createObjectNode();
        n.put("prompt", e.prompt()).put("negative", e.negative()).put("strength", e.strength())
                .put("steps", e.steps()).put("guidance", e.guidance()).put("kvBudget", e.kvBudget())
                .put("pnpAttention", e.pnpAttention()).put("pnpFeatures", e.pnpFeatures()).put("eta", e.eta()).put("seed", e.seed())
                .put("width", ww).put("height", wh).put("model", model.toAbsolutePath().normalize().toString());
        try { // as it reads back (a long seed comes back as an int node), so a resume compares like with like
            return (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(n));
        } catch (IOException impossible) { // in memory
            throw new IllegalStateException(impossible);
        }
    }

    private static JsonNode readManifest(Path dir) {
        try {
            Path f = dir.resolve(EDIT_MANIFEST);
            return Files.isRegularFile(f) ? JSON.readTree(f.toFile()) : null;
        } catch (IOException e) {
            return null; // unreadable: edit again
        }
    }

    private static void writeManifest(Path dir, ObjectNode n) {
        try {
            Path tmp = dir.resolve(EDIT_MANIFEST + ".part");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), n);
            Files.move(tmp, dir.resolve(EDIT_MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ProjectException("The edit's settings cannot be written to '" + dir + "'.", e.toString(), e);
        }
    }

    private static void deleteManifest(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(EDIT_MANIFEST));
        } catch (IOException e) {
            throw new ProjectException("'" + dir.resolve(EDIT_MANIFEST) + "' cannot be replaced.", e.toString(), e);
        }
    }

    /** Engine RGB 0..1 to the model's -1..1 (planar). */
    private static float[] toModel(VideoFrame f) {
        float[] d = f.data(), out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] * 2 - 1;
        }
        return out;
    }

    private static VideoFrame fromModel(float[] x, int w, int h) {
        VideoFrame f = new VideoFrame(w, h);
        for (int i = 0; i < x.length; i++) {
            f.data()[i] = Math.max(0f, Math.min(1f, (x[i] + 1) / 2));
        }
        return f;
    }

    /** Bilinear resampling (pixel centres aligned), planar RGB. */
    static VideoFrame resize(VideoFrame in, int ow, int oh) {
        int w = in.width(), h = in.height();
        if (ow == w && oh == h) {
            return in;
        }
        VideoFrame out = new VideoFrame(ow, oh);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < oh; y++) {
                double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / oh - 0.5));
                int y0 = (int) sy, y1 = Math.min(h - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < ow; x++) {
                    double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / ow - 0.5));
                    int x0 = (int) sx, x1 = Math.min(w - 1, x0 + 1);
                    double fx = sx - x0;
                    double top = in.get(c, x0, y0) * (1 - fx) + in.get(c, x1, y0) * fx;
                    double bot = in.get(c, x0, y1) * (1 - fx) + in.get(c, x1, y1) * fx;
                    out.data()[(c * oh + y) * ow + x] = (float) (top * (1 - fy) + bot * fy);
                }
            }
        }
        return out;
    }
}
