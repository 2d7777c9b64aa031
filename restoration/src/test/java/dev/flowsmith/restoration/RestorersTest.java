package dev.flowsmith.restoration;

import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deblur.Deconvolver;
import dev.flowsmith.restoration.denoise.NoiseEstimator;
import dev.flowsmith.restoration.denoise.TemporalDenoiser;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameSequence;
import dev.flowsmith.restoration.job.FrameWindow;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;
import dev.flowsmith.restoration.sr.SuperResolver;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each restorer raises PSNR on real frames from ../shared/data by an asserted margin. */
class RestorersTest {
    /** Runs a processor over frames [from, to) of an in-memory clip; mean PSNR-Y against the references. */
    static double meanPsnr(FrameProcessor p, List<VideoFrame> input, List<VideoFrame> reference, int from, int to, int crop) {
        FrameWindow w = new FrameWindow(FrameSequence.of(input), p.radius());
        w.startAt(from);
        VideoFrame out = new VideoFrame();
        double sum = 0;
        for (int i = from; i < to; i++) {
            assertThat(w.advance()).isTrue();
            p.process(w, out);
            sum += QualityMetrics.psnrY(out, reference.get(i), crop);
        }
        return sum / (to - from);
    }

    @Test
    void temporalDenoiserGainsMoreThanThreeDecibelsAtSigma25() {
        Path dir = SharedData.root().resolve("vid4/calendar");
        List<VideoFrame> clean = new ArrayList<>(), noisy = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            VideoFrame f = Frames.load(dir.resolve(String.format("Frame %03d.png", i + 1)), i);
            clean.add(f);
            noisy.add(Frames.quantize(Frames.addNoise(f, 25, 100 + i)));
        }
        double before = 0;
        for (int i = 3; i < 6; i++) {
            before += QualityMetrics.psnrY(noisy.get(i), clean.get(i), 8) / 3;
        }
        double estimated = NoiseEstimator.sigma(noisy.get(3)) * 255;
        assertThat(estimated).as("Immerkaer estimate of sigma 25").isBetween(20.0, 30.0);
        try (TemporalDenoiser d = new TemporalDenoiser(TemporalDenoiser.Params.defaults(0))) {
            double after = meanPsnr(d, noisy, clean, 3, 6, 8);
            assertThat(after - before).as("denoise gain, dB (%.2f -> %.2f)", before, after).isGreaterThan(3.0);
        }
    }

    @Test
    void wienerDeblurGainsMoreThanTwoDecibels() {
        VideoFrame clean = Frames.load(SharedData.root().resolve("images/McMaster").resolve("1.tif"), 0);
        float[] taps = ResampleKernels.gaussianTaps(2f);
        VideoFrame blurred = clean.copy();
        float[] tmp = new float[clean.data().length];
        ResampleKernels.convolveRows(clean.data(), taps, tmp, clean.width(), 0, 3 * clean.height());
        ResampleKernels.convolveColumns(tmp, taps, blurred.data(), clean.height(), clean.width(), 0, 3 * clean.height());
        VideoFrame degraded = Frames.addNoise(blurred, 2.55, 7); // 1 % noise
        double before = QualityMetrics.psnrY(degraded, clean, 8);
        Deconvolver d = new Deconvolver(Deconvolver.Params.gaussian(2));
        double after = meanPsnr(d, List.of(degraded), List.of(clean), 0, 1, 8);
        assertThat(after - before).as("deblur gain, dB (%.2f -> %.2f)", before, after).isGreaterThan(2.0);
        Deconvolver rl = new Deconvolver(new Deconvolver.Params(Deconvolver.Method.RICHARDSON_LUCY, 2, 0, 0, 0, 30));
        assertThat(meanPsnr(rl, List.of(degraded), List.of(clean), 0, 1, 8)).isGreaterThan(before + 1.0);
    }

    @Test
    void srNetworkBeatsBicubicUnderItsTrainingDegradation() {
        VideoFrame hr = Frames.load(SharedData.root().resolve("vid4/city/Frame 012.png"), 0);
        int w = hr.width() / 4 * 4, h = hr.height() / 4 * 4;
        hr = Frames.crop(hr, w, h);
        VideoFrame lr = Frames.quantize(Frames.cubicDown(hr, 4)); // OpenCV INTER_CUBIC, as the models were trained
        Path model = SharedData.file("models/fsrcnn_tf/models/FSRCNN_x4.pb");
        double bicubic = meanPsnr(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.BICUBIC, 4, null)),
                List.of(lr), List.of(hr), 0, 1, 8);
        double lanczos = meanPsnr(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.LANCZOS, 4, null)),
                List.of(lr), List.of(hr), 0, 1, 8);
        double net = meanPsnr(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.MODEL, 4, model)),
                List.of(lr), List.of(hr), 0, 1, 8);
        assertThat(bicubic).isGreaterThan(18);
        assertThat(net).as("FSRCNN %.2f vs Lanczos %.2f vs bicubic %.2f", net, lanczos, bicubic).isGreaterThan(Math.max(bicubic, lanczos) + 0.2);
    }

    @Test
    void temporalSrIsSteadierAndDependsOnlyOnItsWindow() {
        List<VideoFrame> hr = new ArrayList<>(), lr = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            VideoFrame f = Frames.crop(Frames.load(SharedData.root().resolve(String.format("vid4/calendar/Frame %03d.png", i + 1)), i),
                    256, 192);
            hr.add(f);
            lr.add(Frames.quantize(Frames.cubicDown(f, 2)));
        }
        List<VideoFrame> single = run(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.LANCZOS, 2, null, 0)), lr, 0);
        List<VideoFrame> steady = run(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.LANCZOS, 2, null, 0.5)), lr, 0);
        var warp = new dev.flowsmith.restoration.quality.TemporalWarpingError(hr);
        assertThat(warp.of(steady)).as("warping error with blending vs without").isLessThan(warp.of(single));
        // a run that starts at frame 3 (a resumed segment) gives the same frames as the full run
        List<VideoFrame> resumed = run(new SuperResolver(new SuperResolver.Params(SuperResolver.Method.LANCZOS, 2, null, 0.5)), lr, 3);
        for (int i = 0; i < resumed.size(); i++) {
            assertThat(resumed.get(i).data()).containsExactly(steady.get(3 + i).data());
        }
    }

    static List<VideoFrame> run(FrameProcessor p, List<VideoFrame> input, int from) {
        List<VideoFrame> out = new ArrayList<>();
        FrameWindow w = new FrameWindow(FrameSequence.of(input), p.radius());
        w.startAt(from);
        VideoFrame o = new VideoFrame();
        while (w.advance()) {
            p.process(w, o);
            out.add(o.copy());
        }
        return out;
    }


}
