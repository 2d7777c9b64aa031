package dev.flowsmith.editing.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A row of the timeline: clips of one kind, sorted by start, never overlapping. */
public record Track(long id, TrackKind kind, String name, List<Clip> clips) {
    public Track {
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
        return new Track(id, kind, name, newClips);
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
