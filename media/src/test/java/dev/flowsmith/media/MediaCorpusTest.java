package dev.flowsmith.media;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real file of the shared corpus either probes and decodes with the frame count and size that
 * FFmpeg's own ffprobe finds (after rotation), or fails with a {@link MediaException}; each within a
 * time limit.
 */
class MediaCorpusTest {
    static List<Path> corpus() {
        return SharedData.videos("androidx", "mdn", "tokenflow", "derived", "sam2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void probesAndDecodesLikeFfprobe(Path file) {
        String[] ref = ReferenceTools.ffprobeCount(file);
        long refFrames = Long.parseLong(ref[2].trim());
        int refW = Integer.parseInt(ref[0].trim()), refH = Integer.parseInt(ref[1].trim());

        MediaInfo info;
        try {
            info = MediaProbe.probe(file);
        } catch (MediaException e) {
            assertThat(refFrames).as("ffprobe decodes it, so we must too: " + e.getMessage()).isZero();
            return;
        }
        VideoStreamInfo v = info.requireVideo();
        assertThat(v.codedWidth()).isEqualTo(refW);
        assertThat(v.codedHeight()).isEqualTo(refH);
        assertThat(v.frameCountExact()).as("small files are counted, not estimated").isTrue();
        assertThat(v.frameCount()).as("probe frame count").isEqualTo(refFrames);
        int dispW = v.rotation().swapsSize() ? refH : refW, dispH = v.rotation().swapsSize() ? refW : refH;
        assertThat(v.displayWidth()).isEqualTo(dispW);
        assertThat(v.displayHeight()).isEqualTo(dispH);

        long n = 0;
        long lastPts = Long.MIN_VALUE;
        try (VideoReader r = VideoReader.open(file)) {
            VideoFrame f;
            while ((f = r.read()) != null) {
                assertThat(f.width()).isEqualTo(dispW);
                assertThat(f.height()).isEqualTo(dispH);
                assertThat(f.index()).isEqualTo(n);
                assertThat(f.pts()).as("presentation order").isGreaterThan(lastPts);
                lastPts = f.pts();
                n++;
            }
            r.verifyComplete(); // no healthy file may look truncated
        }
        assertThat(n).as("decoded frames").isEqualTo(refFrames);
    }
}
