package dev.flowsmith.restoration.job;

import dev.flowsmith.media.VideoFrame;

/**
 * What a restore job does to each frame. A processor sees a window of {@link #radius()} frames on
 * each side of the frame it restores (clamped at the ends of the video) and writes the result into
 * {@code out}, sized by {@link #outputWidth}/{@link #outputHeight}. It must be deterministic: a job
 * resumed after a crash redoes a segment and must produce the same frames. One instance per job;
 * not shared between threads.
 */
public interface FrameProcessor extends AutoCloseable {
    /** Frames needed before and after the current one. */
    int radius();

    default int outputWidth(int inputWidth) {
        return inputWidth;
    }

    default int outputHeight(int inputHeight) {
        return inputHeight;
    }

    void process(FrameWindow window, VideoFrame out);

    /**
     * Output frames per input frame: 1, or 2 for a deinterlacer at field rate (each frame's two fields become two
     * frames, the output's frame rate doubled and its timestamps placed half a frame apart).
     */
    default int outputsPerFrame() {
        return 1;
    }

    /**
     * A processor that drops frames in a fixed cadence (inverse telecine keeps 4 of every 5): input and output frames per
     * cycle, cycles counted from frame 0; the output's frame rate is the input's times out/in and its frames are evenly
     * spaced. {1, 1}: every frame kept. Not combined with {@link #outputsPerFrame()} above 1.
     */
    default int[] cadence() {
        return new int[]{1, 1};
    }

    /**
     * With a {@link #cadence()}: the centre frame's place among its cycle's kept frames (0 .. out - 1), or -1 when it is
     * dropped. Must depend only on the frames (a resumed segment decides as the interrupted run did).
     */
    default int keptPlace(FrameWindow window) {
        return 0;
    }

    /** Output {@code sub} (0 .. {@link #outputsPerFrame()} - 1) of the window's centre frame. */
    default void process(FrameWindow window, VideoFrame out, int sub) {
        process(window, out);
    }

    /**
     * Called before the first frame of every segment, in a full run and in a resume alike: a processor
     * that carries state from frame to frame (windows anchored to earlier windows) restarts it here,
     * so a resumed segment is computed exactly as in the run that was interrupted.
     */
    default void beginSegment(long firstFrame) {
    }

    /** Identifies the processor and its parameters in the job manifest (a resume must match it). */
    String describe();

    @Override
    default void close() {
    }

    /** Runs {@code p} over frames held in memory, in order (tests and quality benches); {@code p} stays open. */
    static java.util.List<VideoFrame> processAll(FrameProcessor p, java.util.List<VideoFrame> input) {
        java.util.List<VideoFrame> out = new java.util.ArrayList<>();
        FrameWindow w = new FrameWindow(FrameSequence.of(input), p.radius());
        w.startAt(0);
        VideoFrame o = new VideoFrame();
        while (w.advance()) {
            if (p.keptPlace(w) < 0) {
                continue;
            }
            for (int sub = 0; sub < p.outputsPerFrame(); sub++) {
                p.process(w, o, sub);
                out.add(o.copy());
            }
        }
        return out;
    }
}
