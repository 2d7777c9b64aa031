package dev.flowsmith.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsmith.media.JobFolderLock;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/reliability.md, end to end on real files made here: nothing the user made is overwritten or mixed, damaged
 * input and hostile projects give one sentence and exit 1, a second job on a running one is told so.
 */
@Timeout(300)
class ReliabilityTest extends ConsoleCapture {
    private static final String WOLF = "videos/tokenflow/data/wolf.mp4";
    private static final String WOMAN = "videos/tokenflow/data/woman-running.mp4"; // same size as the wolf: 512x512
    @TempDir
    Path dir;
    private void noJavaInternals() {
        assertThat(stderr()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error:  ");
    }

    @Test
    void thumbnailsNeverReplaceTheUsersFilesWithoutOverwrite() throws Exception {
        Path wolf = SharedData.file(WOLF), thumbs = dir.resolve("thumbs");
        assertThat(Flowsmith.run("thumbs", wolf.toString(), thumbs.toString(), "--count", "3")).isZero();
        Path first = thumbs.resolve("wolf_001.png");
        Files.writeString(first, "the user's own picture");
        assertThat(Flowsmith.run("thumbs", wolf.toString(), thumbs.toString(), "--count", "3")).isEqualTo(1);
        assertThat(stderr()).contains("already has").contains("--overwrite");
        assertThat(Files.readString(first)).isEqualTo("the user's own picture");
        assertThat(Flowsmith.run("thumbs", wolf.toString(), thumbs.toString(), "--count", "3", "--overwrite")).isZero();
        assertThat(Files.size(first)).isGreaterThan(1000);
        try (var s = Files.list(thumbs)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("no staging folder or .part file left").containsExactly("wolf_001.png", "wolf_002.png", "wolf_003.png");
        }
        noJavaInternals();
    }

    @Test
    void keyframeEditsAreNeverOverwrittenOrMixedAndBelongToTheirVideo() throws Exception {
        Path wolf = SharedData.file(WOLF), kf = dir.resolve("kf");
        assertThat(Flowsmith.run("keyframes", wolf.toString(), "--out", kf.toString())).isZero();
        Path png;
        try (var s = Files.list(kf)) {
            png = s.filter(p -> p.getFileName().toString().startsWith("keyframe-")).findFirst().orElseThrow();
        }
        byte[] edited = Files.readAllBytes(png);
        edited[edited.length / 2] ^= 1; // stands in for the user's edit
        Files.write(png, edited);
        assertThat(Flowsmith.run("keyframes", wolf.toString(), "--out", kf.toString())).isEqualTo(1);
        assertThat(stderr()).contains("already holds keyframes");
        assertThat(Files.readAllBytes(png)).as("the edit is kept").isEqualTo(edited);

        // replacing: every keyframe of the old run goes, none stays stale
        Path stale = kf.resolve("keyframe-999999.png");
        Files.copy(png, stale);
        assertThat(Flowsmith.run("keyframes", wolf.toString(), "--out", kf.toString(), "--overwrite", "--sensitivity", "0.2")).isZero();
        assertThat(stale).doesNotExist();

        // keyframes of the wolf do not propagate onto another 512x512 video
        Path woman = SharedData.file(WOMAN);
        assertThat(Flowsmith.run("propagate", woman.toString(), kf.toString(), dir.resolve("p.mp4").toString())).isEqualTo(1);
        assertThat(stderr()).contains("were made from another video");
        assertThat(dir.resolve("p.mp4")).doesNotExist();
        noJavaInternals();
    }

    @Test
    void damagedInputFailsLikeTranscodeUnlessAccepted() throws Exception {
        Path clip = dir.resolve("clip.mkv");
        assertThat(Flowsmith.run("transcode", SharedData.file(WOLF).toString(), clip.toString(), "--preset", "ultrafast")).isZero();
        byte[] all = Files.readAllBytes(clip);
        Path cut = dir.resolve("cut.mkv");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length * 3 / 10)); // 2 s clip: well past DamageCheck's 1 s slack
        Path restored = dir.resolve("restored.mkv");
        assertThat(Flowsmith.run("restore", cut.toString(), restored.toString(), "--task", "sr", "--method", "bicubic",
                "--codec", "ffv1")).isEqualTo(1);
        assertThat(stderr()).contains("cut.mkv").contains("ends early").contains("--accept-damaged");
        assertThat(restored).doesNotExist();
        assertThat(Flowsmith.run("restore", cut.toString(), restored.toString(), "--task", "sr", "--method", "bicubic",
                "--codec", "ffv1", "--accept-damaged", "--resume")).isZero();
        assertThat(stderr()).contains("Warning: the input is damaged");
        assertThat(restored).exists();
        noJavaInternals();
    }

    @Test
    void hostileProjectsAreRefusedAtOnceWithASentence() throws Exception {
        Path project = dir.resolve("p.fsproj");
        assertThat(Flowsmith.run("project", "new", project.toString(), SharedData.file(WOLF) + "@0-1")).isZero();
        ObjectMapper json = new ObjectMapper();
        List<String[]> cases = List.of(
                new String[]{"start", String.valueOf(Long.MAX_VALUE - 5), "beyond 100 hours"},
                new String[]{"sourceIn", "1900000", "only 2.000 s long"},
                new String[]{"rate", "1/1000000", "between 1 and 1000"},
                new String[]{"rate", "2000000000/1", "between 1 and 1000"});
        for (String[] c : cases) {
            ObjectNode root = (ObjectNode) json.readTree(project.toFile());
            if (c[0].equals("rate")) {
                ((ObjectNode) root.get("settings")).put("rate", c[1]);
            } else {
                ((ObjectNode) root.get("tracks").get(0).get("clips").get(0)).put(c[0], Long.parseLong(c[1]));
            }
            Path bad = dir.resolve("bad-" + c[0] + ".fsproj");
            json.writeValue(bad.toFile(), root);
            long t0 = System.nanoTime();
            assertThat(Flowsmith.run("render", bad.toString(), dir.resolve("out.mp4").toString())).as(c[0]).isEqualTo(1);
            assertThat((System.nanoTime() - t0) / 1e9).as("refused before any work").isLessThan(10);
            assertThat(stderr()).as(c[0]).contains(c[2]);
        }
        Path deep = dir.resolve("deep.fsproj");
        Files.writeString(deep, "{\"format\":\"flowsmith-project\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        assertThat(Flowsmith.run("render", deep.toString(), dir.resolve("out.mp4").toString())).isEqualTo(1);
        assertThat(stderr()).contains("deep.fsproj");
        assertThat(dir.resolve("out.mp4")).doesNotExist();
        noJavaInternals();
    }

    @Test
    void aSecondJobOnTheSameOutputIsToldTheFirstRuns() {
        Path target = dir.resolve("out.mp4");
        Path jobDir = dev.flowsmith.restoration.job.RestoreJob.jobDir(target);
        try (JobFolderLock running = JobFolderLock.acquire(jobDir, target)) {
            assertThat(Flowsmith.run("restore", SharedData.file(WOLF).toString(), target.toString(), "--task", "denoise"))
                    .isEqualTo(1);
        }
        assertThat(stderr()).contains("is running now").doesNotContain("delete");
        noJavaInternals();
    }

    /** A real full disk: a 3 MB tmpfs (root, as in CI; elsewhere skipped with the reason). */
    @Test
    void aFullDiskLeavesNoPartialThumbnailSet() throws Exception {
        Path small = java.nio.file.Files.createDirectory(dir.resolve("small-disk"));
        boolean root = "root".equals(System.getProperty("user.name"));
        org.junit.jupiter.api.Assumptions.assumeTrue(root || "true".equals(System.getenv("CI")),
                "SKIPPED: mounting a small tmpfs needs root");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mount a 3 MB tmpfs: " + said).isZero();
        try {
            Path thumbs = small.resolve("thumbs");
            assertThat(Flowsmith.run("thumbs", SharedData.file(WOLF).toString(), thumbs.toString(), "--count", "60",
                    "--height", "512")).isEqualTo(1);
            assertThat(stderr()).contains("disk is full").contains("none were left there");
            try (var s = Files.list(thumbs)) {
                assertThat(s.toList()).as("no partial set, no .part file, no staging folder").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
        noJavaInternals();
    }

    @Test
    void pipesAndDevicesAreNamedAsSuch() throws Exception {
        Path fifo = dir.resolve("stream.mp4");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        assertThat(Flowsmith.run("probe", fifo.toString())).isEqualTo(1);
        assertThat(Flowsmith.run("probe", "/dev/zero")).isEqualTo(1);
        assertThat(stderr()).contains("not a regular file but a pipe or device").doesNotContain("empty");
    }
}
