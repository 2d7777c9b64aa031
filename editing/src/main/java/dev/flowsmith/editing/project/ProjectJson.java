package dev.flowsmith.editing.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project file's JSON, format version {@value #VERSION}, read and written field by field so that a
 * damaged file gets a message naming what is wrong instead of a half-read project. Media paths are
 * stored relative to the project's folder (so a moved project folder still works) and absolute (so
 * a project saved elsewhere still finds them).
 */
final class ProjectJson {
    static final String FORMAT = "flowsmith-project";
    /** 1: one picture and sound per clip. 2: clip styles (levels, fades, transform, speed, transitions, titles), track switches, bin folders. */
    static final int VERSION = 2;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProjectJson() {
    }

    static ObjectNode write(Project p, Path folder, String recoveryOf) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", VERSION);
        if (recoveryOf != null) {
            root.put("recoveryOf", recoveryOf);
        }
        ObjectNode s = root.putObject("settings");
        s.put("width", p.settings().width()).put("height", p.settings().height())
                .put("rate", p.rate().toString()).put("sampleRate", p.settings().sampleRate());
        ArrayNode media = root.putArray("media");
        for (MediaRef m : p.media()) {
            ObjectNode n = media.addObject();
            n.put("id", m.id()).put("path", relative(folder, m.path())).put("absolutePath", m.path().toString())
                    .put("durationMicros", m.durationMicros()).put("width", m.width()).put("height", m.height())
                    .put("rate", m.rate().toString()).put("video", m.hasVideo()).put("audio", m.hasAudio());
            if (!m.folder().isEmpty()) {
                n.put("folder", m.folder());
            }
        }
        ArrayNode folders = root.putArray("folders");
        p.folders().forEach(folders::add);
        ArrayNode tracks = root.putArray("tracks");
        for (Track t : p.tracks()) {
            ObjectNode n = tracks.addObject();
            n.put("id", t.id()).put("kind", t.kind().name()).put("name", t.name()).put("hidden", t.hidden())
                    .put("muted", t.muted()).put("solo", t.solo()).put("locked", t.locked());
            ArrayNode clips = n.putArray("clips");
            for (Clip c : t.clips()) {
                ObjectNode cn = clips.addObject().put("id", c.id()).put("media", c.mediaId()).put("sourceIn", c.sourceIn())
                        .put("start", c.start()).put("length", c.length()).put("link", c.link());
                if (!c.style().equals(ClipStyle.DEFAULT)) {
                    ClipStyleJson.write(c.style(), cn.putObject("style"));
                }
            }
        }
        root.put("nextId", p.nextId());
        return root;
    }

    private static String relative(Path folder, Path file) {
        try {
            return folder.toAbsolutePath().normalize().relativize(file).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return file.toString(); // another drive: only absolute works
        }
    }

    /** Reads a project; each media path is resolved by {@code resolver} (relative first, then absolute). */
    static Project read(JsonNode root, String name, MediaPathResolver resolver) {
        Reader r = new Reader(name);
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new ProjectException("'" + name + "' is not a Flowsmith project.", "missing \"format\": \"" + FORMAT + "\"");
        }
        int version = r.integer(root, "version");
        if (version > VERSION) {
            throw new NewerProjectException("'" + name + "' was saved by a newer Flowsmith (project format " + version
                    + "; this version reads up to " + VERSION + "). Open it with a newer Flowsmith; it was not changed.",
                    "version " + version);
        }
        JsonNode s = r.object(root, "settings");
        ProjectSettings settings = r.build(() -> new ProjectSettings(r.integer(s, "width"), r.integer(s, "height"),
                rate(r.text(s, "rate")), r.integer(s, "sampleRate")), "settings");
        List<MediaRef> media = new ArrayList<>();
        for (JsonNode n : r.array(root, "media")) {
            String id = r.text(n, "id");
            Path path = resolver.resolve(r.text(n, "path"), n.path("absolutePath").asText(null));
            String folder = n.has("folder") ? r.text(n, "folder") : "";
            media.add(r.build(() -> new MediaRef(id, path, r.number(n, "durationMicros"), r.integer(n, "width"),
                    r.integer(n, "height"), rate(r.text(n, "rate")), n.path("video").asBoolean(), n.path("audio").asBoolean(),
                    folder), "media " + id));
        }
        List<Track> tracks = new ArrayList<>();
        for (JsonNode n : r.array(root, "tracks")) {
            List<Clip> clips = new ArrayList<>();
            for (JsonNode c : r.array(n, "clips")) {
                ClipStyle style = c.has("style") ? r.build(() -> ClipStyleJson.read(r.object(c, "style"), r), "clip style")
                        : ClipStyle.DEFAULT;
                String mediaId = style.title() != null ? null : r.text(c, "media");
                if (mediaId != null && media.stream().noneMatch(m -> m.id().equals(mediaId))) {
                    throw r.bad("a clip uses media '" + mediaId + "', which is not listed");
                }
                clips.add(r.build(() -> new Clip(r.number(c, "id"), mediaId, r.number(c, "sourceIn"), r.number(c, "start"),
                        r.number(c, "length"), c.path("link").asLong(0), style), "clip"));
            }
            TrackKind kind = r.build(() -> TrackKind.valueOf(r.text(n, "kind")), "track kind");
            tracks.add(r.build(() -> new Track(r.number(n, "id"), kind, r.text(n, "name"), clips, r.flag(n, "hidden"),
                    r.flag(n, "muted"), r.flag(n, "solo"), r.flag(n, "locked")), "track"));
        }
        List<String> folders = new ArrayList<>();
        if (root.has("folders")) {
            for (JsonNode f : r.array(root, "folders")) {
                if (!f.isTextual()) {
                    throw r.bad("a bin folder's name is not text");
                }
                folders.add(f.textValue());
            }
        }
        Project project = r.build(() -> new Project(settings, media, tracks, r.number(root, "nextId"), folders), "project");
        checkLimits(project, r);
        return project;
    }

    /** 100 hours: longer timelines and media are not something this version plans for, and bigger values overflow. */
    static final long MAX_MICROS = 100L * 3600 * 1_000_000;
    static final int MAX_SIZE = 16384;

    /**
     * Every size, rate and time within sane limits, and every clip inside its media, before anything is computed from
     * them (a start near 2^63 overflowed the disk estimate, a rate of 1/1000000 divided by zero, frames past the
     * media's end were silently frozen).
     */
    private static void checkLimits(Project p, Reader r) {
        ProjectSettings st = p.settings();
        if (st.width() > MAX_SIZE || st.height() > MAX_SIZE) {
            throw r.bad("the picture size " + st.width() + "x" + st.height() + " is larger than " + MAX_SIZE + "x" + MAX_SIZE);
        }
        checkRate(st.rate(), "the project's frame rate", r);
        for (MediaRef m : p.media()) {
            if (m.durationMicros() > MAX_MICROS) {
                throw r.bad("media '" + m.id() + "' claims to be longer than 100 hours");
            }
            if (m.width() < 0 || m.height() < 0 || m.width() > MAX_SIZE || m.height() > MAX_SIZE) {
                throw r.bad("media '" + m.id() + "' has an impossible size " + m.width() + "x" + m.height());
            }
            if (m.hasVideo()) {
                checkRate(m.rate(), "the frame rate of media '" + m.id() + "'", r);
            }
        }
        FrameRate rate = st.rate();
        long maxFrames = (long) (MAX_MICROS / 1e6 * rate.fps());
        for (Track t : p.tracks()) {
            for (Clip c : t.clips()) {
                if (c.start() > maxFrames || c.length() > maxFrames || c.start() + c.length() > maxFrames) {
                    throw r.bad("clip " + c.id() + " lies beyond 100 hours (start " + c.start() + ", length " + c.length() + " frames)");
                }
                if (c.isTitle()) {
                    continue;
                }
                MediaRef m = p.mediaRef(c.mediaId());
                double lengthMicros = c.sourceSpan(rate);
                double slack = c.style().speed() * 1e6 / rate.fps() + (m.hasVideo() ? 1e6 / m.rate().fps() : 0) + 1000;
                if (c.sourceIn() > m.durationMicros() || c.sourceIn() + lengthMicros > m.durationMicros() + slack) {
                    throw r.bad(String.format(java.util.Locale.ROOT, "clip %d plays %.3f-%.3f s of '%s', which is only %.3f s long",
                            c.id(), c.sourceIn() / 1e6, (c.sourceIn() + lengthMicros) / 1e6, m.path().getFileName(),
                            m.durationMicros() / 1e6));
                }
            }
        }
    }

    private static void checkRate(FrameRate f, String what, Reader r) {
        if (f.num() > 1_000_000 || f.den() > 1_000_000 || !(f.fps() >= 1 && f.fps() <= 1000)) {
            throw r.bad(what + " " + f.num() + "/" + f.den() + " is not between 1 and 1000 frames per second");
        }
    }

    static FrameRate rate(String s) {
        String[] p = s.split("/");
        if (p.length != 2) {
            throw new IllegalArgumentException("rate '" + s + "' is not num/den");
        }
        try {
            return new FrameRate(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate '" + s + "' is not two whole numbers num/den");
        }
    }

    /** Resolves a stored media path against the project's folder. */
    interface MediaPathResolver {
        Path resolve(String relative, String absolute);
    }

    /** Field access that turns every missing or wrong field into one clear {@link ProjectException}. */
    record Reader(String name) {
        ProjectException bad(String what) {
            return new ProjectException("'" + name + "' is damaged and cannot be opened: " + what + ".", what);
        }

        JsonNode field(JsonNode n, String f) {
            JsonNode v = n.get(f);
            if (v == null || v.isNull()) {
                throw bad("the field \"" + f + "\" is missing");
            }
            return v;
        }

        /** An optional true/false field (false when absent, as in older projects). */
        boolean flag(JsonNode n, String f) {
            JsonNode v = n.get(f);
            if (v == null) {
                return false;
            }
            if (!v.isBoolean()) {
                throw bad("\"" + f + "\" is not true or false");
            }
            return v.booleanValue();
        }

        double decimal(JsonNode n, String f, double absent) {
            JsonNode v = n.get(f);
            if (v == null) {
                return absent;
            }
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw bad("\"" + f + "\" is not a number");
            }
            return v.doubleValue();
        }

        long number(JsonNode n, String f, long absent) {
            return n.has(f) ? number(n, f) : absent;
        }

        int integer(JsonNode n, String f) {
            JsonNode v = field(n, f);
            if (!v.canConvertToInt()) {
                throw bad("\"" + f + "\" is not a whole number");
            }
            return v.intValue();
        }

        long number(JsonNode n, String f) {
            JsonNode v = field(n, f);
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw bad("\"" + f + "\" is not a whole number");
            }
            return v.longValue();
        }

        String text(JsonNode n, String f) {
            JsonNode v = field(n, f);
            if (!v.isTextual()) {
                throw bad("\"" + f + "\" is not text");
            }
            return v.textValue();
        }

        JsonNode object(JsonNode n, String f) {
            JsonNode v = field(n, f);
            if (!v.isObject()) {
                throw bad("\"" + f + "\" is not an object");
            }
            return v;
        }

        Iterable<JsonNode> array(JsonNode n, String f) {
            JsonNode v = field(n, f);
            if (!v.isArray()) {
                throw bad("\"" + f + "\" is not a list");
            }
            return v;
        }

        <T> T build(java.util.function.Supplier<T> s, String what) {
            try {
                return s.get();
            } catch (IllegalArgumentException e) {
                throw bad(what + ": " + e.getMessage());
            }
        }
    }
}
