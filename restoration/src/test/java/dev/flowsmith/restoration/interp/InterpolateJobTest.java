package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.FFmpegLibrary;
import dev.flowsmith.media.MediaCancelledException;
import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.ReferenceTools;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.job.FrameSequence;
import dev.flowsmith.restoration.job.RestoreJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interpolation job on generated clips with a plain blend as the "network" (the job's placement in time, cut
 * handling, segments and resume are what is tested here; RIFE itself is tested against its reference binary).
 */
class InterpolateJobTest {
    @TempDir
    static Path dir;
    static Path clip;
    static final EncoderSettings FFV1 = EncoderSettings.defaults(VideoCodec.FFV1);
    static final AtomicInteger blends = new AtomicInteger();

    /** 3 s at 10 fps, 96x64: 1.5 s of a moving test pattern, a cut, 1.5 s of another; a tone throughout. */
    @BeforeAll
    static void makeClip() {
        clip = dir.resolve("cut.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=s=96x64:r=10:d=1.5", "-f", "lavfi", "-t", "1.5", "-i", "mandelbrot=s=96x64:r=10",
                "-f", "lavfi", "-i", "sine=f=440:d=3:sample_rate=48000",
                "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv444p[v]", "-map", "[v]", "-map", "2:a",
                "-c:v", "ffv1", "-c:a", "pcm_s16le", clip.toString()));
    }

    static VideoFrame blend(VideoFrame a, VideoFrame b, float t) {
        blends.incrementAndGet();
        VideoFrame f = new VideoFrame(a.width(), a.height());
        for (int i = 0; i < f.data().length; i++) {
            f.data()[i] = (1 - t) * a.data()[i] + t * b.data()[i];
        }
        return f;
    }

    static InterpolateJob.Request request(Path out, Rational rate, boolean slow, InterpolateJob.SlowMotionSound sound, boolean resume) {
        return new InterpolateJob.Request(clip, out, InterpolateJobTest::blend, "blend", FFV1, rate, slow, sound,
                SceneCuts.DEFAULT_THRESHOLD, 1.0, resume, true);
    }

    static List<VideoFrame> frames(Path file) {
        List<VideoFrame> out = new ArrayList<>();
        try (VideoReader r = VideoReader.open(file)) {
            FrameSequence s = FrameSequence.of(r);
            VideoFrame f = new VideoFrame();
            while (s.read(f)) {
                out.add(f.copy());
            }
        }
        return out;
    }

    static double meanDiff(VideoFrame a, VideoFrame b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += Math.abs(a.data()[i] - b.data()[i]);
        }
        return s / a.data().length;
    }

    @Test
    void doublingTheRateKeepsTheDurationAndTheSoundAndDoesNotBlendAcrossTheCut() {
        Path out = dir.resolve("x2.mkv");
        InterpolateJob.Result r = InterpolateJob.run(request(out, new Rational(20, 1), false, InterpolateJob.SlowMotionSound.DROP, false),
                ProgressListener.NONE, new CancellationToken());
        List<VideoFrame> src = frames(clip), got = frames(out);
        assertEquals(30, src.size());
        assertEquals(60, got.size());
        assertEquals(60, r.framesWritten());
        assertEquals(1, r.cutsHeld(), "one pair straddles the cut");
        assertEquals(28, r.framesMade(), "29 pairs, less the cut; the last frame's follower is the last frame");
        MediaInfo info = MediaProbe.probe(out);
        assertEquals(20.0, info.requireVideo().avgFrameRate().toDouble(), 1e-9);
        assertEquals(3.0, info.durationSeconds(), 0.06);
        assertTrue(info.audioStreams().size() == 1, "the sound is kept");
        for (int k = 0; k < 30; k++) {
            assertTrue(meanDiff(got.get(2 * k), src.get(k)) < 0.03, "output frame " + 2 * k + " is source frame " + k + ": "
                    + meanDiff(got.get(2 * k), src.get(k)));
        }
        // in between: the blend at 0.5, except across the cut (source 14 -> 15) where the next frame is held
        // (tolerances: the FFV1 output is 4:2:0, which costs about 0.015 on this colourful pattern)
        double toBlend = meanDiff(got.get(5), blend(src.get(2), src.get(3), 0.5f));
        assertTrue(toBlend < 0.03 && toBlend < meanDiff(got.get(5), src.get(2)) && toBlend < meanDiff(got.get(5), src.get(3)),
                "output frame 5 is the blend of source frames 2 and 3");
        assertTrue(meanDiff(got.get(29), src.get(15)) < 0.03, "no blend across the cut");
        assertTrue(meanDiff(got.get(29), blend(src.get(14), src.get(15), 0.5f)) > 0.05);
    }

    @Test
    void slowMotionPlaysLongerAndDropsOrKeepsTheSound() {
        Path drop = dir.resolve("slow.mkv"), keep = dir.resolve("slow-keep.mkv");
        InterpolateJob.run(request(drop, new Rational(40, 1), true, InterpolateJob.SlowMotionSound.DROP, false), ProgressListener.NONE,
                new CancellationToken());
        MediaInfo d = MediaProbe.probe(drop);
        assertEquals(10.0, d.requireVideo().avgFrameRate().toDouble(), 1e-9, "slow motion plays at the source's rate");
        assertEquals(120, frames(drop).size());
        assertEquals(12.0, d.requireVideo().durationSeconds() > 0 ? d.requireVideo().durationSeconds() : d.durationSeconds(), 0.15);
        assertTrue(d.audioStreams().isEmpty(), "sound dropped");
        InterpolateJob.run(request(keep, new Rational(40, 1), true, InterpolateJob.SlowMotionSound.KEEP, false), ProgressListener.NONE,
                new CancellationToken());
        assertEquals(1, MediaProbe.probe(keep).audioStreams().size(), "sound kept");
        Path stretch = dir.resolve("slow-stretch.mkv");
        InterpolateJob.run(request(stretch, new Rational(20, 1), true, InterpolateJob.SlowMotionSound.STRETCH, false), ProgressListener.NONE,
                new CancellationToken());
        MediaInfo s = MediaProbe.probe(stretch);
        assertEquals(1, s.audioStreams().size(), "sound stretched");
        assertEquals(6.0, s.durationSeconds(), 0.15, "picture and sound both twice as long");
        // the sound alone: decoded to the end, not the container's word for it
        try (dev.flowsmith.media.AudioReader a = dev.flowsmith.media.AudioReader.open(stretch, 48000)) {
            float[] buf = new float[2 * 4800];
            long n = 0;
            int got;
            while ((got = a.read(buf, 4800)) > 0) {
                n += got;
            }
            assertEquals(6.0, n / 48000.0, 0.1, "the sound is stretched to the picture's length");
        }
        assertThrows(dev.flowsmith.media.UnsupportedMediaException.class, () -> InterpolateJob.run(request(dir.resolve("x8.mkv"),
                new Rational(80, 1), true, InterpolateJob.SlowMotionSound.STRETCH, false), ProgressListener.NONE, new CancellationToken()));
    }

    @Test
    void aResumedJobWritesTheSameFramesAsAnUninterruptedOne() {
        Path whole = dir.resolve("whole.mkv"), resumed = dir.resolve("resumed.mkv");
        Rational rate = new Rational(25, 1); // 2.5x: timesteps 0, 0.4, 0.8, 0.2, 0.6 ...
        InterpolateJob.run(request(whole, rate, false, InterpolateJob.SlowMotionSound.DROP, false), ProgressListener.NONE,
                new CancellationToken());
        CancellationToken cancel = new CancellationToken();
        ProgressListener stopAfter12 = (done, total) -> {
            if (done >= 12) {
                cancel.cancel();
            }
        };
        assertThrows(MediaCancelledException.class, () -> InterpolateJob.run(request(resumed, rate, false,
                InterpolateJob.SlowMotionSound.DROP, false), stopAfter12, cancel));
        assertTrue(Files.isDirectory(RestoreJob.jobDir(resumed)), "the finished segments are kept");
        assertFalse(Files.exists(resumed));
        InterpolateJob.Result r = InterpolateJob.run(request(resumed, rate, false, InterpolateJob.SlowMotionSound.DROP, true),
                ProgressListener.NONE, new CancellationToken());
        assertTrue(r.sourceFramesReused() >= 10, "segments of 10 source frames were reused: " + r.sourceFramesReused());
        List<VideoFrame> a = frames(whole), b = frames(resumed);
        assertEquals(75, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(0, meanDiff(a.get(i), b.get(i)), 1e-7, "frame " + i);
        }
    }

    @Test
    void variableFrameRateInputIsPlacedByTimestamps() {
        // 10 frames 0.1 s apart, then 5 frames 0.2 s apart: a constant 10 fps output blends halfway in the sparse part
        Path vfr = dir.resolve("vfr.mkv"), out = dir.resolve("vfr10.mkv");
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=s=96x64:r=10:d=1.5", "-vf", "setpts='if(lt(N,10),N*0.1,1.0+(N-10)*0.2)/TB',format=yuv444p",
                "-fps_mode", "passthrough", "-c:v", "ffv1", vfr.toString()));
        InterpolateJob.Request req = new InterpolateJob.Request(vfr, out, InterpolateJobTest::blend, "blend", FFV1, new Rational(10, 1),
                false, InterpolateJob.SlowMotionSound.DROP, SceneCuts.DEFAULT_THRESHOLD, 4.0, false, true);
        InterpolateJob.Result r = InterpolateJob.run(req, ProgressListener.NONE, new CancellationToken());
        assertEquals(15, r.sourceFrames());
        // 0.0..0.9: 10 frames; 1.0..1.8 in steps of 0.1 (the last source frame lasts one frame of the stream's nominal
        // 10 fps, so nothing at 1.9)
        assertEquals(19, r.framesWritten());
        assertEquals(4, r.framesMade(), "1.1, 1.3, 1.5, 1.7 fall between source frames");
    }

    /**
     * The preview: seconds around the playhead made by the same job, beside the same seconds with frames repeated, in
     * step frame for frame; the cut-out source range is not left behind.
     */
    @Test
    void thePreviewPairsTheInterpolatedSecondsWithRepeatedFramesInStep() throws Exception {
        Path previews = Files.createDirectories(dir.resolve("previews"));
        InterpolatePreview.Result r = InterpolatePreview.run(clip, 8, 1.0, InterpolateJobTest::blend, "blend", new Rational(20, 1),
                false, SceneCuts.DEFAULT_THRESHOLD, previews, "cut", ProgressListener.NONE, new CancellationToken());
        assertEquals(3, r.firstFrame(), "1 s at 10 fps centred on frame 8");
        List<VideoFrame> src = frames(clip), made = frames(r.interpolated()), held = frames(r.repeated());
        assertEquals(20, made.size());
        assertEquals(made.size(), held.size());
        assertEquals(20.0, MediaProbe.probe(r.repeated()).requireVideo().avgFrameRate().toDouble(), 1e-9);
        // it starts at source frame 3 (the cut-out range is lossless but 4:2:0, hence the margin)
        int closest = 0;
        for (int k = 0; k < src.size(); k++) {
            closest = meanDiff(made.get(0), src.get(k)) < meanDiff(made.get(0), src.get(closest)) ? k : closest;
        }
        assertEquals(3, closest, "the preview's first frame is source frame 3");
        for (int k = 0; k < 20; k += 2) {
            assertTrue(meanDiff(made.get(k), held.get(k)) < 1e-6, "even frames are the source's in both: " + k);
        }
        // odd ones: the blend of its neighbours in one, a neighbour repeated in the other
        assertTrue(meanDiff(made.get(5), blend(made.get(4), made.get(6), 0.5f)) < 0.005, "halfway between its neighbours");
        assertTrue(Math.min(meanDiff(held.get(5), held.get(4)), meanDiff(held.get(5), held.get(6))) < 1e-6, "a source frame repeated");
        assertTrue(meanDiff(held.get(5), made.get(5)) > 0.005, "so the two differ there");
        assertFalse(Files.exists(previews.resolve("cut-source.mkv")), "the cut-out range is deleted");
        assertTrue(MediaProbe.probe(r.interpolated()).audioStreams().isEmpty(), "a preview has no sound");
    }
}
