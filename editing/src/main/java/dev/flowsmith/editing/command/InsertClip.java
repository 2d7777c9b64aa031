package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.Set;

/**
 * Inserts a source at a frame: its picture on a video track and its sound on an audio track (the ones
 * given, else the first of each kind), linked; a music or voice-over file has only the sound. Clips under the insert point are split and everything from there on moves right by
 * the new clip's length on every track (an insert edit, so sync is kept). {@code length <= 0} takes
 * the source to its end. The media is added to the project if it is new.
 */
public record InsertClip(MediaRef media, long at, long sourceIn, long length, long videoTrack, long audioTrack)
        implements EditCommand {
    /** On the first video and audio tracks. */
    public InsertClip(MediaRef media, long at, long sourceIn, long length) {
        this(media, at, sourceIn, length, 0, 0);
    }

    public static InsertClip whole(MediaRef media, long at) {
        return new InsertClip(media, at, 0, 0);
    }

    @Override
    public String name() {
        return "Insert " + media.name();
    }

    @Override
    public Project apply(Project project) {
        if (at < 0) {
            throw new EditException("Clips cannot start before the beginning of the timeline.");
        }
        Project p = project.withMediaAdded(media);
        long max = p.maxLength(media, sourceIn);
        if (max <= 0) {
            throw new EditException("'" + media.name() + "' is shorter than one frame from that point.");
        }
        long len = length <= 0 ? max : Math.min(length, max);
        Track video = media.hasVideo() ? target(p, videoTrack, TrackKind.VIDEO) : null;
        Track audio = media.hasAudio() ? target(p, audioTrack, TrackKind.AUDIO) : null;
        if (video == null && audio == null) {
            throw new EditException("The project has no track for '" + media.name() + "'.");
        }
        TimelineEdit e = new TimelineEdit(p);
        e.splitAllAt(at);
        e.shiftFrom(at, len, Set.of());
        long link = video != null && audio != null ? e.newId() : 0;
        if (video != null) {
            e.put(video.id(), new Clip(e.newId(), media.id(), sourceIn, at, len, link));
        }
        if (audio != null) {
            e.put(audio.id(), new Clip(e.newId(), media.id(), sourceIn, at, len, link));
        }
        return e.build();
    }

    /** Track {@code id} when it is there and of the kind, else the first of the kind. */
    private static Track target(Project p, long id, TrackKind kind) {
        return p.tracks().stream().filter(t -> t.id() == id && t.kind() == kind).findFirst()
                .orElseGet(() -> p.firstTrack(kind).orElse(null));
    }
}
