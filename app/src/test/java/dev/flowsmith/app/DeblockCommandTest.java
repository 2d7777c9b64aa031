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

/** {@code flowsmith restore --task deblock} on DAVIS bmx-trees re-encoded by FFmpeg as blocky MPEG-4 part 2. */
@Timeout(120)
class DeblockCommandTest extends ConsoleCapture {
    @TempDir
    Path dir;

    @Test
    void aBlockyClipComesCloserToItsOriginal() {
        Path clean = dir.resolve("clean.mkv"), low = dir.resolve("low.avi"), out = dir.resolve("out.mkv");
        String ffmpeg = FFmpegLibrary.ffmpegExecutable().toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-framerate", "25", "-i",
                SharedData.file("davis/bmx-trees/00000.jpg").getParent().resolve("%05d.jpg").toString(), "-frames:v", "8",
                "-c:v", "ffv1", clean.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-i", clean.toString(), "-c:v", "mpeg4", "-q:v", "24", "-g", "12",
                "-bf", "0", low.toString()));
        assertThat(Flowsmith.run("restore", low.toString(), out.toString(), "--task", "deblock", "--codec", "ffv1")).as(stderr()).isZero();
        assertThat(stdout()).contains("Blockiness of low.avi: quantiser about", "8 frames restored");
        List<VideoFrame> original = DeinterlaceCommandTest.decode(clean), coded = DeinterlaceCommandTest.decode(low),
                deblocked = DeinterlaceCommandTest.decode(out);
        double before = 0, after = 0;
        for (int i = 0; i < original.size(); i++) {
            before += QualityMetrics.psnrY(coded.get(i), original.get(i), 8) / original.size();
            after += QualityMetrics.psnrY(deblocked.get(i), original.get(i), 8) / original.size();
        }
        System.out.printf("deblock CLI: %.2f -> %.2f dB%n", before, after);
        assertThat(after - before).as("PSNR gain, dB").isGreaterThan(0.4);

        assertThat(Flowsmith.run("restore", low.toString(), dir.resolve("x.mkv").toString(), "--task", "deblock", "--qp", "40")).isEqualTo(2);
        assertThat(stderr()).contains("--qp");
        assertThat(dir.resolve("x.mkv")).doesNotExist();
    }
}
