package dev.flowsmith.restoration.job;

import dev.flowsmith.media.CancellationToken;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A segmented job whose segments can be made independently of each other, in any order and on any machine that sees
 * the same files (the farm's workers): each segment restarts its processor and seeks to its first frame with the
 * processor's window, so segment {@code i} made alone equals segment {@code i} of an uninterrupted local run.
 * Closing it frees what its segments hold (a network, a compute device).
 */
public interface SegmentedWork extends AutoCloseable {
    /**
     * How the job splits: frames per segment, the probe's frame count (an estimate unless {@code exact}), the
     * description a resumed job must match (input identity, processor, encoder, segment length), and the segment files'
     * extension. {@code firsts}, when given, are the segments' first frames for a job whose segments differ in length
     * (a render's pieces); otherwise segment {@code i} starts at {@code i * segmentFrames}.
     */
    record Layout(int segmentFrames, long totalFrames, boolean exact, String description, String segmentExtension,
                  long[] firsts) {
        public Layout(int segmentFrames, long totalFrames, boolean exact, String description, String segmentExtension) {
            this(segmentFrames, totalFrames, exact, description, segmentExtension, null);
        }

        public Layout {
            if (firsts != null && (firsts.length == 0 || firsts[0] != 0)) {
                throw new IllegalArgumentException("segments must start at frame 0");
            }
            firsts = firsts == null ? null : firsts.clone();
        }

        /** Segments to plan: by the count, one more when the count is only an estimate (the last one runs to the end). */
        public int segments() {
            if (firsts != null) {
                return firsts.length;
            }
            long n = Math.max(1, (totalFrames + segmentFrames - 1) / segmentFrames);
            return (int) Math.min(Integer.MAX_VALUE, n);
        }

        /** Segment {@code i}'s first frame. */
        public long first(int i) {
            return firsts != null ? firsts[i] : (long) i * segmentFrames;
        }
    }

    /** Probes the input and checks the job can run (picture size, output writable, disk space); throws a sentence otherwise. */
    Layout layout();

    /**
     * Restores frames {@code [first, first + maxFrames)} (fewer at the end of the input) into {@code target}, written
     * atomically; returns the frames written, 0 (and no file) when {@code first} is past the end.
     */
    long render(long first, long maxFrames, Path target, LongConsumer framesDone, CancellationToken cancel);

    /**
     * Joins the finished segments, in order, without re-encoding, remuxes the source's other streams and tags in and
     * moves the result to the output atomically; {@code scratch} holds the joined video meanwhile. Returns what the
     * output's container could not take.
     */
    List<String> join(List<Path> segments, Path scratch);

    /** Frees what rendering held; by default nothing. */
    @Override
    default void close() {
    }
}
