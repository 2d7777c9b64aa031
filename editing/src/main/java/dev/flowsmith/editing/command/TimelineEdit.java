package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project being edited by one command: mutable clip lists per track and the id counter, turned back
 * into an immutable {@link Project} by {@link #build()}. Holds the operations every command shares:
 * split at a frame, shift everything after a frame (ripple), free-space checks.
 */
final class TimelineEdit {
    private final Project base;
    private final Map<Long, List<Clip>> clips = new LinkedHashMap<>();
    private long nextId;

    TimelineEdit(Project base) {
        this.base = base;
        this.nextId = base.nextId();
        for (Track t : base.tracks()) {
            clips.put(t.id(), new ArrayList<>(t.clips()));
        }
    }

    Project base() {
        return base;
    }

    long newId() {
        return nextId++;
    }

    List<Clip> clipsOf(long track) {
        return clips.get(track);
    }

    Collection<Long> trackIds() {
        return clips.keySet();
    }

    long trackOf(long clipId) {
        for (Map.Entry<Long, List<Clip>> e : clips.entrySet()) {
            for (Clip c : e.getValue()) {
                if (c.id() == clipId) {
                    return e.getKey();
                }
            }
        }
        throw new EditException("The clip is no longer on the timeline.");
    }

    void remove(long clipId) {
        long track = trackOf(clipId);
        checkUnlocked(track);
        clips.get(track).removeIf(c -> c.id() == clipId);
    }

    void put(long track, Clip c) {
        checkUnlocked(track);
        clips.get(track).add(c);
    }

    void replace(Clip c) {
        long track = trackOf(c.id());
        checkUnlocked(track);
        List<Clip> list = clips.get(track);
        list.replaceAll(o -> o.id() == c.id() ? c : o);
    }

    /** Refuses to change a locked track's clips. */
    void checkUnlocked(long track) {
        Track t = base.track(track);
        if (t.locked()) {
            throw new EditException("Track " + t.name() + " is locked: unlock it to edit its clips.");
        }
    }

    boolean locked(long track) {
        return base.track(track).locked();
    }

    /** True when frames [from, to) of a track are free of clips other than {@code ignore}. */
    boolean isFree(long track, long from, long to, Set<Long> ignore) {
        return clips.get(track).stream().noneMatch(c -> !ignore.contains(c.id()) && c.overlaps(from, to));
    }

    /**
     * Splits clip {@code c} at {@code frame} (strictly inside it); the right part gets a new id and,
     * if {@code c} is linked, the link {@code rightLink}. Returns the right part.
     */
    Clip split(Clip c, long frame, long rightLink) {
        long left = frame - c.start();
        FrameRate rate = base.rate();
        Clip l = c.trimEnd(-(c.length() - left), rate);
        l = l.withStyle(Clip.fitted(l.style().withFades(c.style().fadeIn(), 0), left));
        Clip r = c.trimStart(left, frame, rate).withIdAndLink(newId(), c.link() == 0 ? 0 : rightLink);
        r = r.withStyle(Clip.fitted(r.style().withFades(0, c.style().fadeOut()).withTransitionIn(0), r.length()));
        replace(l);
        put(trackOf(l.id()), r);
        return r;
    }

    /** Splits every clip that straddles {@code frame}, keeping linked pairs linked on each side. */
    void splitAllAt(long frame) {
        Map<Long, Long> newLinks = new LinkedHashMap<>();
        for (long t : List.copyOf(clips.keySet())) {
            for (Clip c : List.copyOf(clips.get(t))) {
                if (c.start() < frame && frame < c.end()) {
                    long link = c.link() == 0 ? 0 : newLinks.computeIfAbsent(c.link(), k -> newId());
                    split(c, frame, link);
                }
            }
        }
    }

    /**
     * Moves every clip starting at or after {@code frame} (all tracks, except {@code exclude}; refused when a
     * locked track has such clips) by
     * {@code delta}. A move to the left is limited by the free space on every track, so nothing
     * overlaps; returns the shift actually made.
     */
    long shiftFrom(long frame, long delta, Set<Long> exclude) {
        long shift = delta;
        for (Map.Entry<Long, List<Clip>> en : clips.entrySet()) {
            if (delta != 0 && locked(en.getKey()) && en.getValue().stream().anyMatch(c -> !exclude.contains(c.id()) && c.start() >= frame)) {
                // moving only the other tracks would pull linked picture and sound apart
                throw new EditException("Track " + base.track(en.getKey()).name() + " is locked and has clips after this point: "
                        + "unlock it to ripple the timeline.");
            }
        }
        if (delta < 0) {
            for (Map.Entry<Long, List<Clip>> en : clips.entrySet()) {
                List<Clip> list = en.getValue();
                long prevEnd = 0;
                long firstMoved = Long.MAX_VALUE;
                for (Clip c : list) {
                    if (exclude.contains(c.id())) {
                        continue;
                    }
                    if (c.start() >= frame) {
                        firstMoved = Math.min(firstMoved, c.start());
                    } else {
                        prevEnd = Math.max(prevEnd, c.end());
                    }
                }
                if (firstMoved != Long.MAX_VALUE) {
                    shift = Math.max(shift, prevEnd - firstMoved);
                }
            }
        }
        if (shift == 0) {
            return 0;
        }
        for (Map.Entry<Long, List<Clip>> en : clips.entrySet()) {
            List<Clip> list = en.getValue();
            final long s = shift;
            list.replaceAll(c -> !exclude.contains(c.id()) && c.start() >= frame ? c.movedTo(c.start() + s) : c);
        }
        return shift;
    }

    Project build() {
        List<Track> tracks = new ArrayList<>();
        for (Track t : base.tracks()) {
            tracks.add(t.withClips(clips.get(t.id())));
        }
        return base.withTracks(tracks, nextId);
    }
}
