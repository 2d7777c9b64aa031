package dev.flowsmith.restoration.stabilise;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.Frames;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CameraMotionTest {
    static Path data(String rel) {
        Path p = Path.of("..", "..", "shared", "data").resolve(rel);
        if (!Files.exists(p)) {
            p = Path.of("..", "shared", "data").resolve(rel);
        }
        assumeTrue(Files.exists(p), "shared test data missing: " + p);
        return p;
    }

    @Test
    void recoversAKnownSimilarityBetweenRealFrames() {
        VideoFrame city = Frames.load(data("vid4/city/Frame 010.png"), 0);
        int w = city.width(), h = city.height();
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        // frame b shows frame a moved by `truth`: b(truth(p)) = a(p), so b = a seen through truth^-1
        Similarity truth = Similarity.aboutCentre(cx, cy, 7.3, -4.1, Math.toRadians(1.2), Math.log(1.01));
        VideoFrame b = new VideoFrame();
        Stabiliser.warp(city, truth.inverse(), b, w, h, false);
        try (CameraMotion m = new CameraMotion()) {
            m.next(city);
            CameraMotion.Estimate e = m.next(b);
            assertTrue(e.reliable(), "enough tracks agree: " + e);
            // compare where the frame's corners and centre go
            for (double[] p : new double[][]{{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}, {cx, cy}}) {
                double ex = e.motion().x(p[0], p[1]) - truth.x(p[0], p[1]), ey = e.motion().y(p[0], p[1]) - truth.y(p[0], p[1]);
                assertTrue(Math.hypot(ex, ey) < 0.25, "point " + p[0] + "," + p[1] + " off by " + Math.hypot(ex, ey) + " px");
            }
        }
    }

    @Test
    void aCutIsAnUnknownMotionTakenAsStill() {
        VideoFrame city = Frames.load(data("vid4/city/Frame 010.png"), 0);
        VideoFrame flat = new VideoFrame(city.width(), city.height());
        java.util.Arrays.fill(flat.data(), 0.5f);
        try (CameraMotion m = new CameraMotion()) {
            m.next(city);
            CameraMotion.Estimate e = m.next(flat);
            assertFalse(e.reliable());
            assertEquals(Similarity.IDENTITY, e.motion());
        }
    }
}
