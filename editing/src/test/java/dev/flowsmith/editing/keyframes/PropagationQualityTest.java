package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8's quality bar, with the reference made by applying the edit to every frame: (a) a colour
 * grade, every frame >= 40 dB; (b) OpenCV stylisation, mean >= 28 dB and >= 2 dB above the global
 * colour-transfer baseline.
 */
class PropagationQualityTest {
    @TempDir
    static Path dir;

    @Test
    void colourGradeReachesFortyDecibelsOnEveryFrame() throws Exception {
        for (Path video : new Path[]{SharedData.file(TestClips.WOMAN), TestClips.bmx(dir)}) {
            var r = PropagationEval.run(video, BuiltInEdit.GRADE, KeyframeSelector.Params.DEFAULTS, Integer.MAX_VALUE);
            System.out.println(video.getFileName() + " grade: " + r);
            assertThat(r.minPsnr()).as("%s worst frame", video.getFileName()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void stylisationFollowsLocalTextureBetterThanAGlobalTransfer() {
        Path video = SharedData.file(TestClips.WOMAN);
        var r = PropagationEval.run(video, BuiltInEdit.STYLIZE, KeyframeSelector.Params.DEFAULTS, Integer.MAX_VALUE);
        System.out.println("woman-running stylize: " + r);
        assertThat(r.meanPsnr()).isGreaterThanOrEqualTo(28);
        assertThat(r.meanPsnr()).isGreaterThanOrEqualTo(r.baselineMeanPsnr() + 2);
    }
}
