package dev.flowsmith.restoration.stabilise;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The first of stabilisation's two passes: every frame's motion from the one before (streamed, one frame held, so a
 * long film costs no more memory than a short clip), then the smooth path through them. The second pass is the restore
 * job rendering the plan ({@link Stabiliser}).
 */
public final class StabilisationAnalysis {
    private StabilisationAnalysis() {
    }

    /**
     * What the first pass measured: the frame-to-frame motions of a {@code width x height} clip, {@code unreliable} of
     * them unknown (taken as still). Making a plan from it is cheap, so a bench can try several margins on one analysis.
     */
    public record Motions(java.util.List<Similarity> motions, int unreliable, int width, int height) {
        public StabilisationPlan plan(StabilisationPlan.Params params) {
            return StabilisationPlan.of(motions, unreliable, width, height, params);
        }
    }

    /** Analyses {@code video}; {@code progress} hears the frames read so far. */
    public static Motions analyse(Path video, LongConsumer progress) {
        List<Similarity> motions = new ArrayList<>();
        int unreliable = 0, w = 0, h = 0;
        try (VideoReader r = VideoReader.open(video); CameraMotion camera = new CameraMotion()) {
            VideoFrame f;
            long n = 0;
            while ((f = r.read()) != null) {
                if (n == 0) {
                    w = f.width();
                    h = f.height();
                } else if (f.width() != w || f.height() != h) {
                    throw new IllegalArgumentException(video.getFileName() + " changes its picture size at frame " + n + " (" + w + "x" + h
                            + " to " + f.width() + "x" + f.height() + "): stabilise each part on its own.");
                }
                CameraMotion.Estimate e = camera.next(f);
                if (e != null) {
                    motions.add(e.motion());
                    unreliable += e.reliable() ? 0 : 1;
                }
                progress.accept(++n);
            }
            if (n == 0) {
                throw new IllegalArgumentException(video.getFileName() + " has no frames to stabilise.");
            }
        }
        return new Motions(motions, unreliable, w, h);
    }

    /** The same for frames in memory (tests and the quality bench). */
    public static Motions analyse(List<VideoFrame> frames) {
        List<Similarity> motions = new ArrayList<>();
        int unreliable = 0;
        try (CameraMotion camera = new CameraMotion()) {
            for (VideoFrame f : frames) {
                CameraMotion.Estimate e = camera.next(f);
                if (e != null) {
                    motions.add(e.motion());
                    unreliable += e.reliable() ? 0 : 1;
                }
            }
        }
        VideoFrame first = frames.get(0);
        return new Motions(motions, unreliable, first.width(), first.height());
    }
}
