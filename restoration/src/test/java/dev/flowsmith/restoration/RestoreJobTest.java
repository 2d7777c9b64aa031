package dev.flowsmith.restoration;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaException;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.job.RestoreJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(180)
class RestoreJobTest {
    static final EncoderSettings ENCODER = new EncoderSettings(VideoCodec.H264, 20, "ultrafast", 8);
    static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4";
    @TempDir
    Path dir;

    static RestoreJob.Request request(Path in, Path out, boolean resume, boolean keepPartial) {
        return new RestoreJob.Request(in, out, () -> new BlendProcessor(0), ENCODER, 1.0, resume, keepPartial, false);
    }

    static List<Integer> frameHashes(Path file) {
        return dev.flowsmith.media.FrameHashes.of(file);
    }

    @Test
    void segmentedRestoreKeepsEveryFrameTheAudioAndTheWindowAcrossSeams() {
        Path in = SharedData.file(FLOWER);
        Path out = dir.resolve("out.mp4");
        RestoreJob.Result r = RestoreJob.run(request(in, out, false, false), ProgressListener.NONE, new CancellationToken());
        assertThat(r.segments()).isEqualTo(5); // 150 frames at 29.97 fps in 1-second segments
        var info = MediaProbe.probe(out);
        assertThat(info.requireVideo().frameCount()).isEqualTo(150);
        assertThat(info.audioStreams()).hasSize(1);
        assertThat(Files.exists(RestoreJob.jobDir(out))).as("job folder removed").isFalse();
        // frame 30 (first of segment 2) blends 29, 30 and 31: the window crossed the seam
        try (VideoReader src = VideoReader.open(in); VideoReader res = VideoReader.open(out)) {
            src.seek(29);
            float[] a = src.read().data().clone(), b = src.read().data().clone(), c = src.read().data().clone();
            res.seek(30);
            float[] got = res.read().data();
            double err = 0;
            for (int i = 0; i < got.length; i++) {
                err += Math.abs(got[i] - (1 - (a[i] + b[i] + c[i]) / 3));
            }
            assertThat(err / got.length).as("mean error against the expected blend (x264 CRF 20)").isLessThan(0.02);
        }
    }

    @Test
    void cancelKeepsSegmentsWritesAPartialResultAndResumeFinishesIdentically() throws IOException {
        Path in = SharedData.file(FLOWER);
        Path reference = dir.resolve("reference.mp4");
        RestoreJob.run(request(in, reference, false, false), ProgressListener.NONE, new CancellationToken());

        Path out = dir.resolve("work/out.mp4");
        Files.createDirectories(out.getParent());
        CancellationToken cancel = new CancellationToken();
        AtomicLong seen = new AtomicLong();
        assertThatThrownBy(() -> RestoreJob.run(request(in, out, false, true), (done, total) -> {
            if (seen.incrementAndGet() == 75) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(MediaCancelledException.class).hasMessageContaining("--resume");
        assertThat(out).doesNotExist();
        Path partial = RestoreJob.partialPath(out);
        assertThat(partial).isRegularFile();
        assertThat(MediaProbe.probe(partial).requireVideo().frameCount()).isEqualTo(60); // two whole segments

        // without --resume the interrupted job is not silently thrown away
        assertThatThrownBy(() -> RestoreJob.run(request(in, out, false, false), ProgressListener.NONE, new CancellationToken()))
                .isInstanceOf(MediaException.class).hasMessageContaining("--resume");
        RestoreJob.Result r = RestoreJob.run(request(in, out, true, false), ProgressListener.NONE, new CancellationToken());
        assertThat(r.framesReused()).isEqualTo(60);
        assertThat(r.framesProcessed()).isEqualTo(90);
        assertThat(frameHashes(out)).isEqualTo(frameHashes(reference));
    }

    @Test
    void killedMidJobResumesToTheSameFrames() throws Exception {
        Path in = SharedData.file(FLOWER);
        Path reference = dir.resolve("reference.mp4");
        RestoreJob.run(request(in, reference, false, false), ProgressListener.NONE, new CancellationToken());
        Path out = dir.resolve("killed.mp4");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                RestoreMain.class.getName(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path manifest = RestoreJob.jobDir(out).resolve("manifest.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline
                && !(Files.exists(manifest) && Files.readString(manifest).contains("segment-00001.mp4"))) {
            Thread.sleep(50);
        }
        child.destroyForcibly(); // SIGKILL: no chance to clean up
        child.waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.readString(manifest)).contains("segment-00001.mp4");
        assertThat(out).doesNotExist();
        RestoreJob.Result r = RestoreJob.run(new RestoreJob.Request(in, out, () -> new BlendProcessor(0), ENCODER, 1.0,
                true, false, false), ProgressListener.NONE, new CancellationToken());
        assertThat(r.framesReused()).isGreaterThanOrEqualTo(60);
        assertThat(frameHashes(out)).isEqualTo(frameHashes(reference));
    }

    @Test
    void preflightRefusesWhenTheDiskCannotHoldTheResult() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> dev.flowsmith.restoration.job.DiskSpaceCheck.check(dir, Long.MAX_VALUE / 8),
                dev.flowsmith.media.DiskFullException.class);
        assertThat(e.userMessage()).contains("Not enough disk space").contains("GB are free");
        assertThat(dev.flowsmith.restoration.job.DiskSpaceCheck.estimateBytes(ENCODER, 1920, 1080, 300))
                .isBetween(5_000_000L, 500_000_000L);
    }

    @Test
    void badInputAndBadTargetFailBeforeAnyOutputExists() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(100));
        Path out = dir.resolve("out/x.mp4");
        Files.createDirectories(out.getParent());
        assertThatThrownBy(() -> RestoreJob.run(request(notes, out, false, false), ProgressListener.NONE,
                new CancellationToken())).isInstanceOf(MediaException.class);
        try (var s = Files.list(out.getParent())) {
            assertThat(s.toList()).isEmpty();
        }
        Path in = SharedData.file(FLOWER);
        assertThatThrownBy(() -> RestoreJob.run(request(in, dir.resolve("missing/dir/x.mp4"), false, false),
                ProgressListener.NONE, new CancellationToken())).isInstanceOf(MediaException.class)
                .hasMessageContaining("does not exist");
        // a folder nothing can be written to (sysfs refuses even root): refused before any decoding
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys")), "SKIPPED: no /sys here");
        assertThatThrownBy(() -> RestoreJob.run(request(in, Path.of("/sys/flowsmith-out.mp4"), false, false),
                (done, total) -> { throw new AssertionError("decoding started"); }, new CancellationToken()))
                .isInstanceOf(dev.flowsmith.media.PermissionDeniedException.class).hasMessageContaining("cannot write");
        Files.writeString(out, "keep me");
        assertThatThrownBy(() -> RestoreJob.run(request(in, out, false, false), ProgressListener.NONE,
                new CancellationToken())).hasMessageContaining("already exists");
        assertThat(Files.readString(out)).isEqualTo("keep me");
        assertThat(RestoreJob.jobDir(out)).doesNotExist();
    }
}
