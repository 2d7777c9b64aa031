package dev.flowsmith.restoration.flow;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A thread's estimator gives the same flow for a pair whatever it computed before (a resumed or farmed job repeats). */
class FlowEstimatorTest {
    static VideoFrame[] pair(String file) {
        try (VideoReader r = VideoReader.open(SharedData.file(file))) {
            return new VideoFrame[]{r.read().copy(), r.read().copy()};
        }
    }

    static float[] flow(FlowEstimator e, VideoFrame[] p) {
        float[] f = new float[2 * p[0].width() * p[0].height()];
        e.flow(p[0], p[1], f);
        return f;
    }

    @Test
    void aSmallFrameDoesNotChangeTheFlowsOfLargerOnesLater() throws Exception {
        VideoFrame[] wolf = pair("videos/tokenflow/data/wolf.mp4");
        float[][] fresh = new float[1][];
        Thread t = new Thread(() -> fresh[0] = flow(FlowEstimator.forThisThread(FlowEstimator.Preset.FAST), wolf));
        t.start();
        t.join();

        FlowEstimator used = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
        VideoFrame small = new VideoFrame(40, 24), small2 = new VideoFrame(40, 24);
        for (int i = 0; i < small.data().length; i++) {
            small.data()[i] = (i * 7 % 23) / 23f;
            small2.data()[i] = (i * 5 % 19) / 19f;
        }
        flow(used, new VideoFrame[]{small, small2});
        assertThat(flow(used, wolf)).as("wolf's flow after a 40x24 pair").isEqualTo(fresh[0]);
        assertThat(fresh[0]).as("a real flow").isNotEqualTo(new float[fresh[0].length]);
    }
}
