package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same frames written again in the same process give the same video with a bit-exact codec (FFV1): the float to
 * YUV conversion and the encoder's frame buffers (zeroed when allocated) carry nothing over from earlier work, which
 * segmented jobs rely on (a resumed or farm-made segment equals the uninterrupted run's). x264 is not repeatable in a
 * process that has recycled memory (its macroblock-tree reads memory it never wrote): docs/farm.md.
 */
class EncoderDeterminismTest {
    @TempDir
    Path dir;

    @Test
    void encodingTheSameFramesAgainGivesTheSameVideo() {
        Path in = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");
        VideoStreamInfo v = MediaProbe.probe(in).requireVideo();
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoReader r = VideoReader.open(in)) {
            for (int i = 0; i < 15; i++) {
                frames.add(r.read().copy());
            }
        }
        List<List<Integer>> runs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Path out = dir.resolve("run" + k + ".mkv");
            try (VideoWriter w = VideoWriter.open(out, VideoWriter.Config.like(v, EncoderSettings.defaults(VideoCodec.FFV1), true, in))) {
                for (VideoFrame f : frames) {
                    w.write(f);
                }
                w.finish();
            }
            List<Integer> hashes = FrameHashes.of(out);
            runs.add(hashes);
        }
        assertThat(runs.get(0)).hasSize(15);
        assertThat(runs).allSatisfy(h -> assertThat(h).isEqualTo(runs.get(0)));
    }
}
