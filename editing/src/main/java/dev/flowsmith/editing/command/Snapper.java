package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;

import java.util.Set;
import java.util.TreeSet;

/**
 * Magnetic snapping while dragging: a frame close enough to a clip edge or to the playhead jumps to
 * it. The tolerance is in frames (the view turns its pixel tolerance into frames at the current zoom).
 */
public final class Snapper {
    private final TreeSet<Long> targets = new TreeSet<>();

    /** Snap targets of {@code p}: every clip edge except those of {@code moving}, plus the playhead and zero. */
    public Snapper(Project p, long playhead, Set<Long> moving) {
        targets.add(0L);
        targets.add(playhead);
        for (Track t : p.tracks()) {
            for (Clip c : t.clips()) {
                if (!moving.contains(c.id())) {
                    targets.add(c.start());
                    targets.add(c.end());
                }
            }
        }
    }

    /** The nearest target within {@code tolerance} frames of {@code frame}, or {@code frame} itself. */
    public long snap(long frame, double tolerance) {
        Long lo = targets.floor(frame), hi = targets.ceiling(frame);
        long best = frame;
        double bestDist = tolerance + 1e-9;
        for (Long t : new Long[]{lo, hi}) {
            if (t != null && Math.abs(t - frame) <= bestDist) {
                bestDist = Math.abs(t - frame);
                best = t;
            }
        }
        return best;
    }

    /**
     * Where a clip of {@code length} frames dragged to {@code start} lands: its start or its end snaps,
     * whichever is closer to a target.
     */
    public long snapClip(long start, long length, double tolerance) {
        long s = snap(start, tolerance);
        long e = snap(start + length, tolerance);
        long byStart = Math.abs(s - start), byEnd = Math.abs(e - (start + length));
        if (s != start && (e == start + length || byStart <= byEnd)) {
            return s;
        }
        return e != start + length ? e - length : start;
    }
}
