package dev.flowsmith.ui.export;

import dev.flowsmith.editing.render.ExportSettings;
import dev.flowsmith.media.AudioCodec;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.ui.common.StudioSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Export presets: a few built in (web, master, lossless) and the user's own, kept in the studio
 * settings as their {@link ExportSettings#toText()} lines. A damaged saved preset is left out, never
 * half read.
 */
public final class ExportPresets {
    private static final String KEY = "export.presets";
    private final StudioSettings settings;

    public static final Map<String, ExportSettings> BUILT_IN = builtIn();

    private static Map<String, ExportSettings> builtIn() {
        Map<String, ExportSettings> m = new LinkedHashMap<>();
        m.put("H.264 (project size)", ExportSettings.DEFAULT);
        m.put("Web 1080p (H.264, 12 Mbit/s)", new ExportSettings("mp4", EncoderSettings.defaults(VideoCodec.H264).withBitRate(12_000),
                1080, null, AudioCodec.AAC, 192));
        m.put("Web 720p (H.264, 6 Mbit/s)", new ExportSettings("mp4", EncoderSettings.defaults(VideoCodec.H264).withBitRate(6_000),
                720, null, AudioCodec.AAC, 160));
        m.put("HEVC 2160p 10-bit", new ExportSettings("mp4", EncoderSettings.defaults(VideoCodec.H265).withBitDepth(10), 2160, null,
                AudioCodec.AAC, 256));
        m.put("Master (ProRes 422 HQ, PCM 24-bit)", new ExportSettings("mov", EncoderSettings.defaults(VideoCodec.PRORES), 0, null,
                AudioCodec.PCM_S24, 0));
        m.put("Lossless (FFV1, FLAC)", new ExportSettings("mkv", EncoderSettings.defaults(VideoCodec.FFV1), 0, null, AudioCodec.FLAC, 0));
        return java.util.Collections.unmodifiableMap(m);
    }

    public ExportPresets(StudioSettings settings) {
        this.settings = settings;
    }

    /** Built-in presets, then the user's, by name. */
    public Map<String, ExportSettings> all() {
        Map<String, ExportSettings> m = new LinkedHashMap<>(BUILT_IN);
        m.putAll(saved());
        return m;
    }

    public Map<String, ExportSettings> saved() {
        Map<String, ExportSettings> m = new LinkedHashMap<>();
        for (String line : settings.get(KEY, "").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            try {
                m.put(line.substring(0, tab), ExportSettings.parse(line.substring(tab + 1)));
            } catch (IllegalArgumentException e) {
                // a preset from a damaged or newer settings file: not offered
            }
        }
        return m;
    }

    /** Saves (or replaces) a preset of the user's; built-in names are kept for the built-in ones. */
    public void save(String name, ExportSettings s) {
        String n = name == null ? "" : name.strip().replace('\t', ' ').replace('\n', ' ');
        if (n.isEmpty() || BUILT_IN.containsKey(n)) {
            throw new IllegalArgumentException(n.isEmpty() ? "a preset needs a name" : "'" + n + "' is a built-in preset: choose another name");
        }
        Map<String, ExportSettings> m = saved();
        m.put(n, s);
        write(m);
    }

    public void delete(String name) {
        Map<String, ExportSettings> m = saved();
        if (m.remove(name) != null) {
            write(m);
        }
    }

    private void write(Map<String, ExportSettings> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('\t').append(v.toText()).append('\n'));
        settings.put(KEY, sb.toString());
        settings.save();
    }
}
