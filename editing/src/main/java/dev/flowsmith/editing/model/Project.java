package dev.flowsmith.editing.model;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The whole edit, immutable: settings, the media it uses and its tracks (index 0 is the lowest
 * video track; upper video tracks cover lower ones). Edit commands make new projects, so undo is
 * exact and a project can be handed to a render thread while the user keeps editing.
 * {@code nextId} numbers new tracks and clips, so replaying commands gives the same ids.
 */
public record Project(ProjectSettings settings, List<MediaRef> media, List<Track> tracks, long nextId, List<String> folders) {
    public Project(ProjectSettings settings, List<MediaRef> media, List<Track> tracks, long nextId) {
        this(settings, media, tracks, nextId, List.of());
    }

    public Project {
        media = List.copyOf(media);
        tracks = List.copyOf(tracks);
        folders = List.copyOf(folders);
        java.util.Set<String> known = new java.util.HashSet<>();
        for (String f : folders) {
            BinFolders.check(f);
            int slash = f.lastIndexOf('/');
            if (slash > 0 && !known.contains(f.substring(0, slash))) {
                throw new IllegalArgumentException("bin folder '" + f + "' is listed before its parent");
            }
            if (!known.add(f)) {
                throw new IllegalArgumentException("bin folder '" + f + "' is listed twice");
            }
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (MediaRef m : media) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("media '" + m.id() + "' is listed twice");
            }
            if (!m.folder().isEmpty() && !known.contains(m.folder())) {
                throw new IllegalArgumentException("media '" + m.id() + "' is in bin folder '" + m.folder() + "', which is not listed");
            }
        }
        for (Track t : tracks) {
            for (Clip c : t.clips()) {
                if (c.mediaId() != null && !ids.contains(c.mediaId())) {
                    throw new IllegalArgumentException("clip " + c.id() + " uses media '" + c.mediaId() + "', which is not listed");
                }
            }
        }
        for (Track t : tracks) {
            for (Clip c : t.clips()) {
                if (c.id() >= nextId) {
                    throw new IllegalArgumentException("clip id " + c.id() + " is not below nextId " + nextId);
                }
            }
        }
    }

    /** An empty project with one video and one audio track. */
    public static Project empty(ProjectSettings settings) {
        return new Project(settings, List.of(),
                List.of(new Track(1, TrackKind.VIDEO, "V1", List.of()), new Track(2, TrackKind.AUDIO, "A1", List.of())), 3);
    }

    public FrameRate rate() {
        return settings.rate();
    }

    /** Frames from zero to the end of the last clip. */
    public long duration() {
        return tracks.stream().mapToLong(Track::end).max().orElse(0);
    }

    public MediaRef mediaRef(String id) {
        return media.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no media " + id));
    }

    public Optional<MediaRef> findMedia(String id) {
        return media.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Track track(long id) {
        return tracks.stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no track " + id));
    }

    public Optional<Track> firstTrack(TrackKind kind) {
        return tracks.stream().filter(t -> t.kind() == kind).findFirst();
    }

    /** The track holding clip {@code clipId}. */
    public Track trackOf(long clipId) {
        for (Track t : tracks) {
            for (Clip c : t.clips()) {
                if (c.id() == clipId) {
                    return t;
                }
            }
        }
        throw new NoSuchElementException("no clip " + clipId);
    }

    public Clip clip(long clipId) {
        return trackOf(clipId).clips().stream().filter(c -> c.id() == clipId).findFirst().orElseThrow();
    }

    public boolean hasClip(long clipId) {
        return tracks.stream().anyMatch(t -> t.clips().stream().anyMatch(c -> c.id() == clipId));
    }

    /** The clip and every clip linked to it. */
    public List<Clip> group(long clipId) {
        Clip c = clip(clipId);
        if (c.link() == 0) {
            return List.of(c);
        }
        List<Clip> out = new ArrayList<>();
        for (Track t : tracks) {
            for (Clip o : t.clips()) {
                if (o.link() == c.link()) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    public int clipCount() {
        return tracks.stream().mapToInt(t -> t.clips().size()).sum();
    }

    public Project withTracks(List<Track> newTracks, long newNextId) {
        return new Project(settings, media, newTracks, newNextId, folders);
    }

    public Project withMedia(List<MediaRef> newMedia) {
        return new Project(settings, newMedia, tracks, nextId, folders);
    }

    /** This project with {@code m} in its media (at the end of the bin) when it is not there yet. */
    public Project withMediaAdded(MediaRef m) {
        if (findMedia(m.id()).isPresent()) {
            return this;
        }
        List<MediaRef> all = new ArrayList<>(media);
        all.add(m);
        return withMedia(all);
    }

    public Project withBin(List<MediaRef> newMedia, List<String> newFolders) {
        return new Project(settings, newMedia, tracks, nextId, newFolders);
    }

    public Project withSettings(ProjectSettings s) {
        return new Project(s, media, tracks, nextId, folders);
    }

    /** True when some clip plays media {@code id}. */
    public boolean uses(String id) {
        return tracks.stream().anyMatch(t -> t.clips().stream().anyMatch(c -> id.equals(c.mediaId())));
    }

    /** Frames clip {@code c} can grow by at its end before running out of source (titles: any). */
    public long roomAfter(Clip c) {
        if (c.isTitle()) {
            return Long.MAX_VALUE / 4;
        }
        return c.style().reverse() ? framesAt(c.sourceIn(), c) : framesAt(mediaRef(c.mediaId()).durationMicros() - c.sourceIn(), c) - c.length();
    }

    /** Frames clip {@code c} can grow by at its start before running out of source (titles: any). */
    public long roomBefore(Clip c) {
        if (c.isTitle()) {
            return Long.MAX_VALUE / 4;
        }
        return c.style().reverse() ? framesAt(mediaRef(c.mediaId()).durationMicros() - c.sourceIn(), c) - c.length() : framesAt(c.sourceIn(), c);
    }

    private long framesAt(long sourceMicros, Clip c) {
        return rate().framesIn(Math.round(sourceMicros / c.style().speed()));
    }

    /** Longest a clip of {@code m} starting at {@code sourceIn} can be, in timeline frames. */
    public long maxLength(MediaRef m, long sourceIn) {
        return rate().framesIn(m.durationMicros() - sourceIn);
    }
}
