package dev.flowsmith.editing.render;

import dev.flowsmith.editing.command.SetProjectSettings;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.media.AudioCodec;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a timeline is exported: container, video encoder (codec, CRF or bit rate, bit depth), picture
 * height (0: the project's size; otherwise the project's aspect at that height), frame rate (null: the
 * project's), audio codec and bit rate. Checked on construction, including which codecs each container
 * can hold, so a bad combination is refused before any rendering. {@link #toText()} / {@link #parse}
 * keep saved presets.
 */
public record ExportSettings(String container, EncoderSettings video, int height, FrameRate rate, AudioCodec audio, int audioKbps) {
    public static final List<String> CONTAINERS = List.of("mp4", "mov", "mkv", "webm");
    public static final List<Integer> HEIGHTS = List.of(0, 2160, 1440, 1080, 720, 480);
    public static final ExportSettings DEFAULT = new ExportSettings("mp4", EncoderSettings.defaults(VideoCodec.H264), 0, null,
            AudioCodec.AAC, 192);

    public ExportSettings {
        if (!CONTAINERS.contains(container)) {
            throw new IllegalArgumentException("container must be one of " + CONTAINERS + ", not '" + container + "'");
        }
        if (video == null || audio == null) {
            throw new IllegalArgumentException("video and audio codecs are required");
        }
        if (height != 0 && (height < 144 || height > 4320 || height % 2 != 0)) {
            throw new IllegalArgumentException("height must be even and 144-4320 pixels (or the project's), not " + height);
        }
        if (audio.usesBitRate() && (audioKbps < AudioCodec.MIN_KBPS || audioKbps > AudioCodec.MAX_KBPS)) {
            throw new IllegalArgumentException("audio bit rate must be " + AudioCodec.MIN_KBPS + "-" + AudioCodec.MAX_KBPS
                    + " kbit/s, not " + audioKbps);
        }
        String why = incompatible(container, video.codec(), audio);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    /** Null when {@code container} can hold both codecs, else why not. */
    public static String incompatible(String container, VideoCodec v, AudioCodec a) {
        boolean videoOk = switch (container) {
            case "mp4" -> v == VideoCodec.H264 || v == VideoCodec.H265 || v == VideoCodec.VP9;
            case "mov" -> v == VideoCodec.H264 || v == VideoCodec.H265 || v == VideoCodec.PRORES;
            case "webm" -> v == VideoCodec.VP9;
            default -> true;
        };
        if (!videoOk) {
            return "a ." + container + " file cannot hold " + v + " video (" + suggestion(v) + ")";
        }
        boolean audioOk = switch (container) {
            case "mp4" -> a == AudioCodec.AAC;
            case "mov" -> a == AudioCodec.AAC || a == AudioCodec.PCM_S16 || a == AudioCodec.PCM_S24;
            case "webm" -> false;
            default -> true;
        };
        if (!audioOk) {
            return "a ." + container + " file cannot hold " + a.label() + " sound (use .mkv"
                    + (a == AudioCodec.FLAC ? "" : " or .mov") + ")";
        }
        return null;
    }

    private static String suggestion(VideoCodec v) {
        return switch (v) {
            case PRORES -> "use .mov or .mkv";
            case FFV1 -> "use .mkv";
            case VP9 -> "use .webm, .mp4 or .mkv";
            default -> "use .mp4, .mov or .mkv";
        };
    }

    /** The project as it will be rendered: at the export's size and frame rate (cuts kept at their times). */
    public Project apply(Project p) {
        ProjectSettings s = p.settings();
        int h = height == 0 ? s.height() : height;
        int w = height == 0 ? s.width() : Math.max(2, (int) Math.round((double) height * s.width() / s.height() / 2) * 2);
        FrameRate r = rate == null ? s.rate() : rate;
        ProjectSettings target = new ProjectSettings(w, h, r, s.sampleRate());
        return target.equals(s) ? p : new SetProjectSettings(target).apply(p);
    }

    /** {@code file} with this container's extension. */
    public Path withExtension(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.[A-Za-z0-9]{2,4}$", "");
        return file.resolveSibling(name + "." + container);
    }

    public String toText() {
        EncoderSettings v = video;
        return String.format(Locale.ROOT, "container=%s;codec=%s;crf=%d;kbps=%d;preset=%s;depth=%d;height=%d;rate=%s;audio=%s;audioKbps=%d",
                container, v.codec().name(), v.crf(), v.bitRateKbps(), v.preset(), v.bitDepth(), height,
                rate == null ? "project" : rate.toString(), audio.name(), audioKbps);
    }

    /** Reads {@link #toText()}; a damaged preset throws IllegalArgumentException naming the bad field. */
    public static ExportSettings parse(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        try {
            VideoCodec codec = VideoCodec.valueOf(need(f, "codec"));
            EncoderSettings v = new EncoderSettings(codec, Integer.parseInt(need(f, "crf")), need(f, "preset"),
                    Integer.parseInt(need(f, "depth")), Integer.parseInt(f.getOrDefault("kbps", "0")));
            String r = need(f, "rate");
            FrameRate rate = null;
            if (!"project".equals(r)) {
                String[] nd = r.split("/");
                rate = new FrameRate(Integer.parseInt(nd[0]), Integer.parseInt(nd[1]));
            }
            return new ExportSettings(need(f, "container"), v, Integer.parseInt(need(f, "height")), rate,
                    AudioCodec.valueOf(need(f, "audio")), Integer.parseInt(need(f, "audioKbps")));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a number in the preset is not readable (" + e.getMessage() + ")");
        }
    }

    private static String need(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("the preset has no " + key);
        }
        return v;
    }
}
