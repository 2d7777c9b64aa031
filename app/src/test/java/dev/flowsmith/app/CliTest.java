package dev.flowsmith.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class CliTest extends ConsoleCapture {
    private static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    @TempDir
    Path dir;
    @Test
    void probeJsonDescribesTheFile() throws Exception {
        assertThat(Flowsmith.run("probe", SharedData.file(FLOWER).toString(), "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        JsonNode v = json.get("videoStreams").get(0);
        assertThat(v.get("codec").asText()).isEqualTo("h264");
        assertThat(v.get("frameCount").asLong()).isEqualTo(150);
        assertThat(v.get("frameCountExact").asBoolean()).isTrue();
        assertThat(json.get("audioStreams").get(0).get("codec").asText()).isEqualTo("aac");
    }

    @Test
    void probeTextShowsRotation() {
        assertThat(Flowsmith.run("probe", SharedData.file("videos/androidx/mp4/portrait_4k60.mp4").toString())).isZero();
        assertThat(stdout()).contains("3840x2160 coded, 2160x3840 displayed (rotation CLOCKWISE)").contains("variable frame rate");
    }

    @Test
    void missingInputIsOneSentenceAndExitOne() {
        assertThat(Flowsmith.run("probe", dir.resolve("missing.mp4").toString())).isEqualTo(1);
        assertThat(stderr()).startsWith("Error: 'missing.mp4' does not exist.").doesNotContain("Exception");
    }

    @Test
    void badOptionIsAUsageError() {
        assertThat(Flowsmith.run("transcode", "a.mp4", "b.mp4", "--codec", "divx")).isEqualTo(2);
        assertThat(stderr()).containsIgnoringCase("unknown codec 'divx'");
    }

    @Test
    void transcodeAndThumbsWork() throws Exception {
        Path target = dir.resolve("flower-h265.mkv");
        assertThat(Flowsmith.run("transcode", SharedData.file(FLOWER).toString(), target.toString(), "--codec", "h265",
                "--preset", "ultrafast", "--crf", "30")).isZero();
        assertThat(stdout()).contains("150 frames").contains("copied unchanged: #1 audio aac");
        assertThat(stderr()).contains("transcode 100.0% 150/150 frames");
        assertThat(target).isRegularFile();
        Path thumbs = dir.resolve("thumbs");
        assertThat(Flowsmith.run("thumbs", target.toString(), thumbs.toString(), "--count", "3", "--height", "90")).isZero();
        try (var s = Files.list(thumbs)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("flower-h265_001.png", "flower-h265_002.png", "flower-h265_003.png");
        }
    }

    @Test
    void restoreRunsAsASegmentedJob() {
        Path out = dir.resolve("wolf-x2.mp4");
        assertThat(Flowsmith.run("restore", SharedData.file("videos/tokenflow/data/wolf.mp4").toString(), out.toString(),
                "--task", "sr", "--scale", "2", "--method", "bicubic", "--temporal", "0", "--segment-seconds", "1",
                "--preset", "ultrafast")).isZero();
        assertThat(stdout()).contains("40 frames restored");
        var v = dev.flowsmith.media.MediaProbe.probe(out).requireVideo();
        assertThat(v.displayWidth()).isEqualTo(1024);
        assertThat(v.frameCount()).isEqualTo(40);
        assertThat(Flowsmith.run("restore", "x.mp4", "y.mp4", "--task", "paint")).isEqualTo(2);
    }

    /** --task deflicker: a segmented job like the others; its options checked before any work. */
    @Test
    void deflickerRunsAsASegmentedJobAndChecksItsOptions() {
        Path clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 12, 64), out = dir.resolve("steady.mkv");
        assertThat(Flowsmith.run("restore", clip.toString(), out.toString(), "--task", "deflicker", "--radius", "3", "--codec", "ffv1",
                "--segment-seconds", "0.2")).isZero();
        assertThat(stdout()).contains("12 frames restored");
        assertThat(dev.flowsmith.media.MediaProbe.probe(out).requireVideo().frameCount()).isEqualTo(12);
        assertThat(Flowsmith.run("restore", clip.toString(), dir.resolve("x.mkv").toString(), "--task", "deflicker", "--grid", "40")).isEqualTo(2);
        assertThat(stderr()).contains("--grid");
        assertThat(Flowsmith.run("restore", clip.toString(), dir.resolve("x.mkv").toString(), "--task", "deflicker", "--method", "ditvr"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--task deflicker has one method");
        assertThat(dir.resolve("x.mkv")).doesNotExist();
    }

    /** A golden tiny model folder from the diffusion test jar, copied out. */
    private Path golden(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String f : new String[]{"config.json", "diffusion_pytorch_model.safetensors"}) {
            try (var in = CliTest.class.getClassLoader().getResourceAsStream("golden/" + name + "/" + f)) {
                Files.copy(in, folder.resolve(f));
            }
        }
        return folder;
    }

    /** The first frames of a real clip at 32x32 (FFV1). */
    private Path smallClip(int frames) {
        return dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), frames, 32);
    }

    @Test
    void calibrateStoresVitalLayersAndDitvrRestoresInWindows() throws Exception {
        Path dit = golden("tiny-dit"), vae = golden("tiny-vae"), clip = smallClip(6);
        assertThat(Flowsmith.run("calibrate", "--model", dit.toString(), "--vae", vae.toString(), "--steps", "3", "--frames", "4",
                clip.toString())).isZero();
        assertThat(stdout()).contains("layer  0:", "layer  1:", "stored in");
        JsonNode cal = new ObjectMapper().readTree(dit.resolve("flowsmith-vital-layers.json").toFile());
        assertThat(cal.get("scores")).hasSize(2);
        for (JsonNode v : cal.get("vital")) { // only layers that lowered the warping error are kept
            assertThat(cal.get("scores").get(v.asInt()).get("delta").asDouble()).isPositive();
        }
        Path out = dir.resolve("x2.mkv");
        assertThat(Flowsmith.run("restore", clip.toString(), out.toString(), "--task", "sr", "--scale", "2", "--method", "ditvr",
                "--model", dit.toString(), "--vae", vae.toString(), "--steps", "3", "--window", "4", "--overlap", "2",
                "--vital", "0,1", "--codec", "ffv1")).isZero();
        var v = dev.flowsmith.media.MediaProbe.probe(out).requireVideo();
        assertThat(v.displayWidth()).isEqualTo(64);
        assertThat(v.frameCount()).isEqualTo(6);
        // the same with the DiT on the CPU compute backend; an absent device is an error, never a fall-back
        Path onDevice = dir.resolve("x2-device.mkv");
        assertThat(Flowsmith.run("restore", clip.toString(), onDevice.toString(), "--task", "sr", "--scale", "2", "--method", "ditvr",
                "--model", dit.toString(), "--vae", vae.toString(), "--steps", "3", "--window", "4", "--device", "cpu",
                "--codec", "ffv1")).isZero();
        assertThat(dev.flowsmith.media.MediaProbe.probe(onDevice).requireVideo().frameCount()).isEqualTo(6);
        assertThat(Flowsmith.run("restore", clip.toString(), dir.resolve("g.mkv").toString(), "--task", "sr", "--method", "ditvr",
                "--model", dit.toString(), "--vae", vae.toString(), "--device", "gpu:9")).isNotZero();
        assertThat(stderr()).contains("gpu:9");
        assertThat(Flowsmith.run("restore", clip.toString(), dir.resolve("d.mkv").toString(), "--task", "deblur", "--method", "ditvr",
                "--model", dit.toString(), "--vae", vae.toString())).isEqualTo(2);
        assertThat(stderr()).contains("needs --sigma");
        assertThat(Flowsmith.run("restore", clip.toString(), dir.resolve("v.mkv").toString(), "--task", "sr", "--method", "ditvr",
                "--model", dit.toString(), "--vae", vae.toString(), "--vital", "5")).isEqualTo(2);
        assertThat(stderr()).contains("vital layer 5 outside");
    }

    @Test
    void versionNamesFfmpegAndLicence() {
        assertThat(Flowsmith.run("--version")).isZero();
        assertThat(stdout()).contains("Flowsmith").contains("FFmpeg 8").contains("GPL-3.0-or-later");
    }

    @Test
    void devicesListsTheCpuAndRefusesAnAbsentGpu() {
        assertThat(Flowsmith.run("devices")).isZero();
        assertThat(stdout()).startsWith("cpu ");
        assertThat(Flowsmith.run("devices", "--check", "gpu:99")).as("a device this machine lacks: the work fails").isEqualTo(1);
        assertThat(stderr()).contains("'gpu:99' is not present");
    }

    /** A real process gets SIGINT (Ctrl-C) or SIGTERM (kill, a service manager) mid-transcode: exit 130, no output, no temp file. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"INT", "TERM"})
    void aSignalCancelsCleanlyWithExitCode130(String signal) throws Exception {
        Path target = dir.resolve("out.mp4");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.flowsmith.app.Flowsmith", "transcode",
                SharedData.file(FLOWER).toString(), target.toString(), "--codec", "h265", "--preset", "veryslow"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("transcode ")) {
                    // bash's built-in kill: a minimal Debian has no /bin/kill (procps)
                    new ProcessBuilder("bash", "-c", "kill -" + signal + " " + p.pid()).start().waitFor();
                    break;
                }
            }
            p.getErrorStream().transferTo(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    log.append((char) b);
                }
            });
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log.toString()).isEqualTo(130);
        assertThat(log.toString()).contains("Cancelled.");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).as("no output and no temp file").isEmpty();
        }
    }

    @Test
    void projectNewAndRenderMakeTheCutFromTheCommandLine() throws Exception {
        String speech = SharedData.file("videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4").toString();
        Path project = dir.resolve("cut.fsproj");
        assertThat(Flowsmith.run("project", "new", project.toString(), speech + "@0.5-1.5", speech + "@3.3-4.3")).isZero();
        assertThat(Flowsmith.run("render", project.toString(), "--plan")).isZero();
        assertThat(stdout()).contains("Re-encode: the piece at 00:00:00:00 starts 30 frame(s) after a keyframe");
        Path video = dir.resolve("cut.mp4");
        assertThat(Flowsmith.run("render", project.toString(), video.toString(), "--preset", "ultrafast")).isZero();
        var info = dev.flowsmith.media.MediaProbe.probe(video);
        assertThat(info.requireVideo().frameCount()).isEqualTo(120);
        assertThat(info.audioStreams()).hasSize(1);

        Files.writeString(project, "{ \"format\": \"flowsmith-project\", \"version\": 1, ");
        assertThat(Flowsmith.run("render", project.toString(), dir.resolve("x.mp4").toString())).isEqualTo(Flowsmith.EXIT_FAILED);
        assertThat(stderr()).contains("is damaged and cannot be opened");
    }
}
