package dev.flowsmith.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;

/**
 * Runs the {@code ffprobe} / {@code ffmpeg} executables bundled with the same FFmpeg build: an
 * independent code path (FFmpeg's own tools) to check our probe, decode and rotation against.
 */
public final class ReferenceTools {
    private ReferenceTools() {
    }

    public static String run(List<String> cmd) {
        try {
            Process p = FFmpegLibrary.toolProcess(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
            java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String errText = new String(err.join(), StandardCharsets.UTF_8);
            if (errText.contains("error while loading shared libraries")) {
                // the reference tool itself cannot start: a missing package, not a difference in behaviour
                throw new AssertionError("the bundled " + Path.of(cmd.get(0)).getFileName() + " cannot start (" + errText.trim()
                        + "): install libxcb1 libxcb-shm0 libasound2 libpulse0 (.ci/run does)");
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** ffprobe's decoded frame count and size of the first video stream: "frames,width,height". */
    static String[] ffprobeCount(java.nio.file.Path file) {
        String out = run(List.of(FFmpegLibrary.ffprobeExecutable().toString(), "-v", "error", "-count_frames",
                "-select_streams", "V:0", "-show_entries", "stream=nb_read_frames,width,height", "-of", "csv=p=0",
                file.toString()));
        return out.split("\\R")[0].split(",");
    }

    /** Presentation timestamps (seconds) of the first video stream's packets, sorted. */
    static List<Double> packetTimes(java.nio.file.Path file) {
        String out = run(List.of(FFmpegLibrary.ffprobeExecutable().toString(), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0", file.toString()));
        List<Double> t = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("N/A")) {
                t.add(Double.parseDouble(line.trim().replace(",", "")));
            }
        }
        t.sort(Double::compare);
        return t;
    }

    /** Frame {@code index} as ffmpeg's CLI shows it (autorotated), planar float RGB. */
    static float[] ffmpegFrame(java.nio.file.Path file, int index) {
        return ffmpegFrame(file, index, "");
    }

    /** Same, with extra filters run after the frame is selected (e.g. ",format=yuv420p"). */
    static float[] ffmpegFrame(java.nio.file.Path file, int index, String moreFilters) {
        List<String> cmd = List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-i", file.toString(),
                "-vf", "select=eq(n\\," + index + ")" + moreFilters, "-frames:v", "1", "-sws_flags", "bicubic+accurate_rnd+full_chroma_int",
                "-f", "rawvideo", "-pix_fmt", "gbrpf32le", "-");
        try {
            Process p = FFmpegLibrary.toolProcess(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(bytes);
            }
            p.waitFor(300, TimeUnit.SECONDS);
            ByteBuffer bb = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            float[] gbr = new float[bb.remaining() / 4];
            bb.asFloatBuffer().get(gbr);
            int plane = gbr.length / 3;
            float[] rgb = new float[gbr.length];
            System.arraycopy(gbr, 2 * plane, rgb, 0, plane);
            System.arraycopy(gbr, 0, rgb, plane, plane);
            System.arraycopy(gbr, plane, rgb, 2 * plane, plane);
            return rgb;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
