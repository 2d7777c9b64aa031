package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Commands on tracks: add (a video track on top of the video tracks, an audio track below the audio
 * tracks), remove (with its clips; one track of each kind always stays), rename, reorder within its
 * kind, and set its hide/mute/solo/lock switches. The list keeps all video tracks before all audio
 * tracks, lowest video track first.
 */
public final class TrackEdit {
    private TrackEdit() {
    }

    public record Add(TrackKind kind, String name) implements EditCommand {
        @Override
        public String name() {
            return "Add " + (kind == TrackKind.VIDEO ? "video" : "audio") + " track";
        }

        @Override
        public Project apply(Project p) {
            List<Track> tracks = new ArrayList<>(p.tracks());
            long id = p.nextId();
            String n = name != null && !name.isBlank() ? name.strip() : freeName(p, kind);
            Track t = build(() -> new Track(id, kind, n, List.of()));
            int at = kind == TrackKind.VIDEO ? (int) tracks.stream().filter(x -> x.kind() == TrackKind.VIDEO).count() : tracks.size();
            tracks.add(at, t);
            return p.withTracks(tracks, id + 1);
        }
    }

    public record Remove(long trackId) implements EditCommand {
        @Override
        public String name() {
            return "Remove track";
        }

        @Override
        public Project apply(Project p) {
            Track t = find(p, trackId);
            if (p.tracks().stream().filter(x -> x.kind() == t.kind()).count() == 1) {
                throw new EditException("Track " + t.name() + " is the project's only " + kind(t) + " track; it stays.");
            }
            if (t.locked()) {
                throw new EditException("Track " + t.name() + " is locked: unlock it to remove it.");
            }
            List<Track> tracks = new ArrayList<>(p.tracks());
            tracks.removeIf(x -> x.id() == trackId);
            return p.withTracks(tracks, p.nextId());
        }
    }

    public record Rename(long trackId, String newName) implements EditCommand {
        @Override
        public String name() {
            return "Rename track";
        }

        @Override
        public Project apply(Project p) {
            Track t = find(p, trackId);
            String n = newName == null ? "" : newName.strip();
            if (n.equals(t.name())) {
                throw new EditException("The track is already called " + n + ".");
            }
            return replace(p, build(() -> t.withName(n)));
        }
    }

    /** Moves a track to {@code position} among the tracks of its kind (0 = lowest video / first audio). */
    public record Move(long trackId, int position) implements EditCommand {
        @Override
        public String name() {
            return "Move track";
        }

        @Override
        public Project apply(Project p) {
            Track t = find(p, trackId);
            List<Track> same = new ArrayList<>(p.tracks().stream().filter(x -> x.kind() == t.kind()).toList());
            int from = same.indexOf(t);
            if (position < 0 || position >= same.size()) {
                throw new EditException("Track " + t.name() + " cannot move there.");
            }
            if (position == from) {
                throw new EditException("Track " + t.name() + " is already there.");
            }
            same.remove(from);
            same.add(position, t);
            List<Track> out = new ArrayList<>();
            List<Track> others = p.tracks().stream().filter(x -> x.kind() != t.kind()).toList();
            if (t.kind() == TrackKind.VIDEO) {
                out.addAll(same);
                out.addAll(others);
            } else {
                out.addAll(others);
                out.addAll(same);
            }
            return p.withTracks(out, p.nextId());
        }
    }

    public record Flags(long trackId, boolean hidden, boolean muted, boolean solo, boolean locked) implements EditCommand {
        @Override
        public String name() {
            return "Track switches";
        }

        @Override
        public Project apply(Project p) {
            Track t = find(p, trackId);
            if (t.kind() == TrackKind.VIDEO && (muted || solo)) {
                throw new EditException("Video tracks are hidden, not muted or soloed: their sound is on the audio tracks.");
            }
            if (t.kind() == TrackKind.AUDIO && hidden) {
                throw new EditException("Audio tracks are muted, not hidden.");
            }
            Track n = t.withFlags(hidden, muted, solo, locked);
            if (n.equals(t)) {
                throw new EditException("Nothing to change.");
            }
            return replace(p, n);
        }
    }

    static Track find(Project p, long id) {
        return p.tracks().stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new EditException("The track is no longer in the project."));
    }

    private static String kind(Track t) {
        return t.kind() == TrackKind.VIDEO ? "video" : "audio";
    }

    private static String freeName(Project p, TrackKind kind) {
        String prefix = kind == TrackKind.VIDEO ? "V" : "A";
        for (int i = 1; ; i++) {
            String n = prefix + i;
            if (p.tracks().stream().noneMatch(t -> t.name().equals(n))) {
                return n;
            }
        }
    }

    private static Project replace(Project p, Track n) {
        return p.withTracks(p.tracks().stream().map(t -> t.id() == n.id() ? n : t).toList(), p.nextId());
    }

    private static Track build(java.util.function.Supplier<Track> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new EditException("That track name cannot be used: " + e.getMessage() + ".");
        }
    }
}
