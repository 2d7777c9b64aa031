package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.Set;

/**
 * Places a whole source at a frame on the given tracks without moving anything else (music or a voice-over
 * laid under the picture): refused when a clip is already there. The media joins the project if it is new.
 */
public record PlaceClip(MediaRef media, long at, long videoTrack, long audioTrack) implements EditCommand {
    @Override
    public String name() {
        return "Place " + media.name();
    }

    @Override
    public Project apply(Project project) {
        if (at < 0) {
            throw new EditException("Clips cannot start before the beginning of the timeline.");
        }
        Project p = project.withMediaAdded(media);
        long len = p.maxLength(media, 0);
        if (len <= 0) {
            throw new EditException("'" + media.name() + "' is shorter than one frame.");
        }
        Track video = media.hasVideo() ? track(p, videoTrack, TrackKind.VIDEO) : null;
        Track audio = media.hasAudio() ? track(p, audioTrack, TrackKind.AUDIO) : null;
        TimelineEdit e = new TimelineEdit(p);
        for (Track t : new Track[]{video, audio}) {
            if (t != null && !e.isFree(t.id(), at, at + len, Set.of())) {
                throw new EditException("There is a clip on " + t.name() + " there: drop it on a free stretch or another track.");
            }
        }
        long link = video != null && audio != null ? e.newId() : 0;
        if (video != null) {
            e.put(video.id(), new Clip(e.newId(), media.id(), 0, at, len, link));
        }
        if (audio != null) {
            e.put(audio.id(), new Clip(e.newId(), media.id(), 0, at, len, link));
        }
        return e.build();
    }

    private static Track track(Project p, long id, TrackKind kind) {
        return p.tracks().stream().filter(t -> t.id() == id && t.kind() == kind).findFirst()
                .orElseGet(() -> p.firstTrack(kind).orElseThrow(() -> new EditException("The project has no " + kind.name().toLowerCase()
                        + " track.")));
    }
}
