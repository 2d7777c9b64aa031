package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the picture shows over time, as pieces between clip edges: one source unchanged where a single
 * plain clip shows (what can be stream-copied or encoded straight), composite where layers, titles,
 * fades, speed or transforms need the {@link Compositor}, black where nothing shows. Works on clip
 * edges, not frames, so a long timeline flattens in O(edges x tracks).
 */
public final class TimelineFlattener {
    private TimelineFlattener() {
    }

    public static List<VideoPiece> video(Project p) {
        List<Track> video = p.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
        TreeSet<Long> edges = new TreeSet<>();
        edges.add(0L);
        edges.add(p.duration());
        for (Track t : video) {
            for (Clip c : t.clips()) {
                edges.add(c.start());
                edges.add(c.end());
            }
        }
        List<VideoPiece> out = new ArrayList<>();
        Long prev = null;
        for (long e : edges) {
            if (prev != null && e > prev) {
                add(out, pieceAt(p, video, prev, e), p);
            }
            prev = e;
        }
        return out;
    }

    private static VideoPiece pieceAt(Project p, List<Track> video, long from, long to) {
        if (!LayerStack.covered(p, from)) {
            return new VideoPiece(from, to - from, null, 0);
        }
        Layer simple = LayerStack.plain(p, from);
        if (simple == null) {
            return VideoPiece.composite(from, to - from);
        }
        return new VideoPiece(from, to - from, simple.media(), simple.sourceMicros());
    }

    /** Appends, merging with the previous piece when it simply continues it (same source, contiguous). */
    private static void add(List<VideoPiece> out, VideoPiece next, Project p) {
        if (!out.isEmpty()) {
            VideoPiece last = out.get(out.size() - 1);
            boolean bothGaps = last.isGap() && next.isGap() || last.composite() && next.composite();
            boolean continues = last.media() != null && next.media() != null && last.media().id().equals(next.media().id())
                    && Math.abs(last.sourceIn() + p.rate().micros(last.length()) - next.sourceIn()) < 1000;
            if (bothGaps || continues) {
                out.set(out.size() - 1, new VideoPiece(last.start(), last.length() + next.length(), last.media(), last.sourceIn(),
                        last.composite()));
                return;
            }
        }
        out.add(next);
    }

    /**
     * What the picture shows at {@code frame}: one source unchanged (its time in microseconds), a
     * composite piece (draw it with the {@link Compositor}), or null (black).
     */
    public static VideoPiece pictureAt(Project p, long frame) {
        if (!LayerStack.covered(p, frame)) {
            return null;
        }
        Layer simple = LayerStack.plain(p, frame);
        return simple == null ? VideoPiece.composite(frame, 1) : new VideoPiece(frame, 1, simple.media(), simple.sourceMicros());
    }
}
