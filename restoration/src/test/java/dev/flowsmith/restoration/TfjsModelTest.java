package dev.flowsmith.restoration;

import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import dev.flowsmith.restoration.sr.SuperResolver;
import dev.flowsmith.restoration.sr.TfjsLayersModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TF.js layers loader against the package's own golden output, tiling, and malformed files. */
class TfjsModelTest {
    static final String PKG = "models/npm/upscalerjs-esrgan-slim-1.0.0/package";
    @TempDir
    Path dir;

    @Test
    void esrganSlimReproducesThePublishedSampleAndTilingChangesNothing() {
        Path pkg = SharedData.root().resolve(PKG);
        VideoFrame fixture = Frames.load(pkg.resolve("assets/fixture.png"), 0);
        VideoFrame expected = Frames.load(pkg.resolve("assets/samples/4x/result.png"), 0);
        SuperResolver sr = new SuperResolver(new SuperResolver.Params(SuperResolver.Method.MODEL, 4,
                pkg.resolve("models/x4/model.json")));
        double psnr = RestorersTest.meanPsnr(sr, List.of(fixture), List.of(expected), 0, 1, 0);
        assertThat(psnr).as("against UpscalerJS's own x4 result (8-bit rounding only)").isGreaterThan(55);

        // a frame larger than one tile: tiled output equals a whole-frame run of the network
        VideoFrame big = Frames.load(SharedData.root().resolve("davis/bmx-trees/00000.jpg"), 0);
        big = Frames.crop(big, 200, 150);
        VideoFrame tiled = new VideoFrame();
        var w = new dev.flowsmith.restoration.job.FrameWindow(dev.flowsmith.restoration.job.FrameSequence.of(List.of(big)), 0);
        w.startAt(0);
        w.advance();
        sr.process(w, tiled);
        try (var be = Backends.open("cpu"); var m = TfjsLayersModel.load(pkg.resolve("models/x4/model.json"), be)) {
            float[] x = big.data().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] *= 255;
            }
            int[] os = new int[3];
            float[] whole = m.run(x, 150, 200, os);
            VideoFrame ref = new VideoFrame(os[2], os[1]);
            for (int i = 0; i < whole.length; i++) {
                ref.data()[i] = Math.max(0, Math.min(1, whole[i] / 255));
            }
            assertThat(QualityMetrics.psnrY(tiled, ref, 0)).as("tiled vs whole frame").isGreaterThan(60);
        }
        sr.close();
    }

    /**
     * idealo's RDN (esrgan-legacy div2k x2/x3/x4 and psnr-small) and RRDN ("gans": the custom MultiplyBeta and
     * PixelShuffle4x layers, values 0..1), uint8-quantised weights, against the package's samples.
     */
    @Test
    void rdnWithQuantisedWeightsReproducesThePublishedSamples() {
        Path pkg = SharedData.required("models/npm/upscalerjs-esrgan-legacy-1.0.0");
        VideoFrame fixture = Frames.load(pkg.resolve("assets/fixture.png"), 0);
        for (String[] m : new String[][]{{"div2k/x2", "div2k/2x", "2"}, {"div2k/x3", "div2k/3x", "3"}, {"div2k/x4", "div2k/4x", "4"},
                {"psnr-small", "psnr-small", "2"}, {"gans", "gans", "4"}}) {
            VideoFrame expected = Frames.load(pkg.resolve("assets/samples/" + m[1] + "/result.png"), 0);
            SuperResolver sr = new SuperResolver(new SuperResolver.Params(SuperResolver.Method.MODEL, Integer.parseInt(m[2]),
                    pkg.resolve("models/" + m[0] + "/model.json")));
            double psnr = RestorersTest.meanPsnr(sr, List.of(fixture), List.of(expected), 0, 1, 0);
            sr.close();
            System.out.printf("esrgan-legacy %s vs UpscalerJS's sample: %.2f dB%n", m[0], psnr);
            assertThat(psnr).as(m[0] + " against UpscalerJS's own result").isGreaterThan(45);
        }
    }

    @Test
    void malformedModelsAreRefusedWithTheFileAndTheProblem() throws Exception {
        Path pkg = SharedData.root().resolve(PKG).resolve("models/x2");
        Path copy = Files.createDirectories(dir.resolve("m"));
        Files.copy(pkg.resolve("model.json"), copy.resolve("model.json"));
        byte[] bin = Files.readAllBytes(pkg.resolve("group1-shard1of1.bin"));
        Files.write(copy.resolve("group1-shard1of1.bin"), java.util.Arrays.copyOf(bin, bin.length - 100));
        try (var be = Backends.open("cpu")) {
            assertThatThrownBy(() -> TfjsLayersModel.load(copy.resolve("model.json"), be))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("shorter than the manifest");
            Files.writeString(copy.resolve("model.json"), "{ not json");
            assertThatThrownBy(() -> TfjsLayersModel.load(copy.resolve("model.json"), be))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("not valid JSON");
            Files.writeString(copy.resolve("model.json"), "{\"modelTopology\":{\"model_config\":{\"config\":{\"layers\":"
                    + "[{\"class_name\":\"LSTM\",\"config\":{\"name\":\"l\"}}]}}},\"weightsManifest\":[]}");
            assertThatThrownBy(() -> TfjsLayersModel.load(copy.resolve("model.json"), be))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("LSTM");
        }
    }
}
