package dev.flowsmith.editing.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A volume keyframe of an audio clip: at clip frame {@code frame} the clip's level is changed by
 * {@code db} decibels. Between keyframes the level moves linearly in dB (an even fade to the ear); before
 * the first and after the last it holds. Applied on top of the clip's gain and fades.
 */
public record VolumePoint(long frame, double db) {
    public static final double MIN_DB = -60, MAX_DB = 24;

    public VolumePoint {
        if (frame < 0) {
            throw new IllegalArgumentException("a volume keyframe cannot be before the clip's start");
        }
        if (!(db >= MIN_DB && db <= MAX_DB)) {
            throw new IllegalArgumentException("a volume keyframe must be between -60 and +24 dB, not " + db);
        }
    }

    /** The envelope's level (dB) at clip position {@code k} (frames, may be fractional); 0 with no keyframes. */
    public static double dbAt(List<VolumePoint> points, double k) {
        if (points.isEmpty()) {
            return 0;
        }
        VolumePoint first = points.get(0), last = points.get(points.size() - 1);
        if (k <= first.frame()) {
            return first.db();
        }
        if (k >= last.frame()) {
            return last.db();
        }
        for (int i = 1; i < points.size(); i++) {
            VolumePoint b = points.get(i);
            if (k <= b.frame()) {
                VolumePoint a = points.get(i - 1);
                double t = (k - a.frame()) / (double) (b.frame() - a.frame());
                return a.db() + t * (b.db() - a.db());
            }
        }
        return last.db();
    }

    /**
     * The keyframes of clip frames {@code [from, to]} re-based to {@code from}, with a keyframe added at each end
     * where the envelope was cut, so the part of a split or trimmed clip sounds as it did.
     */
    public static List<VolumePoint> slice(List<VolumePoint> points, long from, long to) {
        if (points.isEmpty()) {
            return List.of();
        }
        List<VolumePoint> out = new ArrayList<>();
        boolean cutBefore = points.get(0).frame() < from, cutAfter = points.get(points.size() - 1).frame() > to;
        if (cutBefore) {
            out.add(new VolumePoint(0, dbAt(points, from)));
        }
        for (VolumePoint p : points) {
            if (p.frame() >= from && p.frame() <= to && !(cutBefore && p.frame() == from)) {
                out.add(new VolumePoint(p.frame() - from, p.db()));
            }
        }
        if (cutAfter && (out.isEmpty() || out.get(out.size() - 1).frame() < to - from)) {
            out.add(new VolumePoint(to - from, dbAt(points, to)));
        }
        return List.copyOf(out);
    }

    /** Checks a list: sorted by frame, no two at one frame, at most 10,000. */
    public static List<VolumePoint> checked(List<VolumePoint> points) {
        if (points == null) {
            return List.of();
        }
        if (points.size() > 10_000) {
            throw new IllegalArgumentException("a clip can have at most 10,000 volume keyframes");
        }
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).frame() <= points.get(i - 1).frame()) {
                throw new IllegalArgumentException("volume keyframes must be in order, one per frame");
            }
        }
        return List.copyOf(points);
    }
}
