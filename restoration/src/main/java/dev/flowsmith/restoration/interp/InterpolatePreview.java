package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.media.VideoWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A preview of frame interpolation, as Topaz Video AI gives before a long job: a few seconds around a frame made at
 * the new rate by the same {@link InterpolateJob} (so it is what the job will make there), and beside it the same
 * seconds at the new rate with each source frame simply repeated, frame for frame in step with it: played side by
 * side or with the wipe, the difference in smoothness is what is judged. Both lossless (FFV1), no sound.
 */
public final class InterpolatePreview {
    /** The repeated-frames clip, the interpolated one (the same length and rate), and the source frame both start at. */
    public record Result(Path repeated, Path interpolated, long firstFrame, long frames) {
    }

    private InterpolatePreview() {
    }

    /**
     * Interpolates {@code seconds} of {@code source} centred on {@code aroundFrame} to {@code rate} (played as slow
     * motion when {@code slowMotion}) into {@code folder} (three files named after {@code name}).
     */
    public static Result run(Path source, long aroundFrame, double seconds, InterpolateJob.PairInterpolator interpolator,
                             String interpolatorId, Rational rate, boolean slowMotion, double sceneThreshold, Path folder, String name,
                             ProgressListener progress, CancellationToken cancel) {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new IllegalArgumentException("A preview lasts more than 0 and at most 60 seconds, not " + seconds + ".");
        }
        VideoStreamInfo v = MediaProbe.probe(source).requireVideo();
        Rational srcRate = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        double fps = srcRate.isKnown() ? srcRate.toDouble() : 30;
        long want = Math.max(2, Math.round(seconds * fps));
        long total = v.frameCount() > 0 ? v.frameCount() : Long.MAX_VALUE;
        long first = Math.max(0, Math.min(aroundFrame - want / 2, total == Long.MAX_VALUE ? aroundFrame : total - want));
        Path range = folder.resolve(name + "-source.mkv");
        Path interpolated = folder.resolve(name + "-interpolated.mkv");
        Path repeated = folder.resolve(name + "-repeated.mkv");
        try {
            long frames = cutRange(source, v, first, want, range, (d, t) -> progress.onProgress(d, 10L * t), cancel);
            EncoderSettings lossless = EncoderSettings.defaults(VideoCodec.FFV1);
            InterpolateJob.Result made = InterpolateJob.run(new InterpolateJob.Request(range, interpolated, interpolator, interpolatorId,
                    lossless, rate, slowMotion, InterpolateJob.SlowMotionSound.DROP, sceneThreshold, 60, false, true),
                    (d, t) -> progress.onProgress(t + 8 * d, 10L * t), cancel);
            InterpolateJob.PairInterpolator nearest = (a, b, t) -> (t < 0.5f ? a : b).copy();
            InterpolateJob.run(new InterpolateJob.Request(range, repeated, nearest, "repeat", lossless, rate, slowMotion,
                    InterpolateJob.SlowMotionSound.DROP, sceneThreshold, 60, false, true), (d, t) -> progress.onProgress(9 * t + d, 10L * t), cancel);
            return new Result(repeated.toAbsolutePath(), interpolated.toAbsolutePath(), first, made.framesWritten());
        } catch (RuntimeException e) {
            deleteQuietly(interpolated);
            deleteQuietly(repeated);
            throw e;
        } finally {
            deleteQuietly(range);
        }
    }

    /** Frames {@code [first, first + count)} of {@code source}, lossless, timed as in the source from 0. */
    private static long cutRange(Path source, VideoStreamInfo v, long first, long count, Path target, ProgressListener progress,
                                 CancellationToken cancel) {
        Rational rate = v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate();
        VideoWriter.Config cfg = new VideoWriter.Config(EncoderSettings.defaults(VideoCodec.FFV1), v.displayWidth(), v.displayHeight(),
                v.timeBase(), rate, v.color(), true, List.of(source));
        long done = 0;
        try (VideoReader reader = VideoReader.open(source); VideoWriter w = VideoWriter.open(target, cfg)) {
            dev.flowsmith.restoration.job.FrameSequence seq = dev.flowsmith.restoration.job.FrameSequence.of(reader);
            seq.seek(first);
            VideoFrame f = new VideoFrame();
            long pts0 = Long.MIN_VALUE;
            while (done < count && seq.read(f)) {
                cancel.check();
                pts0 = pts0 == Long.MIN_VALUE ? f.pts() : pts0;
                f.setPosition(done, f.pts() - pts0, f.timeBase());
                w.write(f);
                done++;
                progress.onProgress(done, count);
            }
            w.finish();
        }
        if (done < 2) {
            throw new dev.flowsmith.media.UnsupportedMediaException("'" + source.getFileName() + "' has fewer than two frames there: "
                    + "nothing to interpolate between (move the playhead).", "frames " + done);
        }
        return done;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
            // a temp file left in the previews folder; the folder is the system's temp
        }
    }
}
