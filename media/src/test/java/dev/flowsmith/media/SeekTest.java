package dev.flowsmith.media;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeking to a frame index gives exactly the frame a sequential decode gives at that index. */
class SeekTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "videos/mdn/live-examples/media/cc0-videos/flower.mp4",
            "videos/androidx/mp4/bbb_800x640_768kbps_30fps_avc_pyramid_3b.mp4",
            "videos/mdn/live-examples/media/examples/stream-of-water.webm"})
    void twentyRandomSeeksAreExact(String file) {
        var path = SharedData.file(file);
        List<Integer> hashes = new ArrayList<>();
        try (VideoReader r = VideoReader.open(path)) {
            VideoFrame f;
            while ((f = r.read()) != null) {
                hashes.add(Arrays.hashCode(f.data()));
            }
        }
        Random rnd = new Random(42);
        try (VideoReader r = VideoReader.open(path)) {
            for (int k = 0; k < 20; k++) {
                int i = rnd.nextInt(hashes.size());
                r.seek(i);
                VideoFrame f = r.read();
                assertThat(f).isNotNull();
                assertThat(f.index()).isEqualTo(i);
                assertThat(Arrays.hashCode(f.data())).as("frame %d after seek", i).isEqualTo(hashes.get(i));
                if (i + 1 < hashes.size()) {
                    assertThat(Arrays.hashCode(r.read().data())).as("frame after %d", i).isEqualTo(hashes.get(i + 1));
                }
            }
        }
    }
}
