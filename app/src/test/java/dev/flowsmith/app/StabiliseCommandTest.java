package dev.flowsmith.app;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.SyntheticShake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsmith restore --task stabilise} on Vid4 city shaken by FFmpeg (a window that jumps about the frame, as a
 * handheld camera's picture does): the output keeps the frame count and size, and consecutive frames agree far better
 * than the shaken ones did (inter-frame transformation fidelity).
 */
@Timeout(180)
class StabiliseCommandTest extends ConsoleCapture {
    @TempDir
    Path dir;

    @Test
    void aShakenClipComesBackSteady() {
        Path shaken = dir.resolve("shaken.mkv"), out = dir.resolve("steady.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-framerate", "25", "-i",
                SharedData.file("vid4/city/Frame 001.png").getParent().resolve("Frame %03d.png").toString(), "-frames:v", "30", "-vf",
                "crop=w=640:h=512:x=32+14*sin(n*2.1)+9*sin(n*5.3):y=32+12*sin(n*1.7+1)+8*sin(n*4.1)", "-c:v", "ffv1", "-pix_fmt", "yuv444p",
                shaken.toString()));
        assertThat(Flowsmith.run("restore", shaken.toString(), out.toString(), "--task", "stabilise", "--codec", "ffv1",
                "--segment-seconds", "0.4")).as(stderr()).isZero();
        assertThat(stdout()).contains("Camera path of shaken.mkv: 30 frames", "zoomed to fill", "30 frames restored");
        List<VideoFrame> in = DeinterlaceCommandTest.decode(shaken), steady = DeinterlaceCommandTest.decode(out);
        assertThat(steady).hasSize(30);
        assertThat(steady.get(0).width()).isEqualTo(640);
        assertThat(steady.get(0).height()).isEqualTo(512);
        double before = SyntheticShake.interframeFidelity(in, 8), after = SyntheticShake.interframeFidelity(steady, 8);
        System.out.printf("stabilise CLI: ITF %.2f dB shaken, %.2f dB stabilised%n", before, after);
        assertThat(after - before).as("ITF gain, dB").isGreaterThan(3);
    }

    @Test
    void itsOptionsAreCheckedBeforeAnyWork() {
        Path in = SharedData.file("videos/tokenflow/data/wolf.mp4"), x = dir.resolve("x.mkv");
        assertThat(Flowsmith.run("restore", in.toString(), x.toString(), "--task", "stabilise", "--margin", "0.6")).isEqualTo(2);
        assertThat(stderr()).contains("--margin");
        assertThat(Flowsmith.run("restore", in.toString(), x.toString(), "--task", "stabilise", "--edges", "mirror")).isEqualTo(2);
        assertThat(stderr()).contains("--edges 'mirror' is not known");
        assertThat(stdout()).doesNotContain("Analysing");
        assertThat(x).doesNotExist();
    }
}
