package dev.flowsmith.editing.project;

import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.UnsupportedMediaException;
import dev.flowsmith.media.VideoStreamInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/** Turns a probed file into the {@link MediaRef} a project keeps, and picks project settings from a first clip. */
public final class MediaImport {
    private MediaImport() {
    }

    /** Probes {@code file} (throws the probe's {@code MediaException} for bad files). */
    public static MediaRef ref(Path file) {
        return ref(MediaProbe.probe(file));
    }

    /** From a probe already made (the studio's media bin has one). */
    public static MediaRef ref(MediaInfo info) {
        Path file = info.path();
        VideoStreamInfo v = info.video().orElse(null);
        boolean audio = !info.audioStreams().isEmpty();
        if (v == null && !audio) {
            throw new UnsupportedMediaException("'" + file.getFileName() + "' has neither video nor audio.", "no streams");
        }
        double seconds = v != null && v.durationSeconds() > 0 ? v.durationSeconds() : info.durationSeconds();
        FrameRate rate = v != null ? rateOf(v) : FrameRate.FPS_30;
        Path abs = file.toAbsolutePath().normalize();
        String id = "m" + UUID.nameUUIDFromBytes(abs.toString().getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return new MediaRef(id, abs, Math.round(seconds * 1e6), v == null ? 0 : v.displayWidth(),
                v == null ? 0 : v.displayHeight(), rate, v != null, audio);
    }

    static FrameRate rateOf(VideoStreamInfo v) {
        var r = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        if (!r.isKnown() || r.num() <= 0 || r.den() <= 0) {
            return FrameRate.FPS_30;
        }
        // keep 30000/1001 as it is; reduce noisy averages (e.g. 2997/100) to the nearest common rate
        double fps = r.toDouble();
        for (FrameRate common : new FrameRate[]{new FrameRate(24000, 1001), new FrameRate(24, 1), new FrameRate(25, 1),
                new FrameRate(30000, 1001), new FrameRate(30, 1), new FrameRate(50, 1), new FrameRate(60000, 1001),
                new FrameRate(60, 1), new FrameRate(20, 1), new FrameRate(15, 1)}) {
            if (Math.abs(common.fps() - fps) < 0.01) {
                return common;
            }
        }
        return new FrameRate(r.num(), r.den());
    }

    /** Settings that match a first clip: its size (made even) and rate. */
    public static ProjectSettings settingsLike(MediaRef m) {
        if (!m.hasVideo()) {
            return ProjectSettings.DEFAULT;
        }
        return new ProjectSettings(m.width() & ~1, m.height() & ~1, m.rate(), 48_000);
    }
}
