package dev.flowsmith.editing.keyframes;

import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keyframe selection on real clips, the feature cache, and checking an edited keyframe folder. */
class KeyframeSelectionTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void privateCache() {
        System.setProperty("flowsmith.cache", dir.resolve("cache").toString());
    }

    private static List<KeyframeSelector.Segment> select(Path video) {
        return KeyframeSelector.select(video, KeyframeSelector.Params.DEFAULTS, ProgressListener.NONE, new CancellationToken());
    }

    @Test
    void aHardCutAlwaysStartsANewSegment() throws Exception {
        Path cut = TestClips.hardCut(dir, 30);
        List<KeyframeSelector.Segment> segs = select(cut);
        assertThat(segs).extracting(KeyframeSelector.Segment::start).contains(30);
        assertThat(segs).allSatisfy(s -> assertThat(s.keyframe()).isBetween(s.start(), s.end() - 1));
        assertThat(segs.get(segs.size() - 1).end()).isEqualTo(60);
        // the second run reads the features from the cache and chooses the same
        try (var s = Files.list(dir.resolve("cache/features"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".u8")).count()).isEqualTo(1);
        }
        assertThat(select(cut)).isEqualTo(segs);
        // a lower sensitivity never cuts more
        assertThat(KeyframeSelector.select(cut, KeyframeSelector.Params.ofSensitivity(0.2, 12), ProgressListener.NONE,
                new CancellationToken())).hasSizeLessThanOrEqualTo(segs.size());
    }

    /**
     * Fast motion (DAVIS bmx-trees: a rider, trees sweeping past) is not new content: with the dense candidate patches
     * at most 30 % of its frames become keyframes (16 of 80; the grid alone made 78). A hard cut still cuts (above).
     */
    @Test
    void fastMotionDoesNotTurnEveryFrameIntoAKeyframe() throws Exception {
        List<KeyframeSelector.Segment> segs = select(TestClips.bmx(dir));
        int frames = segs.get(segs.size() - 1).end();
        assertThat(frames).isEqualTo(80);
        assertThat(segs.size()).as("keyframes on bmx-trees").isLessThanOrEqualTo(frames * 30 / 100);
    }

    @Test
    void aStillShotHasOneKeyframe() {
        assertThat(select(TestClips.still(dir, 60))).singleElement()
                .isEqualTo(new KeyframeSelector.Segment(0, 60, 0));
    }

    @Test
    void keyframeFoldersAreCheckedBeforeUse() throws Exception {
        Path video = SharedData.file(TestClips.WOLF);
        List<KeyframeSelector.Segment> segs = select(video);
        Path kf = dir.resolve("wolf-keyframes");
        KeyframeSet.export(video, segs, kf, BuiltInEdit.GRADE);
        KeyframeSet loaded = KeyframeSet.load(kf);
        assertThat(loaded.keyframes()).containsExactly(segs.stream().mapToInt(KeyframeSelector.Segment::keyframe).toArray());

        int first = segs.get(0).keyframe(), second = segs.get(1).keyframe();
        Path wrong = kf.resolve(KeyframeSet.fileName(second));
        ImageIO.write(new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB), "png", wrong.toFile());
        Files.delete(kf.resolve(KeyframeSet.fileName(first)));
        assertThatThrownBy(() -> KeyframeSet.load(kf)).isInstanceOf(ProjectException.class)
                .hasMessageContaining("keyframe " + first + " is missing")
                .hasMessageContaining("is 320x200 but the video is 512x512");
        assertThatThrownBy(() -> KeyframeSet.load(dir.resolve("nowhere"))).hasMessageContaining("not a keyframe folder");
    }
}
