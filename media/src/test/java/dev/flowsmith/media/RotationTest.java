package dev.flowsmith.media;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotated (and mirrored) phone videos come out the way FFmpeg's command line shows them. */
class RotationTest {
    @ParameterizedTest
    @CsvSource({
            "videos/androidx/mp4/portrait_4k60.mp4, CLOCKWISE",
            "videos/androidx/mp4/internal_emulator_transformer_output_270_rotated.mp4, COUNTER_CLOCKWISE",
            "videos/androidx/mp4/sample_rotate_and_reflect.mp4, TRANSPOSE"})
    void firstFrameMatchesAutorotatedFfmpeg(String file, Orientation expected) {
        var path = SharedData.file(file);
        float[] ref = ReferenceTools.ffmpegFrame(path, 0);
        try (VideoReader r = VideoReader.open(path)) {
            assertThat(r.info().rotation()).isEqualTo(expected);
            VideoFrame f = r.read();
            assertThat(f.data().length).isEqualTo(ref.length);
            double mad = 0;
            for (int i = 0; i < ref.length; i++) {
                mad += Math.abs(ref[i] - f.data()[i]);
            }
            mad /= ref.length;
            assertThat(mad).as("mean absolute difference to ffmpeg's autorotated frame").isLessThan(0.01);
        }
    }

    @org.junit.jupiter.api.Test
    void orientationsMoveTheCornerPixelWhereFfmpegsTransposeDoes() {
        // 3x2 image with values 0..5, one plane
        float[] src = {0, 1, 2, 3, 4, 5};
        float[] dst = new float[6];
        Orientation.CLOCKWISE.apply(src, 3, 2, 1, dst);
        assertThat(dst).containsExactly(3, 0, 4, 1, 5, 2);
        Orientation.COUNTER_CLOCKWISE.apply(src, 3, 2, 1, dst);
        assertThat(dst).containsExactly(2, 5, 1, 4, 0, 3);
        Orientation.TRANSPOSE.apply(src, 3, 2, 1, dst);
        assertThat(dst).containsExactly(0, 3, 1, 4, 2, 5);
        Orientation.ROTATE_180.apply(src, 3, 2, 1, dst);
        assertThat(dst).containsExactly(5, 4, 3, 2, 1, 0);
    }
}
