package dev.flowsmith.restoration.stabilise;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.SyntheticShake;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Vid4 city frames under a known random shake, stabilised in memory. */
class StabiliserTest {
    private static List<VideoFrame> city(int n) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(CameraMotionTest.data("vid4/city"))) {
            files = s.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).toList();
        }
        List<VideoFrame> l = new ArrayList<>();
        for (Path f : files) {
            l.add(Frames.load(f, l.size()));
        }
        return l;
    }

    @Test
    void aShakenClipBecomesSteadyWithinItsMargin() throws Exception {
        List<VideoFrame> shaky = SyntheticShake.shake(city(20), 4, 0.5, 0.9, 42);
        StabilisationPlan.Params params = StabilisationPlan.Params.defaults();
        StabilisationAnalysis.Motions motions = StabilisationAnalysis.analyse(shaky);
        StabilisationPlan plan = motions.plan(params);
        List<VideoFrame> out;
        try (Stabiliser s = new Stabiliser(plan, params)) {
            out = FrameProcessor.processAll(s, shaky);
        }
        double before = SyntheticShake.interframeFidelity(shaky, 8), after = SyntheticShake.interframeFidelity(out, 8);
        System.out.printf("stabilise: ITF %.2f -> %.2f dB, retained %.3f%n", before, after, plan.retainedArea());
        assertTrue(after > before + 5, "ITF " + before + " -> " + after);
        double least = (1 - 2 * params.margin()) * (1 - 2 * params.margin());
        assertTrue(plan.retainedArea() >= least - 1e-9 && plan.retainedArea() < 1, "retained area " + plan.retainedArea());
        int w = plan.width(), h = plan.height();
        for (int t = 0; t < plan.frames(); t++) { // every output pixel comes from inside its input frame: no edge is ever invented
            Similarity m = plan.outputToInput(t);
            for (double[] c : new double[][]{{-0.5, -0.5}, {w - 0.5, -0.5}, {-0.5, h - 0.5}, {w - 0.5, h - 0.5}}) {
                double x = m.x(c[0], c[1]), y = m.y(c[0], c[1]);
                assertTrue(x >= -0.5 - 1e-6 && x <= w - 0.5 + 1e-6 && y >= -0.5 - 1e-6 && y <= h - 0.5 + 1e-6,
                        "frame " + t + " corner " + c[0] + "," + c[1] + " lands outside at " + x + "," + y);
            }
        }
        // a resumed job analyses again and must render the same path
        assertEquals(plan.fingerprint(), StabilisationAnalysis.analyse(shaky).plan(params).fingerprint());
    }

    @Test
    void blackEdgesKeepTheWholeFrameAndAStillCameraIsLeftAlone() throws Exception {
        List<VideoFrame> still = new ArrayList<>();
        VideoFrame f = city(1).get(0);
        for (int i = 0; i < 8; i++) {
            VideoFrame c = f.copy();
            c.setPosition(i, i, f.timeBase());
            still.add(c);
        }
        StabilisationPlan.Params params = new StabilisationPlan.Params(0.1, L1CameraPath.Weights.SMOOTH, false);
        StabilisationPlan plan = StabilisationAnalysis.analyse(still).plan(params);
        assertEquals(1.0, plan.retainedArea(), 1e-9);
        List<VideoFrame> out;
        try (Stabiliser s = new Stabiliser(plan, params)) {
            out = FrameProcessor.processAll(s, still);
        }
        for (VideoFrame o : out) {
            assertTrue(dev.flowsmith.restoration.quality.QualityMetrics.psnrY(o, f, 0) > 60, "a still camera is not moved");
        }
    }
}
