package dev.flowsmith.restoration.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.stabilise.Similarity;
import dev.flowsmith.restoration.stabilise.Stabiliser;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A known camera shake for the stabiliser's tests and bench: each frame moved by its own random similarity (Gaussian
 * translation and rotation, independent per frame: the jitter of a handheld camera without a gimbal) and cropped to a
 * centred window so no edge is ever uncovered. The shaken clip is smaller than the source by {@code keep}.
 */
public final class SyntheticShake {
    private SyntheticShake() {
    }

    /** {@code shift} pixels and {@code degrees} of rotation (standard deviations), a window of {@code keep} (0.5-1). */
    public static List<VideoFrame> shake(List<VideoFrame> steady, double shift, double degrees, double keep, long seed) {
        Random r = new Random(seed);
        List<VideoFrame> out = new ArrayList<>();
        for (VideoFrame f : steady) {
            int w = f.width(), h = f.height();
            int cw = 2 * (int) Math.round(w * keep / 2), ch = 2 * (int) Math.round(h * keep / 2);
            double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
            Similarity jitter = Similarity.aboutCentre(cx, cy, shift * r.nextGaussian(), shift * r.nextGaussian(),
                    Math.toRadians(degrees * r.nextGaussian()), 0);
            Similarity crop = new Similarity(1, 0, (w - cw) / 2.0, (h - ch) / 2.0);
            VideoFrame o = new VideoFrame();
            Stabiliser.warp(f, jitter.after(crop), o, cw, ch, false);
            out.add(o);
        }
        return out;
    }

    /**
     * Inter-frame transformation fidelity: the mean Y-PSNR between consecutive frames, the standard stabilisation metric
     * (a steadier clip's neighbours differ less), with {@code crop} pixels left out at each border.
     */
    public static double interframeFidelity(List<VideoFrame> frames, int crop) {
        double sum = 0;
        for (int i = 1; i < frames.size(); i++) {
            sum += Math.min(100, QualityMetrics.psnrY(frames.get(i - 1), frames.get(i), crop));
        }
        return sum / Math.max(1, frames.size() - 1);
    }
}
