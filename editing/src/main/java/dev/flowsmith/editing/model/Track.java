package dev.flowsmith.editing.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A row of the timeline: clips of one kind, sorted by start, never overlapping. {@code hidden} (video)
 * and {@code muted} (audio) leave the track out of the picture or the mix; {@code solo} (audio) plays
 * only the soloed audio tracks; {@code locked} refuses edits to its clips and keeps ripples off it.
 */
public record Track(long id, TrackKind kind, String name, List<Clip> clips, boolean hidden, boolean muted, boolean solo,
                    boolean locked) {
    public static final int MAX_NAME = 64;

    public Track(long id, TrackKind kind, String name, List<Clip> clips) {
        this(id, kind, name, clips, false, false, false, false);
    }

    public Track {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a track name must be 1-" + MAX_NAME + " characters");
        }
        for (Clip c : clips) {
            if (c.isTitle() && kind != TrackKind.VIDEO) {
                throw new IllegalArgumentException("title clip " + c.id() + " is on audio track " + name);
            }
        }
        List<Clip> sorted = new ArrayList<>(clips);
        sorted.sort(Comparator.comparingLong(Clip::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("clips " + sorted.get(i - 1).id() + " and " + sorted.get(i).id()
                        + " overlap on track " + name);
            }
        }
        clips = List.copyOf(sorted);
    }

    public Track withClips(List<Clip> newClips) {
        return new Track(id, kind, name, newClips, hidden, muted, solo, locked);
    }

    public Track withName(String n) {
        return new Track(id, kind, n, clips, hidden, muted, solo, locked);
    }

    public Track withFlags(boolean h, boolean m, boolean s, boolean l) {
        return new Track(id, kind, name, clips, h, m, s, l);
    }

    /** The clip just before {@code c} when it ends exactly where {@code c} starts (what a transition blends from). */
    public Optional<Clip> adjacentBefore(Clip c) {
        return clips.stream().filter(o -> o.end() == c.start() && o.id() != c.id()).findFirst();
    }

    public Optional<Clip> clipAt(long frame) {
        // binary search: the last clip starting at or before frame
        int lo = 0, hi = clips.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (clips.get(mid).start() <= frame) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && clips.get(found).covers(frame) ? Optional.of(clips.get(found)) : Optional.empty();
    }

    public long end() {
        return clips.isEmpty() ? 0 : clips.get(clips.size() - 1).end();
    }
}
