package dev.flowsmith.editing.keyframes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.editing.project.ProjectException;
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
 * before anything is propagated.
 */
public record KeyframeSet(Path dir, Path source, int width, int height, List<KeyframeSelector.Segment> segments) {
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
        try {
            Files.createDirectories(dir);
            int w, h;
            try (VideoReader r = VideoReader.open(source)) {
                w = r.width();
                h = r.height();
                for (KeyframeSelector.Segment s : segments) {
                    r.seek(s.keyframe());
                    VideoFrame f = r.read();
                    writePng(edit == null ? f : edit.apply(f), dir.resolve(fileName(s.keyframe())));
                }
            }
            rewrite(new KeyframeSet(dir, source.toAbsolutePath(), w, h, List.copyOf(segments)));
            return new KeyframeSet(dir, source.toAbsolutePath(), w, h, List.copyOf(segments));
        } catch (IOException e) {
            throw new ProjectException("The keyframes could not be written to '" + dir + "'.", e.toString(), e);
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
        KeyframeSet written = export(source, one, dir, edit); // writes the new PNG (and a manifest we replace next)
        return rewrite(new KeyframeSet(dir, written.source(), width, height, segs));
    }

    private static KeyframeSet rewrite(KeyframeSet set) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", "flowsmith-keyframes").put("version", 1).put("source", set.source().toString())
                    .put("width", set.width()).put("height", set.height());
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
                    root.path("height").asInt(), segs);
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
