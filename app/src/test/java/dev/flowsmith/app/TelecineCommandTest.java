package dev.flowsmith.app;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.QualityMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 24 frames/s film put on 30 frames/s video by FFmpeg's {@code telecine} (3:2 pulldown): {@code restore --task
 * deinterlace} tells it from interlaced video and matches the fields back into whole film frames.
 */
@Timeout(120)
class TelecineCommandTest extends ConsoleCapture {
    @TempDir
    Path dir;

    @Test
    void aPulledDownClipIsDetectedAndItsFilmFramesComeBack() {
        Path film = dir.resolve("film.mkv"), video = dir.resolve("telecined.mkv"), out = dir.resolve("out.mkv");
        String ffmpeg = FFmpegLibrary.ffmpegExecutable().toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-framerate", "24", "-i",
                SharedData.file("davis/bmx-trees/00000.jpg").getParent().resolve("%05d.jpg").toString(), "-frames:v", "32",
                "-c:v", "ffv1", "-pix_fmt", "yuv444p", film.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-i", film.toString(), "-vf", "telecine=pattern=23",
                "-c:v", "ffv1", "-pix_fmt", "yuv444p", video.toString()));
        assertThat(Flowsmith.run("restore", video.toString(), out.toString(), "--task", "deinterlace", "--codec", "ffv1",
                "--segment-seconds", "0.5")).as(stderr()).isZero();
        assertThat(stdout()).contains("Field order of telecined.mkv: telecine (3:2 pulldown", "the repeated one in every five dropped",
                "40 frames restored", "32 film frames at 4/5 of the rate");
        assertThat(dev.flowsmith.media.MediaProbe.probe(out).requireVideo().avgFrameRate().toDouble()).isEqualTo(24.0);
        List<VideoFrame> source = DeinterlaceCommandTest.decode(film), in = DeinterlaceCommandTest.decode(video),
                matched = DeinterlaceCommandTest.decode(out);
        assertThat(in).hasSize(40);
        assertThat(matched).as("the film's frames, each once").hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(QualityMetrics.psnrY(matched.get(i), source.get(i), 0)).as("frame %d is film frame %d", i, i).isGreaterThan(45);
        }
        double worstIn = 100, worstOut = 100;
        for (int i = 0; i < in.size(); i++) {
            double bestIn = 0, bestOut = 0;
            for (VideoFrame f : source) {
                bestIn = Math.max(bestIn, QualityMetrics.psnrY(in.get(i), f, 0));
            }
            bestOut = i < matched.size() ? QualityMetrics.psnrY(matched.get(i), source.get(i), 0) : 100;
            worstIn = Math.min(worstIn, bestIn);
            worstOut = Math.min(worstOut, bestOut);
        }
        System.out.printf("telecine CLI: worst frame vs the film %.1f dB before, %.1f dB after%n", worstIn, worstOut);
        assertThat(worstOut).as("every output frame is a film frame").isGreaterThan(45);
        assertThat(worstIn).as("the pulled-down frames were combed").isLessThan(35);

        // --rate frame keeps the video's rate: every frame matched, the repeats kept
        Path same = dir.resolve("same-rate.mkv");
        assertThat(Flowsmith.run("restore", video.toString(), same.toString(), "--task", "deinterlace", "--rate", "frame", "--codec", "ffv1"))
                .as(stderr()).isZero();
        assertThat(DeinterlaceCommandTest.decode(same)).hasSize(40);
    }
}
