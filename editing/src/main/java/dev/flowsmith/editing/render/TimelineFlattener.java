package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the picture shows over time: at each frame the clip of the uppermost video track that has one
 * there, black where none has. Works on clip edges, not frames, so a long timeline flattens in
 * O(edges x tracks).
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
        for (int i = video.size() - 1; i >= 0; i--) {
            var c = video.get(i).clipAt(from);
            if (c.isPresent()) {
                Clip clip = c.get();
                return new VideoPiece(from, to - from, p.mediaRef(clip.mediaId()),
                        clip.sourceIn() + p.rate().micros(from - clip.start()));
            }
        }
        return new VideoPiece(from, to - from, null, 0);
    }

    /** Appends, merging with the previous piece when it simply continues it (same source, contiguous). */
    private static void add(List<VideoPiece> out, VideoPiece next, Project p) {
        if (!out.isEmpty()) {
            VideoPiece last = out.get(out.size() - 1);
            boolean bothGaps = last.isGap() && next.isGap();
            boolean continues = !last.isGap() && !next.isGap() && last.media().id().equals(next.media().id())
                    && Math.abs(last.sourceIn() + p.rate().micros(last.length()) - next.sourceIn()) < 1000;
            if (bothGaps || continues) {
                out.set(out.size() - 1, new VideoPiece(last.start(), last.length() + next.length(), last.media(), last.sourceIn()));
                return;
            }
        }
        out.add(next);
    }

    /** What the picture shows at {@code frame}: the source and the time in it (microseconds), or null (black). */
    public static VideoPiece pictureAt(Project p, long frame) {
        List<Track> video = p.tracks().stream().filter(t -> t.kind() == TrackKind.VIDEO).toList();
        for (int i = video.size() - 1; i >= 0; i--) {
            var c = video.get(i).clipAt(frame);
            if (c.isPresent()) {
                Clip clip = c.get();
                return new VideoPiece(frame, 1, p.mediaRef(clip.mediaId()), clip.sourceIn() + p.rate().micros(frame - clip.start()));
            }
        }
        return null;
    }
}
