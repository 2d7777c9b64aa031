package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThumbnailAndRemuxTest {
    @TempDir
    Path dir;

    @Test
    void thumbnailsAreEvenlySpacedUprightAndDistinct() {
        Path file = SharedData.file("videos/androidx/mp4/internal_emulator_transformer_output_270_rotated.mp4");
        List<BufferedImage> thumbs = ThumbnailExtractor.extract(file, 5, 96);
        assertThat(thumbs).hasSize(5);
        for (BufferedImage t : thumbs) {
            assertThat(t.getHeight()).isEqualTo(96);
            assertThat(t.getWidth()).isEqualTo(54); // 720x1280 upright
        }
        assertThat(thumbs.get(0).getRGB(27, 48)).isNotEqualTo(0);
    }

    @Test
    void longFileThumbnailsAreCheap() {
        Path file = SharedData.file("videos/androidx/mp4/long_180p_av1.mp4"); // six minutes
        long t0 = System.nanoTime();
        List<BufferedImage> thumbs = ThumbnailExtractor.extract(file, 12, 64);
        assertThat(thumbs).hasSize(12);
        assertThat(thumbs.get(0).getWidth()).isEqualTo(114);
    }

    @Test
    void remuxPutsProcessedVideoWithTheSourcesAudioAndTags() {
        Path src = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        Path processed = dir.resolve("processed.mp4");
        try (VideoReader r = VideoReader.open(src);
             VideoWriter w = VideoWriter.open(processed, VideoWriter.Config.like(r.info(),
                     new EncoderSettings(VideoCodec.H264, 23, "ultrafast", 8), false, src))) {
            VideoFrame f;
            while ((f = r.read()) != null) {
                float[] d = f.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = 1 - d[i]; // a visible "processing": invert
                }
                w.write(f);
            }
            w.finish();
        }
        Path out = dir.resolve("final.mp4");
        Remuxer.Result r = Remuxer.remux(processed, src, out, false, false);
        assertThat(r.copiedStreams()).containsExactly("#1 audio aac");
        MediaInfo info = MediaProbe.probe(out);
        assertThat(info.audioStreams()).hasSize(1);
        assertThat(info.requireVideo().frameCount()).isEqualTo(150);
        assertThat(info.requireVideo().color().matrix()).isEqualTo("smpte170m");
        assertThat(TranscodeTest.audioPackets(out)).usingRecursiveComparison().isEqualTo(TranscodeTest.audioPackets(src));
        assertThat(Math.abs(info.durationSeconds() - MediaProbe.probe(src).durationSeconds())).isLessThan(0.1);
    }
}
