package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TitleSpec;
import dev.flowsmith.editing.model.TrackKind;

import java.util.Set;

/** Puts a title clip on a video track, where the track is free for its whole length. */
public record AddTitle(long trackId, long start, long length, TitleSpec title) implements EditCommand {
    @Override
    public String name() {
        return "Add title";
    }

    @Override
    public Project apply(Project project) {
        Track t = TrackEdit.find(project, trackId);
        if (t.kind() != TrackKind.VIDEO) {
            throw new EditException("Titles go on video tracks; " + t.name() + " is an audio track.");
        }
        if (start < 0 || length <= 0) {
            throw new EditException("A title needs a place on the timeline and at least one frame.");
        }
        TimelineEdit e = new TimelineEdit(project);
        if (!e.isFree(trackId, start, start + length, Set.of())) {
            throw new EditException("There is a clip there on " + t.name() + ": put the title on a free stretch or another track.");
        }
        e.put(trackId, Clip.title(e.newId(), start, length, title));
        return e.build();
    }
}
