package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same frames encoded again in the same process give the same video, at a size that is a multiple of 16 (the
 * wolf, 512x512). Segmented jobs depend on it (a resumed or farm-made segment must equal the uninterrupted run's); the
 * encoder's frame buffers are zeroed when allocated so nothing an earlier encoder left in recycled memory reaches it.
 * At other heights (1080p, 960x540) x264's macroblock-tree itself reads memory it never wrote, so the inter frames of
 * a segment encoded again can differ by encoder noise (docs/farm.md); FFV1 and ProRes stay bit-exact.
 */
class EncoderDeterminismTest {
    @TempDir
    Path dir;

    @Test
    void encodingTheSameFramesAgainGivesTheSameVideo() {
        Path in = SharedData.file("videos/tokenflow/data/wolf.mp4");
        VideoStreamInfo v = MediaProbe.probe(in).requireVideo();
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoReader r = VideoReader.open(in)) {
            for (int i = 0; i < 15; i++) { // with lookahead, B-frames and macroblock-tree at the default preset
                frames.add(r.read().copy());
            }
        }
        List<List<Integer>> runs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Path out = dir.resolve("run" + k + ".mp4");
            try (VideoWriter w = VideoWriter.open(out, VideoWriter.Config.like(v, EncoderSettings.defaults(VideoCodec.H264), true, in))) {
                for (VideoFrame f : frames) {
                    w.write(f);
                }
                w.finish();
            }
            List<Integer> hashes = new ArrayList<>();
            try (VideoReader r = VideoReader.open(out)) {
                VideoFrame f;
                while ((f = r.read()) != null) {
                    hashes.add(Arrays.hashCode(f.data()));
                }
            }
            runs.add(hashes);
        }
        assertThat(runs.get(0)).hasSize(15);
        assertThat(runs).allSatisfy(h -> assertThat(h).isEqualTo(runs.get(0)));
    }
}
