package dev.flowsmith.editing;

import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.editing.render.RenderJob;
import dev.flowsmith.editing.render.RenderPlan;
import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Renders real timelines and checks length, frames, sound length and sync at every cut. */
class RenderJobTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4"; // 60 fps, AAC
    static final String FLOWER = "videos/mdn/live-examples/media/cc0-videos/flower.mp4"; // 960x540 29.97 fps
    static final EncoderSettings X264 = EncoderSettings.defaults(VideoCodec.H264).withPreset("ultrafast");

    @TempDir
    Path dir;

    /** Pieces: (media, sourceIn seconds, length frames), appended in order. */
    private Project timeline(MediaRef first, Object[][] pieces) {
        EditHistory h = new EditHistory(Project.empty(MediaImport.settingsLike(first)));
        for (Object[] pc : pieces) {
            MediaRef m = (MediaRef) pc[0];
            h.perform(new InsertClip(m, h.current().duration(), Math.round((double) pc[1] * 1e6), (long) pc[2]));
        }
        return h.current();
    }

    @Test
    void threeCutTimelineHasTheRightLengthAndStaysInSyncAtEveryCut() {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        MediaRef flower = MediaImport.ref(SharedData.file(FLOWER));
        Object[][] pieces = {{speech, 0.5, 60L}, {speech, 2.0, 48L}, {speech, 3.3, 60L}, {flower, 1.0, 30L}};
        Project p = timeline(speech, pieces);
        Path out = dir.resolve("cut.mp4");
        RenderJob.Result r = RenderJob.run(new RenderJob.Request(p, out, X264, true, 1.0, false, false),
                ProgressListener.NONE, new CancellationToken());
        assertThat(r.plan().copy()).isFalse();
        assertThat(r.plan().verdict()).startsWith("Re-encode");

        MediaInfo info = MediaProbe.probe(out);
        double fps = 60.0;
        assertThat(info.requireVideo().frameCount()).isEqualTo(198);
        assertThat(info.requireVideo().durationSeconds()).isCloseTo(198 / fps, org.assertj.core.data.Offset.offset(1 / fps));
        assertThat(info.audioStreams()).hasSize(1);
        assertThat(info.audioStreams().get(0).durationSeconds()).isCloseTo(198 / fps, org.assertj.core.data.Offset.offset(1 / fps));

        // each cut: the sound right after it is the source's sound at the piece's in point, shifted by less than a frame
        long start = 0;
        for (int i = 0; i < 3; i++) {
            double in = (double) pieces[i][1];
            long lag = bestLag(out, start / fps + 0.05, SharedData.file(SPEECH), in + 0.05);
            assertThat(Math.abs(lag)).as("audio offset at cut %d in samples", i).isLessThan(48_000 / 60);
            assertThat(psnrAgainstSource(out, start, SharedData.file(SPEECH), in)).as("picture at cut %d", i).isGreaterThan(30);
            start += (long) pieces[i][2];
        }
    }

    @Test
    void theTimelineSoundFromAnySampleIsTheSameMixAsFromTheStart() {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        Project p = timeline(speech, new Object[][]{{speech, 0.5, 40L}, {speech, 3.0, 30L}, {speech, 1.0, 20L}});
        long start = dev.flowsmith.editing.render.TimelineSound.sampleAt(p, 35); // mid-clip, 5 frames before a cut
        int n = 48_000 / 2;
        float[] whole = new float[2 * (int) (start + n)], part = new float[2 * n];
        try (var a = new dev.flowsmith.editing.render.TimelineSound(p, 0); var b = new dev.flowsmith.editing.render.TimelineSound(p, start)) {
            int got = 0;
            float[] chunk = new float[2 * 1000];
            while (got < start + n) {
                int k = a.read(chunk, (int) Math.min(1000, start + n - got));
                System.arraycopy(chunk, 0, whole, 2 * got, 2 * k);
                got += k;
            }
            assertThat(b.read(part, n)).isEqualTo(n);
            assertThat(a.length()).isEqualTo(dev.flowsmith.editing.render.TimelineSound.sampleAt(p, 90));
        }
        float[] tail = java.util.Arrays.copyOfRange(whole, 2 * (int) start, whole.length);
        assertThat(part).as("playback from the playhead hears exactly the export's samples").containsExactly(tail);
        double energy = 0;
        for (float v : part) {
            energy += v * v;
        }
        assertThat(energy).as("there is sound to compare").isGreaterThan(1);
    }

    @Test
    void keyframeAlignedPiecesAreCopiedBitExact() {
        Path src = SharedData.file(SPEECH);
        MediaRef speech = MediaImport.ref(src);
        // keyframes of this file are at 0 s and 250/60 s
        Project p = timeline(speech, new Object[][]{{speech, 250 / 60.0, 50L}, {speech, 0.0, 90L}});
        RenderPlan plan = RenderPlan.of(p, true);
        assertThat(plan.copy()).as(plan.verdict()).isTrue();
        Path out = dir.resolve("copy.mp4");
        RenderJob.run(new RenderJob.Request(p, out, X264, true, 1.0, false, false), ProgressListener.NONE, new CancellationToken());
        List<Integer> got = frameHashes(out, 0, 140);
        List<Integer> want = new java.util.ArrayList<>(frameHashes(src, 250, 50));
        want.addAll(frameHashes(src, 0, 90));
        assertThat(got).isEqualTo(want);

        Project shifted = timeline(speech, new Object[][]{{speech, 0.5, 50L}});
        assertThat(RenderPlan.of(shifted, true).verdict()).contains("30 frame(s) after a keyframe");
    }

    @Test
    void cancelledRenderResumesFromItsSegments() {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        Project p = timeline(speech, new Object[][]{{speech, 0.5, 120L}, {speech, 3.0, 60L}});
        Path out = dir.resolve("resumed.mp4");
        CancellationToken cancel = new CancellationToken();
        ProgressListener stopAfterHalf = (done, total) -> {
            if (done >= 90) {
                cancel.cancel();
            }
        };
        assertThatThrownBy(() -> RenderJob.run(new RenderJob.Request(p, out, X264, false, 0.5, false, false),
                stopAfterHalf, cancel)).isInstanceOf(MediaCancelledException.class).hasMessageContaining("resume");
        assertThat(out).doesNotExist();
        assertThatThrownBy(() -> RenderJob.run(new RenderJob.Request(p, out, X264, false, 0.5, false, false),
                ProgressListener.NONE, new CancellationToken())).hasMessageContaining("interrupted render");
        RenderJob.Result r = RenderJob.run(new RenderJob.Request(p, out, X264, false, 0.5, true, false),
                ProgressListener.NONE, new CancellationToken());
        assertThat(r.segmentsReused()).isGreaterThanOrEqualTo(3);
        assertThat(MediaProbe.probe(out).requireVideo().frameCount()).isEqualTo(180);
        assertThat(RenderJob.jobDir(out)).doesNotExist();
    }

    @Test
    void missingMediaIsNamedBeforeAnyWork() {
        MediaRef speech = MediaImport.ref(SharedData.file(SPEECH));
        Project p = timeline(speech, new Object[][]{{speech, 0.0, 10L}});
        Project moved = p.withMedia(List.of(speech.withPath(dir.resolve("gone/sample.mp4"))));
        assertThatThrownBy(() -> RenderJob.run(new RenderJob.Request(moved, dir.resolve("x.mp4"), X264, true, 1, false, false),
                ProgressListener.NONE, new CancellationToken())).hasMessageContaining("cannot be found").hasMessageContaining("sample.mp4");
    }

    /** Lag (samples) that best aligns 0.1 s of the output's sound at {@code outAt} with the source's at {@code srcAt}. */
    static long bestLag(Path out, double outAt, Path src, double srcAt) {
        int n = 4800, maxLag = 1600;
        float[] a = mono(out, Math.round(outAt * 48_000) - maxLag, n + 2 * maxLag);
        float[] b = mono(src, Math.round(srcAt * 48_000), n);
        double best = -1;
        long bestLag = Long.MAX_VALUE;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double dot = 0, na = 0, nb = 0;
            for (int i = 0; i < n; i++) {
                double x = a[i + maxLag + lag], y = b[i];
                dot += x * y;
                na += x * x;
                nb += y * y;
            }
            double c = dot / Math.sqrt(na * nb + 1e-20);
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        assertThat(best).as("the sound matches the source's somewhere").isGreaterThan(0.8);
        return bestLag;
    }

    private static float[] mono(Path f, long from, int n) {
        try (AudioReader r = AudioReader.open(f, 48_000)) {
            r.seek(from);
            float[] st = new float[n * 2];
            int got = r.read(st, n);
            assertThat(got).isEqualTo(n);
            float[] m = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = (st[2 * i] + st[2 * i + 1]) / 2;
            }
            return m;
        }
    }

    private static double psnrAgainstSource(Path out, long frame, Path src, double srcSeconds) {
        try (VideoReader a = VideoReader.open(out); VideoReader b = VideoReader.open(src)) {
            a.seek(frame);
            b.seek(Math.round(srcSeconds * 60));
            VideoFrame fa = a.read().copy(), fb = b.read();
            double se = 0;
            for (int i = 0; i < fa.data().length; i++) {
                double d = fa.data()[i] - fb.data()[i];
                se += d * d;
            }
            return 10 * Math.log10(1 / (se / fa.data().length + 1e-12));
        }
    }

    static List<Integer> frameHashes(Path f, long first, int count) {
        try (VideoReader r = VideoReader.open(f)) {
            r.seek(first);
            List<Integer> out = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                VideoFrame fr = r.read();
                assertThat(fr).as("frame %d of %s", first + i, f.getFileName()).isNotNull();
                out.add(Arrays.hashCode(fr.data()));
            }
            return out;
        }
    }
}
