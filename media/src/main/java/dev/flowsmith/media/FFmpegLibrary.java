package dev.flowsmith.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;

import java.nio.file.Path;

/**
 * Loads the bundled FFmpeg (the bytedeco "-gpl" build: libx264/libx265 included) once and keeps
 * its log quiet: FFmpeg's warnings about damaged input are turned into our exceptions instead.
 */
public final class FFmpegLibrary {
    private static volatile boolean loaded;

    private FFmpegLibrary() {
    }

    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (FFmpegLibrary.class) {
            if (!loaded) {
                Loader.load(avutil.class);
                avutil.av_log_set_level(Integer.getInteger("flowsmith.ffmpeg.loglevel", avutil.AV_LOG_QUIET));
                loaded = true;
            }
        }
    }

    /** The {@code ffmpeg} executable of the same build as the libraries (used for benchmarks and tests). */
    public static Path ffmpegExecutable() {
        return Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    }

    /** The {@code ffprobe} executable of the same build. */
    public static Path ffprobeExecutable() {
        return Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
    }

    /**
     * A process running one of the bundled executables ({@link #ffmpegExecutable()}, {@link #ffprobeExecutable()}):
     * they are linked against the bundled libraries beside them but carry no run path, so the folder goes on
     * {@code LD_LIBRARY_PATH}. They also link libavdevice, which needs libxcb, ALSA and PulseAudio client libraries
     * (Debian: libxcb1 libxcb-shm0 libasound2 libpulse0): only tests and benchmarks run them, the product never does.
     */
    public static ProcessBuilder toolProcess(java.util.List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Path dir = Path.of(command.get(0)).getParent();
        if (dir != null) {
            String old = pb.environment().get("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", dir + (old == null || old.isEmpty() ? "" : java.io.File.pathSeparator + old));
        }
        return pb;
    }

    /** FFmpeg's release string, e.g. "8.0.1". */
    public static String version() {
        ensureLoaded();
        return avutil.av_version_info().getString();
    }
}
