package dev.flowsmith.app;

import dev.flowsmith.media.MediaProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsmith edit} end to end on a real clip with the tiny random-weight Stable Diffusion from the diffusion
 * test jar: keyframes chosen, edited together, propagated to every frame; a resume reuses the edited keyframes.
 */
class EditCommandTest extends ConsoleCapture {
    private static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    @TempDir
    Path dir;

    private Path tinySd() throws Exception {
        return dev.flowsmith.diffusion.TinyStableDiffusion.copyTo(dir.resolve("tiny-sd"));
    }

    @Test
    void aPromptEditsTheKeyframesTogetherAndEveryFrameFollows() throws Exception {
        Path sd = tinySd(), clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 8, 32);
        Path out = dir.resolve("edited.mkv");
        assertThat(Flowsmith.run("edit", clip.toString(), out.toString(), "--prompt", "a watercolour painting", "--model", sd.toString(),
                "--steps", "6", "--strength", "0.5", "--size", "16", "--codec", "ffv1")).isZero();
        assertThat(stdout()).contains("8 frames from").contains("edited at 16x16");
        var v = MediaProbe.probe(out).requireVideo();
        assertThat(v.frameCount()).isEqualTo(8);
        assertThat(v.displayWidth()).isEqualTo(32);
        Path kf = dir.resolve("edited.keyframes");
        assertThat(kf.resolve("edit.json")).exists();
        try (var files = Files.list(kf.resolve("source"))) {
            Path original = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(kf.resolve(original.getFileName()))).as("the keyframe was edited")
                    .isNotEqualTo(Files.readAllBytes(original));
        }
        // the same job again with --resume: the edited keyframes are reused
        assertThat(Flowsmith.run("edit", clip.toString(), out.toString(), "--prompt", "a watercolour painting", "--model", sd.toString(),
                "--steps", "6", "--strength", "0.5", "--size", "16", "--codec", "ffv1", "--resume", "-y")).isZero();
        assertThat(stdout()).contains("reused from the interrupted run");
    }

    static java.util.List<Integer> frameHashes(Path file) {
        java.util.List<Integer> h = new java.util.ArrayList<>();
        try (dev.flowsmith.media.VideoReader r = dev.flowsmith.media.VideoReader.open(file)) {
            dev.flowsmith.media.VideoFrame f;
            while ((f = r.read()) != null) {
                h.add(java.util.Arrays.hashCode(f.data()));
            }
        }
        return h;
    }

    /** With DDIM noise (--eta) the seed decides it: the same seed gives the same frames, another seed others. */
    @Test
    void theSameSeedGivesTheSameFramesAndAnotherSeedOthers() throws Exception {
        Path sd = tinySd(), clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 6, 32);
        java.util.List<java.util.List<Integer>> runs = new java.util.ArrayList<>();
        for (String[] run : new String[][]{{"a.mkv", "3"}, {"b.mkv", "3"}, {"c.mkv", "4"}}) {
            Path out = dir.resolve(run[0]);
            assertThat(Flowsmith.run("edit", clip.toString(), out.toString(), "--prompt", "a watercolour painting", "--model",
                    sd.toString(), "--steps", "4", "--strength", "0.75", "--size", "16", "--eta", "1", "--seed", run[1],
                    "--codec", "ffv1")).isZero();
            runs.add(frameHashes(out));
        }
        assertThat(runs.get(0)).hasSize(6).isEqualTo(runs.get(1));
        assertThat(runs.get(2)).isNotEqualTo(runs.get(0));
        assertThat(Flowsmith.run("edit", clip.toString(), dir.resolve("d.mkv").toString(), "--prompt", "x", "--model", sd.toString(),
                "--eta", "3")).isEqualTo(2);
        assertThat(stderr()).contains("--eta");
    }

    /**
     * {@code --device}: the UNet on the CPU backend and on the first OpenCL device (PoCL here) gives the host's frames
     * to float rounding (PSNR against the host's run), the same frames on every run, and a device that is not there
     * stops the job before any work with a sentence naming it.
     */
    @Test
    void theUNetOnAComputeDeviceGivesTheHostsFrames() throws Exception {
        Path sd = tinySd(), clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 6, 32);
        String[] opts = {"--prompt", "a watercolour painting", "--model", sd.toString(), "--steps", "4", "--strength", "0.75",
                "--size", "16", "--max-length", "2", "--codec", "ffv1"}; // at most 2 frames a segment: 2 keyframes edited jointly
        Path host = dir.resolve("host.mkv");
        assertThat(Flowsmith.run(concat(new String[]{"edit", clip.toString(), host.toString()}, opts))).isZero();
        assertThat(stdout()).contains("from 2 keyframes edited at 16x16 on the host");
        java.util.List<String> devices = new java.util.ArrayList<>(java.util.List.of("cpu"));
        if (!dev.flowsmith.kernels.opencl.OpenClDevices.list().isEmpty()) {
            devices.add("opencl:0");
        }
        for (String device : devices) {
            Path a = dir.resolve(device.replace(':', '-') + "-a.mkv"), b = dir.resolve(device.replace(':', '-') + "-b.mkv");
            for (Path out : new Path[]{a, b}) {
                assertThat(Flowsmith.run(concat(new String[]{"edit", clip.toString(), out.toString(), "--device", device}, opts)))
                        .as(device + ": " + stderr()).isZero();
                assertThat(stdout()).as("the summary names the device").contains("edited at 16x16 on device " + device);
            }
            assertThat(frameHashes(b)).as(device + ": the same frames again").isEqualTo(frameHashes(a));
            assertThat(meanPsnr(a, host)).as(device + " against the host").isGreaterThan(45);
        }
        assertThat(Flowsmith.run(concat(new String[]{"edit", clip.toString(), dir.resolve("x.mkv").toString(), "--device", "opencl:7"}, opts)))
                .isEqualTo(1);
        assertThat(stderr()).contains("'opencl:7' is not present").doesNotContain("Exception");
        assertThat(dir.resolve("x.keyframes")).doesNotExist();
    }

    private static double meanPsnr(Path a, Path b) {
        double sum = 0;
        int n = 0;
        try (dev.flowsmith.media.VideoReader ra = dev.flowsmith.media.VideoReader.open(a);
             dev.flowsmith.media.VideoReader rb = dev.flowsmith.media.VideoReader.open(b)) {
            dev.flowsmith.media.VideoFrame fa, fb;
            while ((fa = ra.read()) != null && (fb = rb.read()) != null) {
                sum += Math.min(99, dev.flowsmith.restoration.quality.QualityMetrics.psnrY(fa, fb, 0));
                n++;
            }
        }
        return sum / n;
    }

    /**
     * A text edit cancelled half way through its joint keyframe edit keeps the state of its last finished step; the
     * same command run again continues from there (only the steps left are run) and writes the frames an uninterrupted
     * run writes; the state file is gone once the edit is stored.
     */
    @Test
    void anEditCancelledMidwayContinuesFromItsLastStepToTheSameFrames() throws Exception {
        Path sd = tinySd(), clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 6, 32);
        String[] opts = {"--prompt", "a watercolour painting", "--model", sd.toString(), "--steps", "6", "--strength", "0.75",
                "--size", "16", "--eta", "1", "--seed", "5", "--codec", "ffv1"};
        Path whole = dir.resolve("whole.mkv"), out = dir.resolve("cut.mkv"), kf = dir.resolve("cut.keyframes");
        assertThat(Flowsmith.run(concat(new String[]{"edit", clip.toString(), whole.toString()}, opts))).isZero();
        var settings = new dev.flowsmith.diffusion.sd.KeyframeTranslation.Settings("a watercolour painting", "", 0.75, 6, 7.5, 20,
                0.5, 0.8, 1, 5);
        var req = new dev.flowsmith.editing.keyframes.TextEditJob.Request(clip, out, kf, sd, null, settings, 16,
                dev.flowsmith.editing.keyframes.KeyframeSelector.Params.ofSensitivity(0.5, 12),
                EncoderOptions.settings("ffv1", null, "medium", 8), false, false);
        var cancel = new dev.flowsmith.media.CancellationToken();
        // the joint edit is reported from 1/4 to 3/4 of the job: cancel in the middle of its denoising
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.flowsmith.editing.keyframes.TextEditJob.run(req,
                (done, total) -> {
                    if (done * 8 >= 5L * total) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(dev.flowsmith.media.MediaCancelledException.class);
        assertThat(kf.resolve(dev.flowsmith.editing.keyframes.TextEditJob.EDIT_STATE)).exists();
        assertThat(kf.resolve("edit.json")).doesNotExist();
        assertThat(Flowsmith.run(concat(new String[]{"edit", clip.toString(), out.toString()}, opts))).isZero();
        assertThat(stdout()).containsPattern("continued after step [1-9][0-9]* of the interrupted edit");
        assertThat(kf.resolve(dev.flowsmith.editing.keyframes.TextEditJob.EDIT_STATE)).doesNotExist();
        assertThat(frameHashes(out)).hasSize(6).isEqualTo(frameHashes(whole));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void absurdOptionsAndAForeignModelFolderAreRefusedWithASentence() throws Exception {
        Path clip = dev.flowsmith.media.SmallClips.of(FLOWER, dir.resolve("small.mkv"), 4, 32);
        assertThat(Flowsmith.run("edit", clip.toString(), dir.resolve("a.mkv").toString(), "--prompt", "x", "--model", dir.toString(),
                "--strength", "2")).isEqualTo(2);
        assertThat(stderr()).contains("--strength");
        assertThat(Flowsmith.run("edit", clip.toString(), dir.resolve("b.mkv").toString(), "--prompt", "x", "--model",
                dir.resolve("nothing").toString())).isEqualTo(1);
        assertThat(stderr()).contains("not a Stable Diffusion folder").doesNotContain("Exception");
    }
}
