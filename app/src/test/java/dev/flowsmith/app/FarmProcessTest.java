package dev.flowsmith.app;

import dev.flowsmith.farm.FarmClient;
import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmResult;
import dev.flowsmith.farm.SegmentDone;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The farm as separate processes on loopback, as a user runs it: {@code flowsmith farm dev-server}, two
 * {@code flowsmith worker}s and {@code flowsmith submit --wait} as the coordinator. One worker is killed with SIGKILL in
 * the middle of a segment: the server hands the segment to the other worker after the heartbeat timeout, every segment
 * is made exactly once into the result, and the output's frames equal a local {@code flowsmith restore}'s. Then a job
 * whose last segment changes picture size (a real poison input) reports that segment and finishes the others.
 */
@Timeout(420)
class FarmProcessTest {
    static final String WOLF = "videos/tokenflow/data/wolf.mp4"; // 512x512, 40 frames at 20 fps
    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    Process flowsmith(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx700m",
                "--add-modules", "jdk.incubator.vector"));
        for (String prop : List.of("org.bytedeco.javacpp.cachedir", "flowsmith.cache", "flowsmith.recovery")) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.flowsmith.app.Flowsmith"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for {@code pattern} in the log; its first group. */
    static String await(Path log, Pattern pattern, Process p, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            Matcher m = pattern.matcher(read(log));
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + pattern + "' did not appear" + (p.isAlive() ? "" : " (exit " + p.exitValue() + ")") + ": " + read(log));
    }

    static List<Integer> frameHashes(Path file) {
        return dev.flowsmith.media.FrameHashes.of(file);
    }

    @Test
    void aWorkerKilledMidSegmentLosesNothingAndAPoisonSegmentIsReportedWhileTheRestFinish() throws Exception {
        Path serverLog = dir.resolve("server.log");
        Process server = flowsmith(serverLog, "farm", "dev-server", "--port", "0");
        String target = "127.0.0.1:" + await(serverLog, Pattern.compile("Farm dev server on 127\\.0\\.0\\.1:(\\d+)"), server, 60);
        Path log1 = dir.resolve("worker1.log"), log2 = dir.resolve("worker2.log");
        // the dev server coordinates (decisions, plan, join); the workers only make segments
        Process w1 = flowsmith(log1, "worker", "--server", target, "--no-coordinator");
        Process w2 = flowsmith(log2, "worker", "--server", target, "--no-coordinator");
        await(log1, Pattern.compile("takes segments"), w1, 60);
        await(log2, Pattern.compile("takes segments"), w2, 60);

        // FFV1: bit-exact, so "the farm's frames are the local run's" is checked exactly (x264's are not repeatable:
        // docs/farm.md); the denoiser gives the same frames in cold worker JVMs as in this warm one
        Path out = dir.resolve("wolf-denoised.mkv");
        Path submitLog = dir.resolve("submit.log");
        Process submit = flowsmith(submitLog, "submit", "--server", target, "--job", "wolf", "--heartbeat", "5", "--wait",
                "restore", SharedData.file(WOLF).toString(), out.toString(), "--task", "denoise", "--segment-seconds", "0.5", "--codec", "ffv1");
        // kill worker 1 (SIGKILL: no goodbye, no cleanup) once it is a second into a segment
        String killed = await(log1, Pattern.compile("started wolf segment (\\d+)"), w1, 120);
        Thread.sleep(500);
        w1.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(submit.waitFor(240, TimeUnit.SECONDS)).as(read(submitLog) + "\nworker 1:\n" + read(log1) + "\nworker 2:\n" + read(log2)).isTrue();
        assertThat(submit.exitValue()).as(read(submitLog) + read(log2)).isZero();
        assertThat(read(submitLog)).contains("Wrote " + out).contains("4 segments");
        assertThat(read(log1)).doesNotContain("finished wolf segment " + killed + " ");
        assertThat(read(log2)).contains("finished wolf segment " + killed + " ").contains(", try 2: ");

        FarmResult result;
        try (FarmConnection c = FarmConnection.open(target, "default", "test")) {
            result = new FarmClient(c).await("wolf");
        }
        assertThat(result.segments()).extracting(SegmentDone::index).as("each segment exactly once").containsExactly(0, 1, 2, 3);
        SegmentDone redone = result.segments().get(Integer.parseInt(killed));
        assertThat(redone.attempt()).isEqualTo(2);
        assertThat(redone.worker()).contains("/" + w2.pid() + " ");

        Path local = dir.resolve("local.mkv");
        assertThat(Flowsmith.run("restore", SharedData.file(WOLF).toString(), local.toString(), "--task", "denoise",
                "--segment-seconds", "0.5", "--codec", "ffv1")).isZero();
        assertThat(frameHashes(out)).as("the farm's frames are the local run's").hasSize(40).isEqualTo(frameHashes(local));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temp file, no job folder left")
                    .noneMatch(n -> n.contains(".part") || n.contains("flowsmith-farm"));
        }

        // a real poison input: the last segment's frames change picture size
        Path mixed = sizeChangeClip(dir.resolve("mixed.ts"));
        Path poisonLog = dir.resolve("poison.log");
        Process poison = flowsmith(poisonLog, "submit", "--server", target, "--job", "mixed", "--wait", "restore", mixed.toString(),
                dir.resolve("mixed-out.mp4").toString(), "--task", "deblur", "--segment-seconds", "0.5");
        assertThat(poison.waitFor(240, TimeUnit.SECONDS)).isTrue();
        String said = read(poisonLog);
        assertThat(poison.exitValue()).as(said).isEqualTo(1);
        assertThat(said).contains("segment 3 (from frame 30)").contains("changes its picture size at frame 30")
                .contains("the 3 finished segment(s) are kept").contains("flowsmith farm resume mixed")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(read(log2)).as("poison is not retried").containsOnlyOnce("started mixed segment 3");
        assertThat(dir.resolve("mixed-out.mp4")).doesNotExist();
    }

    /** 30 frames of the wolf at 512x512, then 6 at 320x176, as one MPEG-TS stream (two recordings cut together). */
    static Path sizeChangeClip(Path out) throws IOException {
        Path a = out.resolveSibling("a.ts"), b = out.resolveSibling("b.ts");
        String ffmpeg = dev.flowsmith.media.FFmpegLibrary.ffmpegExecutable().toString(), wolf = SharedData.file(WOLF).toString();
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-y", "-i", wolf, "-frames:v", "30", "-an", "-c:v", "libx264",
                "-preset", "ultrafast", a.toString()));
        ReferenceTools.run(List.of(ffmpeg, "-v", "error", "-y", "-ss", "1.5", "-i", wolf, "-frames:v", "6", "-an", "-vf",
                "scale=320:176", "-c:v", "libx264", "-preset", "ultrafast", "-output_ts_offset", "1.5", b.toString()));
        try (OutputStream o = Files.newOutputStream(out)) {
            Files.copy(a, o);
            Files.copy(b, o);
        }
        return out;
    }
}
