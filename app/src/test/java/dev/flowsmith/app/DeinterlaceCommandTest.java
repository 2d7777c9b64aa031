package dev.flowsmith.app;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.quality.QualityMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsmith restore --task deinterlace} on DAVIS bmx-trees' fast motion made interlaced by FFmpeg's tinterlace
 * (top field first, as DV and broadcast tape are): the field order is detected, every field becomes a frame at twice
 * the rate, and the frames come much closer to the progressive original than the woven frames were.
 */
@Timeout(120)
class DeinterlaceCommandTest extends ConsoleCapture {
    @TempDir
    Path dir;

    static List<VideoFrame> decode(Path file) {
        return dev.flowsmith.restoration.quality.Frames.decode(file);
    }

    @Test
    void anInterlacedClipBecomesProgressiveAtFieldRate() {
        Path progressive = dir.resolve("progressive.mkv"), interlaced = dir.resolve("interlaced.mkv"), out = dir.resolve("out.mkv");
        String ffmpeg = FFmpegLibrary.ffmpegExecutable().toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-framerate", "50", "-i",
                SharedData.file("davis/bmx-trees/00000.jpg").getParent().resolve("%05d.jpg").toString(), "-frames:v", "20",
                "-c:v", "ffv1", "-pix_fmt", "yuv420p", progressive.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-i", progressive.toString(), "-vf",
                "tinterlace=mode=interleave_top,setfield=tff", "-c:v", "ffv1", "-pix_fmt", "yuv420p", interlaced.toString()));

        assertThat(Flowsmith.run("restore", interlaced.toString(), out.toString(), "--task", "deinterlace", "--codec", "ffv1",
                "--segment-seconds", "0.1")).as(stderr()).isZero();
        assertThat(stdout()).contains("Field order of interlaced.mkv: tff", "10 frames restored", "20 progressive frames at field rate");
        assertThat(ReferenceTools.run(List.of(FFmpegLibrary.ffprobeExecutable().toString(), "-v", "error", "-show_entries",
                "stream=field_order", "-of", "csv=p=0", out.toString())).trim()).as("the output's field-order tag").isEqualTo("progressive");
        assertThat(MediaProbe.probe(out).requireVideo().avgFrameRate().toDouble()).isEqualTo(50.0);

        List<VideoFrame> clean = decode(progressive), woven = decode(interlaced), fields = decode(out);
        assertThat(woven).hasSize(10);
        assertThat(fields).hasSize(20);
        double wovenPsnr = 0, outPsnr = 0;
        for (int i = 0; i < clean.size(); i++) {
            wovenPsnr += QualityMetrics.psnrY(woven.get(i / 2), clean.get(i), 0) / clean.size();
            outPsnr += QualityMetrics.psnrY(fields.get(i), clean.get(i), 0) / clean.size();
        }
        System.out.printf("deinterlace CLI: woven %.2f dB, deinterlaced %.2f dB%n", wovenPsnr, outPsnr);
        assertThat(outPsnr - wovenPsnr).as("gain over the woven frames, dB").isGreaterThan(5);
    }

    @Test
    void itsOptionsAreCheckedBeforeAnyWork() {
        Path in = SharedData.file("videos/tokenflow/data/wolf.mp4"), x = dir.resolve("x.mkv");
        assertThat(Flowsmith.run("restore", in.toString(), x.toString(), "--task", "deinterlace", "--field-order", "up")).isEqualTo(2);
        assertThat(stderr()).contains("--field-order 'up' is not known: use auto, tff, bff, telecine, progressive.");
        assertThat(Flowsmith.run("restore", in.toString(), x.toString(), "--task", "deinterlace", "--rate", "double")).isEqualTo(2);
        assertThat(stderr()).contains("--rate 'double' is not known");
        assertThat(x).doesNotExist();
    }
}
