package dev.flowsmith.farm;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.FileFingerprint;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.UnsupportedMediaException;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.restoration.BlendProcessor;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The farm's workflow in Temporal's in-JVM test environment (real time, no skipping), with real segments: Vid flower
 * (960x540, 150 frames, AAC) restored by the job engine in 1-second segments. Faults are injected around the real
 * work: a transient failure, a poison segment, a worker that sees another file, a cancel.
 */
@Timeout(240)
class FarmWorkflowTest {
    static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    static final EncoderSettings ENCODER = new EncoderSettings(VideoCodec.H264, 20, "ultrafast", 8);
    static final String QUEUE = "farm-test";

    @TempDir
    Path dir;
    TestWorkflowEnvironment env;
    FarmClient farm;

    /** Render calls per segment index, every try counted. */
    final Map<Integer, AtomicInteger> tries = new ConcurrentHashMap<>();
    /** Segments that fail as poison while set. */
    final java.util.Set<Integer> poison = ConcurrentHashMap.newKeySet();
    /** Segment failing once with a retryable error. */
    volatile int flaky = -1;
    volatile long sleepMillis = 0;

    @AfterEach
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    void start(int slots) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        FarmActivitiesImpl activities = new FarmActivitiesImpl(this::work, "test-worker");
        Worker w = env.newWorker(QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(slots).build());
        w.registerActivitiesImplementations(activities);
        Worker coordinator = env.newWorker(FarmJob.COORDINATOR_QUEUE);
        coordinator.registerWorkflowImplementationTypes(FarmWorkflowImpl.class);
        coordinator.registerActivitiesImplementations(activities);
        env.start();
        farm = new FarmClient(FarmConnection.of(env.getWorkflowServiceStubs(), env.getWorkflowClient()));
    }

    RestoreJob.Request request(Path in, Path out) {
        return new RestoreJob.Request(in, out, () -> new BlendProcessor(sleepMillis), ENCODER, 1.0, false, false, false);
    }

    /** The real segmented restore, with the test's faults around its render. */
    SegmentedWork work(FarmJob job) {
        SegmentedWork real = RestoreJob.segmented(request(Path.of(job.input()), Path.of(job.output())));
        return new SegmentedWork() {
            @Override
            public Layout layout() {
                return real.layout();
            }

            @Override
            public long render(long first, long maxFrames, Path target, LongConsumer framesDone, CancellationToken cancel) {
                int index = (int) (first / 30);
                int n = tries.computeIfAbsent(index, k -> new AtomicInteger()).incrementAndGet();
                if (poison.contains(index)) {
                    throw new UnsupportedMediaException("Frame " + first + " of 'flower.mp4' cannot be decoded.", "test");
                }
                if (index == flaky && n == 1) {
                    throw new MediaException("The shared disk did not answer.", "test");
                }
                return real.render(first, maxFrames, target, framesDone, cancel);
            }

            @Override
            public List<String> join(List<Path> segments, Path scratch) {
                return real.join(segments, scratch);
            }
        };
    }

    FarmJob job(String id, Path in, Path out) {
        return new FarmJob(id, "restore", List.of(), in.toAbsolutePath().toString(), out.toAbsolutePath().toString(),
                size(in), FileFingerprint.of(in), false, QUEUE, 4, 10, false);
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<Integer> frameHashes(Path file) {
        return dev.flowsmith.media.FrameHashes.of(file);
    }

    Path localRun(Path in) {
        Path reference = dir.resolve("local.mp4");
        if (!Files.exists(reference)) {
            long s = sleepMillis;
            sleepMillis = 0;
            RestoreJob.run(request(in, reference), ProgressListener.NONE, new CancellationToken());
            sleepMillis = s;
        }
        return reference;
    }

    @Test
    void farmRunEqualsTheLocalRunWithEachSegmentMadeOnce() {
        start(2);
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("farm.mp4");
        farm.submit(job("flower", in, out));
        FarmResult r = farm.await("flower");
        assertThat(r.frames()).isEqualTo(150);
        assertThat(r.segments()).extracting(SegmentDone::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.segments()).allSatisfy(s -> assertThat(s.attempt()).isEqualTo(1));
        assertThat(tries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(frameHashes(out)).isEqualTo(frameHashes(localRun(in)));
        assertThat(MediaProbe.probe(out).audioStreams()).as("the source's audio remuxed").hasSize(1);
        assertThat(new FarmFolder(out).dir()).as("job folder removed once joined").doesNotExist();
        assertThat(farm.status("flower").state()).isEqualTo("COMPLETED");
    }

    @Test
    void aTransientFailureIsRetriedAndTheResultIsUnchanged() {
        start(2);
        flaky = 2;
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("farm.mp4");
        farm.submit(job("flaky", in, out));
        FarmResult r = farm.await("flaky");
        assertThat(tries.get(2).get()).isEqualTo(2);
        assertThat(r.segments().get(2).attempt()).isEqualTo(2);
        assertThat(frameHashes(out)).isEqualTo(frameHashes(localRun(in)));
    }

    @Test
    void aPoisonSegmentIsReportedOnceWhileTheRestFinishAndResumeReusesThem() throws IOException {
        start(2);
        poison.add(1);
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("farm.mp4");
        farm.submit(job("poison", in, out));
        assertThatThrownBy(() -> farm.await("poison")).isInstanceOf(FarmException.class)
                .hasMessageContaining("segment 1 (frames 30-59)").hasMessageContaining("cannot be decoded")
                .hasMessageContaining("4 finished segment(s) are kept").hasMessageContaining("flowsmith farm resume poison");
        assertThat(tries.get(1).get()).as("poison is not retried").isEqualTo(1);
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(new FarmFolder(out).dir())) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && n.startsWith("segment")))
                    .containsExactlyInAnyOrder("segment-00000.json", "segment-00002.json", "segment-00003.json", "segment-00004.json");
        }
        // a new submit does not throw the finished segments away
        farm.submit(job("poison-again", in, out));
        assertThatThrownBy(() -> farm.await("poison-again")).isInstanceOf(FarmException.class)
                .hasMessageContaining("flowsmith farm resume poison");

        poison.clear(); // the input was fixed
        FarmJob resumed = farm.resume("poison");
        assertThat(resumed.resume()).isTrue();
        FarmResult r = farm.await("poison");
        assertThat(r.reusedSegments()).isEqualTo(4);
        assertThat(tries.get(0).get()).as("finished segments are not made again").isEqualTo(1);
        assertThat(frameHashes(out)).isEqualTo(frameHashes(localRun(in)));
    }

    @Test
    void aWorkerThatSeesAnotherFileRefusesAndSaysWhy() throws IOException {
        start(2);
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("farm.mp4");
        FarmJob j = job("other-file", in, out);
        FarmJob wrong = new FarmJob(j.id(), j.command(), j.arguments(), j.input(), j.output(), j.inputSize() + 1,
                j.inputFingerprint(), false, QUEUE, 2, 10, false);
        farm.submit(wrong);
        assertThatThrownBy(() -> farm.await("other-file")).isInstanceOf(FarmException.class)
                .hasMessageContaining("sees another file").hasMessageContaining("mount the same storage");
        assertThat(tries).as("no frame made from the wrong file").isEmpty();
    }

    @Test
    void cancelStopsTheJobKeepsFinishedSegmentsAndResumeFinishesIdentically() throws Exception {
        start(1);
        sleepMillis = 25; // about 0.75 s per segment, one at a time
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("farm.mp4");
        farm.submit(job("cancel", in, out));
        long deadline = System.currentTimeMillis() + 60_000;
        FarmClient.Status s = farm.status("cancel");
        while ((s.progress() == null || s.progress().finished().size() < 2) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            s = farm.status("cancel");
        }
        assertThat(s.progress().finished()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(FarmClient.describe(s).get(0)).contains("Farm job cancel: running, running");
        farm.cancel("cancel");
        assertThatThrownBy(() -> farm.await("cancel")).isInstanceOf(FarmException.class).hasMessageContaining("was cancelled")
                .hasMessageContaining("flowsmith farm resume cancel");
        Thread.sleep(1500); // the running segment stops at its next heartbeat
        sleepMillis = 0;
        farm.resume("cancel");
        FarmResult r = farm.await("cancel");
        assertThat(r.reusedSegments()).isGreaterThanOrEqualTo(2);
        assertThat(frameHashes(out)).isEqualTo(frameHashes(localRun(in)));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temp file left").noneMatch(n -> n.contains(".part"));
        }
    }
}
