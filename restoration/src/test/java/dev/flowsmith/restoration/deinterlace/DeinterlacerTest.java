package dev.flowsmith.restoration.deinterlace;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;
import dev.flowsmith.restoration.quality.SyntheticInterlace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deinterlacing real frames (Vid4 city's slow pan over fine detail, DAVIS bmx-trees' fast motion) woven into interlaced frames the
 * way a camera takes them: interlaced frame k holds the earlier field's rows of progressive frame 2k and the later
 * field's rows of frame 2k+1. At field rate, output 2k+s is scored against progressive frame 2k+s: motion-compensated
 * field interpolation beats the edge-directed spatial fill alone by a margin, in either field order; the field order is
 * detected from the pictures.
 */
class DeinterlacerTest {
    static List<VideoFrame> frames(String folder, String pattern, int first, int n) {
        List<VideoFrame> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Frames.load(SharedData.root().resolve(folder).resolve(String.format(pattern, first + i)), i));
        }
        return l;
    }

    static double meanPsnr(List<VideoFrame> out, List<VideoFrame> progressive) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) {
            s += QualityMetrics.psnrY(out.get(i), progressive.get(i), 0);
        }
        return s / out.size();
    }

    /** The spatial fill alone, field by field: the fallback the motion-compensated estimate must beat. */
    static List<VideoFrame> spatialOnly(List<VideoFrame> interlaced, FieldOrder order) {
        SpatialFieldInterpolator s = new SpatialFieldInterpolator();
        List<VideoFrame> out = new ArrayList<>();
        for (VideoFrame f : interlaced) {
            for (int sub = 0; sub < 2; sub++) {
                VideoFrame o = new VideoFrame();
                s.fill(f, order.parity(sub), o);
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void motionCompensatedFieldsBeatTheSpatialFillOnRealFramesInEitherOrder() {
        for (List<VideoFrame> clean : List.of(frames("vid4/city", "Frame %03d.png", 1, 16),
                frames("davis/bmx-trees", "%05d.jpg", 0, 16))) {
            for (FieldOrder order : List.of(FieldOrder.TOP_FIRST, FieldOrder.BOTTOM_FIRST)) {
                List<VideoFrame> interlaced = SyntheticInterlace.weave(clean, order);
                FieldOrderDetector.Detection detected = FieldOrderDetector.detect(interlaced);
                assertThat(detected.order()).as(detected.summary()).isEqualTo(order);
                double spatial = meanPsnr(spatialOnly(interlaced, order), clean);
                try (Deinterlacer d = new Deinterlacer(Deinterlacer.Params.defaults(order))) {
                    List<VideoFrame> out = FrameProcessor.processAll(d, interlaced);
                    assertThat(out).hasSize(clean.size());
                    double mc = meanPsnr(out, clean);
                    System.out.printf("deinterlace %s %dx%d: spatial %.2f dB, motion-compensated %.2f dB%n", order.shortName(),
                            clean.get(0).width(), clean.get(0).height(), spatial, mc);
                    assertThat(mc - spatial).as("gain over the spatial fill, dB (%.2f vs %.2f)", mc, spatial).isGreaterThan(0.5);
                }
            }
        }
    }

    @Test
    void progressiveFramesAreDetectedAsSuch() {
        for (List<VideoFrame> clean : List.of(frames("vid4/city", "Frame %03d.png", 1, 8), frames("davis/bmx-trees", "%05d.jpg", 0, 8))) {
            FieldOrderDetector.Detection d = FieldOrderDetector.detect(clean);
            assertThat(d.order()).as(d.summary()).isEqualTo(FieldOrder.PROGRESSIVE);
        }
    }

    @Test
    void telecineIsDetectedAndItsFieldsMatchedBackIntoTheFilmFrames() {
        List<VideoFrame> film = frames("davis/bmx-trees", "%05d.jpg", 0, 24);
        List<VideoFrame> telecined = SyntheticInterlace.telecine(film); // 24 film frames -> 30 video frames
        assertThat(telecined).hasSize(30);
        FieldOrderDetector.Detection d = FieldOrderDetector.detect(telecined);
        assertThat(d.telecine()).as(d.summary()).isTrue();
        FieldOrderDetector.Detection woven = FieldOrderDetector.detect(SyntheticInterlace.weave(frames("davis/bmx-trees", "%05d.jpg", 0, 40),
                FieldOrder.TOP_FIRST));
        assertThat(woven.telecine()).as("interlaced video is not telecine: " + woven.summary()).isFalse();
        assertThat(FieldOrderDetector.detect(film).telecine()).isFalse();

        List<VideoFrame> matched;
        try (FieldMatcher m = new FieldMatcher()) {
            matched = FrameProcessor.processAll(m, telecined);
        }
        assertThat(matched).hasSize(30);
        double worstIn = 100, worstOut = 100;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < matched.size(); i++) {
            int best = -1;
            double bestPsnr = 0, inPsnr = 0;
            for (int k = 0; k < film.size(); k++) {
                double p = QualityMetrics.psnrY(matched.get(i), film.get(k), 0);
                if (p > bestPsnr) {
                    bestPsnr = p;
                    best = k;
                }
                inPsnr = Math.max(inPsnr, QualityMetrics.psnrY(telecined.get(i), film.get(k), 0));
            }
            seen.add(best);
            worstOut = Math.min(worstOut, bestPsnr);
            worstIn = Math.min(worstIn, inPsnr);
        }
        System.out.printf("telecine: worst frame vs its film frame %.1f dB before, %.1f dB after matching%n", worstIn, worstOut);
        assertThat(worstOut).as("every matched frame is a whole film frame").isGreaterThan(60);
        assertThat(worstIn).as("the combed frames were not").isLessThan(35);
        assertThat(seen).as("every film frame comes back").hasSize(film.size());
    }

    @Test
    void inverseTelecineGivesBackEveryFilmFrameOnceInOrder() {
        List<VideoFrame> film = frames("davis/bmx-trees", "%05d.jpg", 0, 24);
        List<VideoFrame> telecined = SyntheticInterlace.telecine(film);
        List<VideoFrame> out;
        try (InverseTelecine ivtc = new InverseTelecine()) {
            out = FrameProcessor.processAll(ivtc, telecined);
        }
        assertThat(out).as("4 of every 5 frames").hasSize(film.size());
        for (int i = 0; i < film.size(); i++) {
            assertThat(QualityMetrics.psnrY(out.get(i), film.get(i), 0)).as("frame %d is film frame %d", i, i).isGreaterThan(60);
        }
    }
}
