package dev.flowsmith.editing.keyframes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.media.FileFingerprint;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder of keyframes to edit in any image editor: {@code keyframes.json} (the source, its size and
 * the segments) and one {@code keyframe-NNNNNN.png} per keyframe, named by frame index. The user
 * edits the PNGs in place; {@link #load} checks that every keyframe is there and has the video's size
 * before anything is propagated, and {@link #checkSource} that they were made from the video being propagated
 * (the manifest records the source's {@link FileFingerprint}).
 * An export never mixes runs: it refuses a folder that already holds keyframes unless told to replace them, writes
 * everything into a hidden staging folder first (a full disk or a crash leaves the old set as it was), and only then
 * replaces the old keyframe files, all of them.
 */
public record KeyframeSet(Path dir, Path source, int width, int height, List<KeyframeSelector.Segment> segments,
                          String sourceFingerprint) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String MANIFEST = "keyframes.json";

    public static String fileName(int frame) {
        return String.format("keyframe-%06d.png", frame);
    }

    public int[] keyframes() {
        return segments.stream().mapToInt(KeyframeSelector.Segment::keyframe).toArray();
    }

    /** Writes the keyframes of {@code source} as PNGs (with a built-in edit applied, if given) and the manifest. */
    public static KeyframeSet export(Path source, List<KeyframeSelector.Segment> segments, Path dir, BuiltInEdit edit) {
        return export(source, segments, dir, edit, false);
    }

    /** As above; {@code replace} allows replacing a folder's keyframes (all of them: no stale PNG stays). */
    public static KeyframeSet export(Path source, List<KeyframeSelector.Segment> segments, Path dir, BuiltInEdit edit,
                                     boolean replace) {
        Path staging = null;
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new ProjectException("'" + dir + "' is a file, not a folder: give a folder for the keyframes.", dir.toString());
            }
            Files.createDirectories(dir);
            List<Path> old = ownFiles(dir);
            if (!old.isEmpty() && !replace) {
                throw new ProjectException("'" + dir + "' already holds keyframes (" + old.size() + " files, perhaps edited "
                        + "ones): choose an empty folder, or replace them (--overwrite).", dir.toString());
            }
            staging = Files.createDirectory(dir.resolve(".flowsmith-keyframes-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime()));
            int[] size = writeFrames(source, segments, staging, edit);
            KeyframeSet staged = rewrite(new KeyframeSet(staging, source.toAbsolutePath(), size[0], size[1],
                    List.copyOf(segments), FileFingerprint.of(source)));
            for (Path f : old) {
                Files.deleteIfExists(f);
            }
            try (var files = Files.list(staging)) {
                for (Path f : files.sorted(java.util.Comparator.comparing(p -> p.getFileName().toString().equals(MANIFEST))).toList()) {
                    Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new KeyframeSet(dir, staged.source(), staged.width(), staged.height(), staged.segments(), staged.sourceFingerprint());
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No space") ? "the disk is full" : e.getMessage();
            throw new ProjectException("The keyframes could not be written to '" + dir + "' (" + why + "); nothing there was changed.",
                    e.toString(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** The files an export writes: the manifest and keyframe PNGs (leftover .part files too). */
    private static List<Path> ownFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.equals(MANIFEST) || n.equals(MANIFEST + ".part") || n.matches("keyframe-\\d{6}\\.png(\\.part)?");
            }).toList();
        }
    }

    private static int[] writeFrames(Path source, List<KeyframeSelector.Segment> segments, Path dir, BuiltInEdit edit)
            throws IOException {
        try (VideoReader r = VideoReader.open(source)) {
            for (KeyframeSelector.Segment s : segments) {
                r.seek(s.keyframe());
                VideoFrame f = r.read();
                if (f == null) {
                    throw new ProjectException("Keyframe " + s.keyframe() + " is past the end of '" + source.getFileName()
                            + "'.", source.toString());
                }
                writePng(edit == null ? f : edit.apply(f), dir.resolve(fileName(s.keyframe())));
            }
            return new int[]{r.width(), r.height()};
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a hidden staging folder may stay behind; the next export does not read it
        }
    }

    /** SHA-256 over the manifest and every keyframe image: a resume after the keyframes were edited again must not mix. */
    public String contentFingerprint() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(dir.resolve(MANIFEST)));
            for (int k : keyframes()) {
                md.update(Files.readAllBytes(dir.resolve(fileName(k))));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new ProjectException("The keyframes in '" + dir + "' cannot be read.", e.toString(), e);
        }
    }

    /** Every segment inside a video of {@code frames} frames, in order, each keyframe inside its segment. */
    public void checkFrames(long frames) {
        int expectStart = 0;
        for (KeyframeSelector.Segment sg : segments) {
            if (sg.start() != expectStart || sg.end() <= sg.start() || sg.keyframe() < sg.start() || sg.keyframe() >= sg.end()
                    || sg.end() > frames) {
                throw new ProjectException("'" + dir.resolve(MANIFEST) + "' does not fit this video of " + frames + " frames "
                        + "(segment " + sg.start() + "-" + sg.end() + " with keyframe " + sg.keyframe() + "): make the keyframes "
                        + "again with 'flowsmith keyframes'.", "segments");
            }
            expectStart = sg.end();
        }
        if (segments.isEmpty()) {
            throw new ProjectException("'" + dir.resolve(MANIFEST) + "' lists no keyframes.", "segments");
        }
    }

    /** Refuses keyframes made from another video than {@code video} (same size or not). */
    public void checkSource(Path video) {
        if (sourceFingerprint != null && !sourceFingerprint.equals(FileFingerprint.of(video))) {
            throw new ProjectException("The keyframes in '" + dir + "' were made from another video ("
                    + source.getFileName() + ", or a different version of it), not from '" + video.getFileName()
                    + "': make keyframes for this video with 'flowsmith keyframes'.", source.toString());
        }
    }

    /**
     * Adds a keyframe at {@code frame} (the drift meter asked for one): its PNG is written from the video
     * (with {@code edit} applied, if given) and the segments are re-cut so each keyframe starts one.
     */
    public KeyframeSet withKeyframe(int frame, BuiltInEdit edit) {
        java.util.TreeSet<Integer> ks = new java.util.TreeSet<>();
        for (int k : keyframes()) {
            ks.add(k);
        }
        if (!ks.add(frame)) {
            return this;
        }
        int end = segments.get(segments.size() - 1).end();
        List<KeyframeSelector.Segment> segs = new ArrayList<>();
        List<Integer> list = new ArrayList<>(ks);
        for (int i = 0; i < list.size(); i++) {
            int start = i == 0 ? 0 : list.get(i);
            int stop = i + 1 < list.size() ? list.get(i + 1) : end;
            segs.add(new KeyframeSelector.Segment(start, stop, list.get(i)));
        }
        List<KeyframeSelector.Segment> one = List.of(new KeyframeSelector.Segment(frame, frame + 1, frame));
        try {
            writeFrames(source, one, dir, edit);
        } catch (IOException e) {
            throw new ProjectException("Keyframe " + frame + " could not be written to '" + dir + "'.", e.toString(), e);
        }
        return rewrite(new KeyframeSet(dir, source, width, height, segs, sourceFingerprint));
    }

    private static KeyframeSet rewrite(KeyframeSet set) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", "flowsmith-keyframes").put("version", 1).put("source", set.source().toString())
                    .put("width", set.width()).put("height", set.height());
            if (set.sourceFingerprint() != null) {
                root.put("sourceFingerprint", set.sourceFingerprint());
            }
            ArrayNode segs = root.putArray("segments");
            for (KeyframeSelector.Segment s : set.segments()) {
                segs.addObject().put("start", s.start()).put("end", s.end()).put("keyframe", s.keyframe());
            }
            Path tmp = set.dir().resolve(MANIFEST + ".part");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, set.dir().resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return set;
        } catch (IOException e) {
            throw new ProjectException("The keyframe list in '" + set.dir() + "' could not be written.", e.toString(), e);
        }
    }

    /** Reads a keyframe folder and checks every keyframe image: present, readable, the video's size. */
    public static KeyframeSet load(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new ProjectException("'" + dir + "' is not a keyframe folder: it has no " + MANIFEST
                    + " (make one with 'flowsmith keyframes').", manifest.toString());
        }
        try {
            JsonNode root = JSON.readTree(manifest.toFile());
            if (!"flowsmith-keyframes".equals(root.path("format").asText())) {
                throw new ProjectException("'" + manifest + "' is not a Flowsmith keyframe list.", "format");
            }
            List<KeyframeSelector.Segment> segs = new ArrayList<>();
            for (JsonNode s : root.path("segments")) {
                segs.add(new KeyframeSelector.Segment(s.path("start").asInt(), s.path("end").asInt(), s.path("keyframe").asInt()));
            }
            KeyframeSet set = new KeyframeSet(dir, Path.of(root.path("source").asText()), root.path("width").asInt(),
                    root.path("height").asInt(), segs, root.hasNonNull("sourceFingerprint") ? root.get("sourceFingerprint").asText() : null);
            set.validate();
            return set;
        } catch (IOException e) {
            throw new ProjectException("'" + manifest + "' is damaged: " + e.getMessage(), e.toString(), e);
        }
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        for (int k : keyframes()) {
            Path f = dir.resolve(fileName(k));
            if (!Files.isRegularFile(f)) {
                problems.add("keyframe " + k + " is missing (" + f.getFileName() + ")");
                continue;
            }
            try {
                BufferedImage img = ImageIO.read(f.toFile());
                if (img == null) {
                    problems.add(f.getFileName() + " is not an image this version can read (save it as PNG)");
                } else if (img.getWidth() != width || img.getHeight() != height) {
                    problems.add(f.getFileName() + " is " + img.getWidth() + "x" + img.getHeight() + " but the video is "
                            + width + "x" + height + " (do not crop or resize keyframes)");
                }
            } catch (IOException e) {
                problems.add(f.getFileName() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProjectException("The keyframes in '" + dir + "' cannot be used: " + String.join("; ", problems) + ".",
                    String.join("\n", problems));
        }
    }

    /** The edited keyframe {@code frame} as the engine's float RGB. */
    public VideoFrame edited(int frame) {
        try {
            return readPng(dir.resolve(fileName(frame)));
        } catch (IOException e) {
            throw new ProjectException("Keyframe " + frame + " cannot be read.", e.toString(), e);
        }
    }

    /** Replaces keyframe {@code frame}'s edited picture (the size of the source's frames), atomically. */
    public void replaceEdited(int frame, VideoFrame f) {
        if (f.width() != width || f.height() != height) {
            throw new IllegalArgumentException("a " + f.width() + "x" + f.height() + " picture for " + width + "x" + height + " keyframes");
        }
        try {
            writePng(f, dir.resolve(fileName(frame)));
        } catch (IOException e) {
            throw new ProjectException("Keyframe " + frame + " cannot be written to '" + dir + "' (check the disk and the folder's "
                    + "permissions).", e.toString(), e);
        }
    }

    static void writePng(VideoFrame f, Path file) throws IOException {
        int w = f.width(), h = f.height(), n = w * h;
        float[] d = f.data();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[n];
        for (int p = 0; p < n; p++) {
            rgb[p] = (to8(d[p]) << 16) | (to8(d[n + p]) << 8) | to8(d[2 * n + p]);
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static VideoFrame readPng(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        int w = img.getWidth(), h = img.getHeight(), n = w * h;
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        VideoFrame f = new VideoFrame(w, h);
        float[] d = f.data();
        for (int p = 0; p < n; p++) {
            d[p] = ((rgb[p] >> 16) & 0xff) / 255f;
            d[n + p] = ((rgb[p] >> 8) & 0xff) / 255f;
            d[2 * n + p] = (rgb[p] & 0xff) / 255f;
        }
        return f;
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
