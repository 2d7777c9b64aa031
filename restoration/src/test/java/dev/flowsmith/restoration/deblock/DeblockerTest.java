package dev.flowsmith.restoration.deblock;

import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.quality.QualityMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DAVIS bmx-trees re-encoded by FFmpeg as blocky MPEG-4 part 2 (quantiser 24): deblocked closer to the original. */
class DeblockerTest {
    @TempDir
    Path dir;


    private static double psnr(List<VideoFrame> a, List<VideoFrame> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += QualityMetrics.psnrY(a.get(i), b.get(i), 8);
        }
        return s / a.size();
    }

    @Test
    void blockyMpeg4ComesCloserToTheOriginalWithTheQuantiserGivenOrEstimated() {
        Path clean = dir.resolve("clean.mkv"), low = dir.resolve("low.mkv");
        String ffmpeg = FFmpegLibrary.ffmpegExecutable().toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-framerate", "25", "-i",
                SharedData.file("davis/bmx-trees/00000.jpg").getParent().resolve("%05d.jpg").toString(), "-frames:v", "6",
                "-c:v", "ffv1", clean.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-nostdin", "-i", clean.toString(), "-c:v", "mpeg4", "-q:v", "24", "-g", "12",
                "-bf", "0", low.toString()));
        List<VideoFrame> original = Frames.decode(clean), coded = Frames.decode(low);
        double before = psnr(coded, original);
        double q = BlockinessEstimate.quantiser(low);
        double estimated = psnr(FrameProcessor.processAll(new Deblocker(new Deblocker.Params(q, 4)), coded), original);
        double given = psnr(FrameProcessor.processAll(new Deblocker(new Deblocker.Params(24, 4)), coded), original);
        System.out.printf("deblock: coded %.2f dB, given q %.2f dB, estimated (q %.1f) %.2f dB%n", before, given, q, estimated);
        assertThat(given - before).as("gain with the quantiser given, dB").isGreaterThan(0.4);
        assertThat(estimated - before).as("gain with it estimated, dB").isGreaterThan(0.4);
        assertThat(q).as("estimated quantiser").isBetween(12.0, 31.0);
        // the clean frames show no coding grid: nothing to filter, left as they are
        assertThat(BlockinessEstimate.quantiser(clean)).isLessThan(3.0);
        Deblocker perFrame = new Deblocker(Deblocker.Params.defaults());
        assertThat(psnr(FrameProcessor.processAll(perFrame, original.subList(0, 2)), original.subList(0, 2))).isGreaterThan(45);
    }

    @Test
    void theVectorFilterEqualsThePlainJavaOneWithinRounding() {
        // a blocky plane: 8x8 blocks of random levels with a little ramp, not a multiple of 8 wide or high
        int w = 93, h = 61;
        java.util.Random rnd = new java.util.Random(5);
        float[] src = new float[w * h], levels = new float[(w / 8 + 1) * (h / 8 + 1)];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = 40 + 170 * rnd.nextFloat();
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                src[y * w + x] = levels[(y / 8) * (w / 8 + 1) + x / 8] + 0.7f * (x % 8) + 3 * (float) rnd.nextGaussian();
            }
        }
        float[] pad = new float[(w + 16) * (h + 16)], sum = new float[pad.length];
        float[] oracle = Deblocker.filter(src, w, h, 18, 4, pad.clone(), new float[w * h]);
        float[] vector = Deblocker.filterVector(src, w, h, 18f, 4, pad, sum, new float[w * h]);
        double meanDiff = 0;
        int off = 0;
        for (int i = 0; i < w * h; i++) {
            float d = Math.abs(oracle[i] - vector[i]);
            meanDiff += d / (w * h);
            if (d > 0.01f) {
                off++;
            }
        }
        double meanChange = 0;
        for (int i = 0; i < w * h; i++) {
            meanChange += Math.abs(oracle[i] - src[i]) / (w * h);
        }
        System.out.printf("deblock vector vs plain Java: mean difference %.2e, %d of %d pixels over 0.01; filter changed the plane by %.2f%n",
                meanDiff, off, w * h, meanChange);
        assertThat(meanChange).as("the filter does something").isGreaterThan(0.5);
        assertThat(meanDiff).isLessThan(1e-3);
        assertThat(off).as("pixels where a coefficient at the threshold fell the other way").isLessThan(w * h / 200);
    }
}
