package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.job.FrameSequence;
import dev.flowsmith.restoration.job.FrameWindow;
import dev.flowsmith.restoration.quality.TemporalWarpingError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Vital-layer detection by temporal sensitivity (ALGORITHMS.md 3.2.4, procedure B): the first frames of
 * a short clip are restored as one window with no trajectory attention (the baseline), then once per
 * layer with trajectory attention in that layer only; a layer's score is how much it lowers the
 * temporal warping error (measured along the input's own motion). The {@link VitalLayers#budget}
 * best layers with a positive score are vital. L + 1 short restorations.
 */
public final class Calibration {
    private Calibration() {
    }

    public record Result(double baselineError, List<VitalLayers.Score> scores, Set<Integer> vital) {
    }

    /**
     * Runs the calibration for the model in {@code p} on the first {@code frames} frames of {@code clip}
     * (shrunk to about two tiles: see {@link #shrink}); {@code progress} gets each finished run's number (0..L).
     */
    public static Result run(DitvrProcessor.Params p, Path clip, int frames, IntConsumer progress) {
        return run(p, clip, frames, null, progress);
    }

    /** The same with the DiT on {@code device} ("cpu", "opencl:N", "gpu:N"; null: the host). */
    public static Result run(DitvrProcessor.Params p, Path clip, int frames, String device, IntConsumer progress) {
        List<VideoFrame> input = new ArrayList<>();
        try (VideoReader r = VideoReader.open(clip)) {
            VideoFrame f;
            while (input.size() < frames && (f = r.read()) != null) {
                input.add(f.copy());
            }
        }
        if (input.size() < 3) {
            throw new IllegalArgumentException("'" + clip.getFileName() + "' has " + input.size() + " frames; calibration needs at least 3");
        }
        DitvrSampler sampler = DitvrProcessor.loadSampler(p, device);
        try {
            return rank(p, sampler, shrink(input, 2 * sampler.imageSize() / p.scale()), progress);
        } finally {
            sampler.close();
        }
    }

    private static Result rank(DitvrProcessor.Params p, DitvrSampler sampler, List<VideoFrame> input, IntConsumer progress) {
        TemporalWarpingError twe = new TemporalWarpingError(reference(input, p.scale()));
        int layers = sampler.model().config().layers();
        double base = error(p, sampler, input, Set.of(), twe);
        progress.accept(0);
        List<VitalLayers.Score> scores = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            scores.add(new VitalLayers.Score(l, base - error(p, sampler, input, Set.of(l), twe)));
            progress.accept(l + 1);
        }
        Set<Integer> vital = new TreeSet<>();
        scores.stream().filter(s -> s.delta() > 0).sorted(Comparator.comparingDouble(VitalLayers.Score::delta).reversed())
                .limit(VitalLayers.budget(layers)).forEach(s -> vital.add(s.layer()));
        return new Result(base, scores, vital);
    }

    /** Warping error of the clip restored as one window with trajectory attention in {@code vital} only. */
    private static double error(DitvrProcessor.Params p, DitvrSampler sampler, List<VideoFrame> input, Set<Integer> vital,
                                TemporalWarpingError twe) {
        DitvrProcessor.Params one = new DitvrProcessor.Params(p.dit(), p.vae(), p.task(), p.scale(), p.sigma(), p.steps(), true,
                input.size(), 0, vital);
        DitvrProcessor proc = new DitvrProcessor(one, sampler);
        FrameWindow window = new FrameWindow(FrameSequence.of(input), proc.radius());
        window.startAt(0);
        proc.beginSegment(0);
        List<VideoFrame> out = new ArrayList<>();
        VideoFrame in0 = input.get(0);
        while (window.advance()) {
            VideoFrame o = new VideoFrame(proc.outputWidth(in0.width()), proc.outputHeight(in0.height()));
            proc.process(window, o);
            out.add(o);
        }
        return twe.of(out);
    }

    /**
     * Frames box-averaged by a whole factor until the long side is at most {@code longSide} pixels (two
     * tiles): the ranking needs motion, not resolution, and a full-size clip would take hours.
     */
    static List<VideoFrame> shrink(List<VideoFrame> input, int longSide) {
        VideoFrame f0 = input.get(0);
        int k = (int) Math.ceil(Math.max(f0.width(), f0.height()) / (double) longSide);
        if (k <= 1) {
            return input;
        }
        int w = f0.width() / k, h = f0.height() / k;
        List<VideoFrame> out = new ArrayList<>();
        for (VideoFrame f : input) {
            VideoFrame s = new VideoFrame(w, h);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float sum = 0;
                        for (int yy = 0; yy < k; yy++) {
                            for (int xx = 0; xx < k; xx++) {
                                sum += f.get(c, x * k + xx, y * k + yy);
                            }
                        }
                        s.data()[(c * h + y) * w + x] = sum / (k * k);
                    }
                }
            }
            out.add(s);
        }
        return out;
    }

    /** The input enlarged to the output size (pixel replication): the motion the result should follow. */
    static List<VideoFrame> reference(List<VideoFrame> input, int s) {
        List<VideoFrame> ref = new ArrayList<>();
        for (VideoFrame f : input) {
            int w = f.width(), h = f.height();
            VideoFrame big = new VideoFrame(w * s, h * s);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h * s; y++) {
                    for (int x = 0; x < w * s; x++) {
                        big.data()[(c * h * s + y) * w * s + x] = f.get(c, x / s, y / s);
                    }
                }
            }
            ref.add(big);
        }
        return ref;
    }
}
