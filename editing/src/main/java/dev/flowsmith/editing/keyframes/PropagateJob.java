package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Propagation of a keyframe folder's edits to a whole video as a job of the segmented, resumable job
 * engine (cancel keeps finished segments, a kill resumes, the source's audio is kept), and the drift
 * meter: each frame's propagation confidence, with the frames where another keyframe would help.
 */
public final class PropagateJob {
    /** Confidence below which a frame is marked as needing another keyframe. */
    public static final double LOW_CONFIDENCE = 0.35;

    public record Result(Path output, long frames, int keyframes, double[] confidence) {
        /** Frames (one per stretch) where confidence falls below {@link #LOW_CONFIDENCE}: where to add keyframes. */
        public int[] suggestions() {
            return DriftMeter.suggestions(confidence, LOW_CONFIDENCE);
        }
    }

    private PropagateJob() {
    }

    /** A frame count the container states (0 or less: unknown, checked as frames are read). */
    private static boolean r0(long frames) {
        return frames > 0;
    }

    public static Result run(Path video, Path keyframeDir, Path output, EncoderSettings encoder, boolean resume, boolean overwrite,
                             ProgressListener progress, CancellationToken cancel) {
        return run(video, keyframeDir, output, encoder, SEGMENT_SECONDS, resume, overwrite, progress, cancel);
    }

    /** As above, in segments of {@code segmentSeconds} of the source. */
    public static Result run(Path video, Path keyframeDir, Path output, EncoderSettings encoder, double segmentSeconds, boolean resume,
                             boolean overwrite, ProgressListener progress, CancellationToken cancel) {
        KeyframeSet set = checkedKeyframes(video, keyframeDir);
        long frames = frameCount(video);
        double[] confidence = new double[(int) Math.max(1, frames)];
        Arrays.fill(confidence, Double.NaN);
        RestoreJob.Result r = RestoreJob.run(new RestoreJob.Request(video, output, () -> new Processor(video, set, confidence),
                encoder, segmentSeconds, resume, false, overwrite), progress, cancel);
        return new Result(r.output(), frames, set.keyframes().length, confidence);
    }

    /** Segment length of a propagation by default, in seconds of the source. */
    public static final double SEGMENT_SECONDS = 4;

    /**
     * The propagation as independent segments, for the farm (see {@link SegmentedWork}): a segment propagates from the
     * keyframes around it alone, so it equals the same frames of a local run. The drift meter's confidence stays on the
     * worker that made each frame.
     */
    public static SegmentedWork segmented(Path video, Path keyframeDir, Path output, EncoderSettings encoder, double segmentSeconds,
                                          boolean overwrite) {
        KeyframeSet set = checkedKeyframes(video, keyframeDir);
        double[] confidence = new double[(int) Math.max(1, frameCount(video))];
        return RestoreJob.segmented(new RestoreJob.Request(video, output, () -> new Processor(video, set, confidence),
                encoder, segmentSeconds, false, false, overwrite));
    }

    /** The keyframe folder, checked against the video: made from it, at its size, within its frames. */
    private static KeyframeSet checkedKeyframes(Path video, Path keyframeDir) {
        KeyframeSet set = KeyframeSet.load(keyframeDir);
        set.checkSource(video);
        try (VideoReader r = VideoReader.open(video)) {
            if (r.width() != set.width() || r.height() != set.height()) {
                throw new dev.flowsmith.editing.project.ProjectException("The keyframes were made from a " + set.width() + "x"
                        + set.height() + " video, but '" + video.getFileName() + "' is " + r.width() + "x" + r.height() + ".", "size");
            }
            if (r0(r.info().frameCount())) {
                set.checkFrames(r.info().frameCount());
            }
        }
        return set;
    }

    private static long frameCount(Path video) {
        try (VideoReader r = VideoReader.open(video)) {
            return r.info().frameCount();
        }
    }

    /** The job's frame processor: one propagator, reading keyframes lazily (two at a time in memory). */
    static final class Processor implements FrameProcessor, EditPropagator.Keyframes {
        private final Path video;
        private final KeyframeSet set;
        /** What the edited keyframes look like now: part of the job's identity, so a resume never mixes two edits. */
        private final String editsFingerprint;
        private final double[] confidence;
        private final Map<Integer, VideoFrame> sources = lru(), edits = lru();
        private VideoReader reader;
        private EditPropagator propagator;

        Processor(Path video, KeyframeSet set, double[] confidence) {
            this.editsFingerprint = set.contentFingerprint();
            this.video = video;
            this.set = set;
            this.confidence = confidence;
        }

        private static Map<Integer, VideoFrame> lru() {
            return new LinkedHashMap<>(4, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, VideoFrame> e) {
                    return size() > 2;
                }
            };
        }

        @Override
        public int radius() {
            return 0;
        }

        @Override
        public void process(FrameWindow window, VideoFrame out) {
            if (propagator == null) {
                propagator = new EditPropagator(video, this);
            }
            VideoFrame f = window.get(0);
            double c = propagator.render(f, (int) f.index(), out);
            if (f.index() < confidence.length) {
                confidence[(int) f.index()] = c;
            }
        }

        @Override
        public String describe() {
            return "propagate " + set.dir().toAbsolutePath() + " " + Arrays.toString(set.keyframes()) + " edits " + editsFingerprint;
        }

        @Override
        public int[] indices() {
            return set.keyframes();
        }

        @Override
        public VideoFrame source(int frame) {
            return sources.computeIfAbsent(frame, k -> {
                if (reader == null) {
                    reader = VideoReader.open(video);
                }
                reader.seek(k);
                return reader.read().copy();
            });
        }

        @Override
        public VideoFrame edited(int frame) {
            return edits.computeIfAbsent(frame, set::edited);
        }

        @Override
        public void close() {
            if (propagator != null) {
                propagator.close();
            }
            if (reader != null) {
                reader.close();
            }
        }
    }
}
