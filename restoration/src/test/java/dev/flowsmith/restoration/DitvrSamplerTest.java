package dev.flowsmith.restoration;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.vae.AutoencoderKL;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.ditvr.Degradation;
import dev.flowsmith.restoration.ditvr.DitvrSampler;
import dev.flowsmith.restoration.ditvr.LowBandConsistency;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DiTVR per-frame sampler with the tiny golden DiT and VAE on a frame of a real clip: shapes,
 * determinism under a seed, and data consistency (the area-downsampled result equals the input).
 */
class DitvrSamplerTest {
    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    /** A golden model folder from the diffusion test jar, copied out (resources in a jar are not files). */
    private static Path golden(String name) throws java.io.IOException {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve(name));
        for (String f : new String[]{"config.json", "diffusion_pytorch_model.safetensors"}) {
            try (var in = DiTModel.class.getClassLoader().getResourceAsStream("golden/" + name + "/" + f)) {
                java.nio.file.Files.copy(in, folder.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return folder;
    }

    /** A real frame shrunk to s x s, in [-1, 1]. */
    private static float[] frame(int s) {
        try (VideoReader r = VideoReader.open(SharedData.file(RestoreJobTest.FLOWER))) {
            VideoFrame f = r.read();
            float[] out = new float[3 * s * s];
            int w = f.width(), h = f.height();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        out[(c * s + y) * s + x] = f.get(c, x * w / s, y * h / s) * 2 - 1;
                    }
                }
            }
            return out;
        }
    }

    @Test
    void superResolutionKeepsTheObservationAndIsDeterministic() throws Exception {
        DitvrSampler sampler = new DitvrSampler(DiTModel.load(golden("tiny-dit")), AutoencoderKL.load(golden("tiny-vae")), 2);
        int s = sampler.imageSize();
        assertThat(s).isEqualTo(16);
        Degradation sr = Degradation.areaDownsample(2);
        float[] y = sr.apply(frame(s), 3, s, s);
        DitvrSampler.Params p = new DitvrSampler.Params(10, 0.8, 7);
        float[] out = sampler.restore(y, sr, p);
        assertThat(out).hasSize(3 * s * s);
        float[] back = sr.apply(out, 3, s, s);
        for (int i = 0; i < y.length; i++) {
            assertThat((double) back[i]).isCloseTo(y[i], org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(sampler.restore(y, sr, p)).containsExactly(out);
        assertThat(sampler.restore(y, sr, new DitvrSampler.Params(10, 0.8, 8))).isNotEqualTo(out);
    }

    @Test
    void lowBandConsistencyCorrectsOnlyCoarseStructure() {
        int s = 16;
        Degradation sr = Degradation.areaDownsample(2);
        float[] truth = frame(s), guess = new float[truth.length];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < guess.length; i++) {
            guess[i] = (float) rnd.nextGaussian() * 0.3f;
        }
        float[] y = sr.apply(truth, 3, s, s);
        float[] fine = LowBandConsistency.apply(guess, y, sr, 3, s, s, 1);   // block 2 = the SR factor: exact
        float[] coarse = LowBandConsistency.apply(guess, y, sr, 3, s, s, 3); // block 8: only the coarse means
        float[] a1 = sr.apply(fine, 3, s, s);
        double err1 = 0, err3 = 0;
        float[] a3 = sr.apply(coarse, 3, s, s);
        for (int i = 0; i < y.length; i++) {
            err1 = Math.max(err1, Math.abs(a1[i] - y[i]));
            err3 = Math.max(err3, Math.abs(a3[i] - y[i]));
        }
        assertThat(err1).isLessThan(1e-5);
        assertThat(err3).isGreaterThan(1e-3); // detail below 8 px is left to the prior
        // the high band of the guess is untouched at J = 3: the difference is constant on 8x8 blocks
        for (int c = 0; c < 3; c++) {
            float d0 = coarse[c * s * s] - guess[c * s * s], d1 = coarse[c * s * s + 7 * s + 7] - guess[c * s * s + 7 * s + 7];
            assertThat((double) d1).isCloseTo(d0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void theWholePipelineRunsAsAResumableJobOnARealClip() throws Exception {
        Path clip = smallClip();
        var ffv1 = dev.flowsmith.media.EncoderSettings.defaults(dev.flowsmith.media.VideoCodec.FFV1);
        var params = new dev.flowsmith.restoration.ditvr.DitvrProcessor.Params(golden("tiny-dit"), golden("tiny-vae"), 2, 6);
        Path out = dir.resolve("ditvr.mkv");
        var job = dev.flowsmith.restoration.job.RestoreJob.run(new dev.flowsmith.restoration.job.RestoreJob.Request(clip, out,
                () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params), ffv1, 0.2, false, false, false),
                dev.flowsmith.media.ProgressListener.NONE, new dev.flowsmith.media.CancellationToken());
        assertThat(job.framesProcessed()).isEqualTo(8);
        try (VideoReader a = VideoReader.open(out)) {
            assertThat(a.width()).isEqualTo(64);
            assertThat(a.info().frameCount()).isEqualTo(8);
        }
        // the same job again gives the same frames (noise fixed per tile: what a resume relies on)
        Path again = dir.resolve("ditvr-again.mkv");
        dev.flowsmith.restoration.job.RestoreJob.run(new dev.flowsmith.restoration.job.RestoreJob.Request(clip, again,
                () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params), ffv1, 0.2, false, false, false),
                dev.flowsmith.media.ProgressListener.NONE, new dev.flowsmith.media.CancellationToken());
        assertThat(RestoreJobTest.frameHashes(again)).isEqualTo(RestoreJobTest.frameHashes(out));
        // data consistency on the processor's own output (the file is 4:2:0, which no longer holds it exactly)
        Degradation sr = Degradation.areaDownsample(2);
        try (VideoReader b = VideoReader.open(clip);
             var proc = new dev.flowsmith.restoration.ditvr.DitvrProcessor(params)) {
            var window = new dev.flowsmith.restoration.job.FrameWindow(dev.flowsmith.restoration.job.FrameSequence.of(b), 0);
            window.startAt(0);
            assertThat(window.advance()).isTrue();
            VideoFrame in = window.get(0).copy(), o = new VideoFrame(64, 64);
            proc.process(window, o);
            float[] down = sr.apply(o.data(), 3, 64, 64);
            for (int k = 0; k < down.length; k++) {
                assertThat((double) down[k]).isCloseTo(in.data()[k], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void flowConsistentLowBandMakesTheResultSteadier() throws Exception {
        Path clip = smallClip();
        var ffv1 = dev.flowsmith.media.EncoderSettings.defaults(dev.flowsmith.media.VideoCodec.FFV1);
        java.util.Map<Boolean, java.util.List<VideoFrame>> results = new java.util.HashMap<>();
        for (boolean temporal : new boolean[]{false, true}) {
            var params = new dev.flowsmith.restoration.ditvr.DitvrProcessor.Params(golden("tiny-dit"), golden("tiny-vae"), 2, 6, temporal);
            Path out = dir.resolve("ditvr-" + temporal + ".mkv");
            dev.flowsmith.restoration.job.RestoreJob.run(new dev.flowsmith.restoration.job.RestoreJob.Request(clip, out,
                    () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params), ffv1, 0.2, false, false, true),
                    dev.flowsmith.media.ProgressListener.NONE, new dev.flowsmith.media.CancellationToken());
            results.put(temporal, frames(out));
        }
        // reference motion: the input, enlarged x2
        java.util.List<VideoFrame> ref = new java.util.ArrayList<>();
        for (VideoFrame f : frames(clip)) {
            VideoFrame big = new VideoFrame(64, 64);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        big.data()[(c * 64 + y) * 64 + x] = f.get(c, x / 2, y / 2);
                    }
                }
            }
            ref.add(big);
        }
        var twe = new dev.flowsmith.restoration.quality.TemporalWarpingError(ref);
        double off = twe.of(results.get(false)), on = twe.of(results.get(true));
        System.out.printf("DiTVR tiny model: warping error without %.3f, with flow-consistent low band %.3f%n", off, on);
        assertThat(on).isLessThan(off);
    }

    /** Runs a processor over frames [from, 8) of the small clip as the job engine does, segments of {@code seg} frames. */
    private static java.util.Map<Long, float[]> runFrames(dev.flowsmith.restoration.ditvr.DitvrProcessor proc, long from, int seg) {
        java.util.Map<Long, float[]> out = new java.util.TreeMap<>();
        try (VideoReader r = VideoReader.open(smallClip())) {
            var window = new dev.flowsmith.restoration.job.FrameWindow(dev.flowsmith.restoration.job.FrameSequence.of(r), proc.radius());
            window.startAt(from);
            while (window.advance()) {
                long i = window.centreIndex();
                if (i % seg == 0 || i == from) {
                    proc.beginSegment(i);
                }
                VideoFrame o = new VideoFrame(64, 64);
                proc.process(window, o);
                out.put(i, o.data().clone());
            }
        }
        return out;
    }

    @Test
    void windowsKeepTheObservationInEveryFrameAndAResumedSegmentMatchesTheFullRun() throws Exception {
        // windows of 4 overlapping by 2, trajectory attention at both layers, segments of 5 frames
        var params = new dev.flowsmith.restoration.ditvr.DitvrProcessor.Params(golden("tiny-dit"), golden("tiny-vae"),
                dev.flowsmith.restoration.ditvr.DitvrProcessor.Task.SR, 2, 0, 5, true, 4, 2, java.util.Set.of(0, 1));
        var sampler = dev.flowsmith.restoration.ditvr.DitvrProcessor.loadSampler(params);
        java.util.Map<Long, float[]> full = runFrames(new dev.flowsmith.restoration.ditvr.DitvrProcessor(params, sampler), 0, 5);
        assertThat(full).hasSize(8);
        Degradation sr = Degradation.areaDownsample(2);
        java.util.List<VideoFrame> in = frames(smallClip());
        for (long i = 0; i < 8; i++) {
            float[] down = sr.apply(full.get(i), 3, 64, 64);
            for (int k = 0; k < down.length; k += 7) {
                assertThat((double) down[k]).as("frame %d", i).isCloseTo(in.get((int) i).data()[k], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        // a job killed after the first segment resumes at frame 5: the same frames, bit for bit
        java.util.Map<Long, float[]> resumed = runFrames(new dev.flowsmith.restoration.ditvr.DitvrProcessor(params, sampler), 5, 5);
        for (long i = 5; i < 8; i++) {
            assertThat(resumed.get(i)).as("frame %d", i).containsExactly(full.get(i));
        }
        // trajectory attention changes the result (the neighbour cache is in use)
        var plain = new dev.flowsmith.restoration.ditvr.DitvrProcessor.Params(golden("tiny-dit"), golden("tiny-vae"),
                dev.flowsmith.restoration.ditvr.DitvrProcessor.Task.SR, 2, 0, 5, true, 4, 2, java.util.Set.of());
        java.util.Map<Long, float[]> noTraj = runFrames(new dev.flowsmith.restoration.ditvr.DitvrProcessor(plain, sampler), 0, 5);
        assertThat(noTraj.get(2L)).isNotEqualTo(full.get(2L));
    }

    @Test
    void aCancelledWindowedJobResumesToTheSameFrames() throws Exception {
        Path clip = smallClip();
        var ffv1 = dev.flowsmith.media.EncoderSettings.defaults(dev.flowsmith.media.VideoCodec.FFV1);
        var params = new dev.flowsmith.restoration.ditvr.DitvrProcessor.Params(golden("tiny-dit"), golden("tiny-vae"),
                dev.flowsmith.restoration.ditvr.DitvrProcessor.Task.SR, 2, 0, 4, true, 4, 2, java.util.Set.of(0, 1));
        Path full = dir.resolve("windows-full.mkv");
        dev.flowsmith.restoration.job.RestoreJob.run(new dev.flowsmith.restoration.job.RestoreJob.Request(clip, full,
                () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params), ffv1, 0.2, false, false, false),
                dev.flowsmith.media.ProgressListener.NONE, new dev.flowsmith.media.CancellationToken());
        // segments of 5 frames: cancel in the second one, then resume
        Path out = dir.resolve("windows-resumed.mkv");
        var cancel = new dev.flowsmith.media.CancellationToken();
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.flowsmith.restoration.job.RestoreJob.run(
                new dev.flowsmith.restoration.job.RestoreJob.Request(clip, out, () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params),
                        ffv1, 0.2, false, false, false), (done, total) -> {
                    if (seen.incrementAndGet() == 7) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(dev.flowsmith.media.MediaCancelledException.class);
        var r = dev.flowsmith.restoration.job.RestoreJob.run(new dev.flowsmith.restoration.job.RestoreJob.Request(clip, out,
                () -> new dev.flowsmith.restoration.ditvr.DitvrProcessor(params), ffv1, 0.2, true, false, false),
                dev.flowsmith.media.ProgressListener.NONE, new dev.flowsmith.media.CancellationToken());
        assertThat(r.framesReused()).isEqualTo(5);
        assertThat(RestoreJobTest.frameHashes(out)).isEqualTo(RestoreJobTest.frameHashes(full));
    }

    @Test
    void gaussianBlurDegradationHasATruncatedPseudoInverse() {
        int s = 16;
        Degradation blur = Degradation.gaussianBlur(1.5);
        float[] x = frame(s), ax = blur.apply(x, 3, s, s), back = blur.apply(blur.pseudoInverse(ax, 3, s, s), 3, s, s);
        double err = 0, diff = 0;
        for (int i = 0; i < ax.length; i++) {
            err = Math.max(err, Math.abs(back[i] - ax[i]));
            diff = Math.max(diff, Math.abs(ax[i] - x[i]));
        }
        assertThat(err).as("A A+ A = A").isLessThan(1e-3); // float FFT, gains up to 1/CUTOFF
        assertThat(diff).as("the blur does something").isGreaterThan(0.05);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Degradation.gaussianBlur(0)).hasMessageContaining("positive");
    }

    @Test
    void deblurAndDenoiseRunThroughTheSamplerAndKeepTheObservation() throws Exception {
        DitvrSampler sampler = new DitvrSampler(DiTModel.load(golden("tiny-dit")), AutoencoderKL.load(golden("tiny-vae")), 2);
        int s = sampler.imageSize();
        float[] truth = frame(s);
        Degradation blur = Degradation.gaussianBlur(1.0);
        float[] y = blur.apply(truth, 3, s, s);
        float[] out = sampler.restore(y, blur, new DitvrSampler.Params(6, 0.8, 1));
        float[] back = blur.apply(out, 3, s, s);
        double err = 0;
        for (int i = 0; i < y.length; i++) {
            err = Math.max(err, Math.abs(back[i] - y[i]));
        }
        assertThat(err).as("blurred result vs observation").isLessThan(0.05);
        // denoise: the coarse band follows the noisy observation, whose block means average the noise away
        Degradation noisy = Degradation.identity(0.2);
        java.util.Random rnd = new java.util.Random(4);
        float[] yn = truth.clone();
        for (int i = 0; i < yn.length; i++) {
            yn[i] += (float) rnd.nextGaussian() * 0.2f;
        }
        float[] dn = sampler.restore(yn, noisy, new DitvrSampler.Params(6, 0.8, 1));
        float[] lowOut = LowBandConsistency.apply(new float[dn.length], dn, Degradation.identity(), 3, s, s, 3);
        float[] lowTruth = LowBandConsistency.apply(new float[dn.length], truth, Degradation.identity(), 3, s, s, 3);
        double lowErr = 0, noiseErr = 0;
        for (int i = 0; i < dn.length; i++) {
            lowErr += Math.pow(lowOut[i] - lowTruth[i], 2);
            noiseErr += Math.pow(yn[i] - truth[i], 2);
        }
        // (the random test prior's wild high band is clipped at [-1, 1], which moves block means: 0.105 vs 0.199 measured)
        assertThat(Math.sqrt(lowErr / dn.length)).as("coarse band error vs the noise").isLessThan(0.7 * Math.sqrt(noiseErr / dn.length));
    }

    private static java.util.List<VideoFrame> frames(Path f) {
        java.util.List<VideoFrame> out = new java.util.ArrayList<>();
        try (VideoReader r = VideoReader.open(f)) {
            VideoFrame v;
            while ((v = r.read()) != null) {
                out.add(v.copy());
            }
        }
        return out;
    }

    /** An 8-frame 32x32 clip from a real video, FFV1 (made once per test class). */
    private static Path smallClip() {
        return dev.flowsmith.media.SmallClips.of(RestoreJobTest.FLOWER, dir.resolve("small.mkv"), 8, 32);
    }
}
