package dev.flowsmith.restoration.job;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoStreamInfo;
import dev.flowsmith.media.VideoWriter;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Topaz-style preview: a few seconds around a frame restored with the chosen settings, so the user judges them
 * against the source before the long job. The same processor and frame window as {@link RestoreJob} (so the preview
 * shows exactly what the job will make there), written losslessly (FFV1) to a file whose frame 0 is the source's
 * frame {@link Result#firstFrame()}; no segments, no audio, nothing to resume.
 */
public final class RestorePreview {
    /** The preview file and the source frame its first frame shows. */
    public record Result(Path file, long firstFrame, long frames) {
    }

    private RestorePreview() {
    }

    /** Restores {@code seconds} of {@code source} centred on {@code aroundFrame} into {@code target} (.mkv). */
    public static Result run(Path source, long aroundFrame, double seconds, Supplier<FrameProcessor> processor, Path target,
                             ProgressListener progress, CancellationToken cancel) {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new IllegalArgumentException("A preview lasts more than 0 and at most 60 seconds, not " + seconds + ".");
        }
        VideoStreamInfo v = MediaProbe.probe(source).requireVideo();
        double fps = v.avgFrameRate().isKnown() ? v.avgFrameRate().toDouble() : 30;
        long want = Math.max(1, Math.round(seconds * fps));
        long total = v.frameCount() > 0 ? v.frameCount() : Long.MAX_VALUE;
        long first = Math.max(0, Math.min(aroundFrame - want / 2, total == Long.MAX_VALUE ? aroundFrame : total - want));
        long count = Math.min(want, total - first);
        try (FrameProcessor proc = processor.get(); VideoReader reader = VideoReader.open(source)) {
            int ow = proc.outputWidth(v.displayWidth()), oh = proc.outputHeight(v.displayHeight());
            VideoWriter.Config cfg = new VideoWriter.Config(EncoderSettings.defaults(VideoCodec.FFV1), ow, oh, v.timeBase(),
                    v.avgFrameRate().isKnown() ? v.avgFrameRate() : v.realFrameRate(), v.color(), true, List.of(source));
            FrameWindow window = new FrameWindow(FrameSequence.of(reader), proc.radius());
            window.startAt(first);
            proc.beginSegment(first);
            VideoFrame out = new VideoFrame(ow, oh);
            long done = 0;
            try (VideoWriter w = VideoWriter.open(target, cfg)) {
                while (done < count && window.advance()) {
                    cancel.check();
                    VideoFrame centre = window.get(0);
                    out.resize(ow, oh);
                    proc.process(window, out);
                    // frame 0 of the preview at time 0: the viewer pairs it with the source by index
                    out.setPosition(done, Math.round(done / fps / centre.timeBase().toDouble()), centre.timeBase());
                    w.write(out);
                    done++;
                    progress.onProgress(done, count);
                }
                w.finish();
            }
            return new Result(target.toAbsolutePath(), first, done);
        }
    }
}
