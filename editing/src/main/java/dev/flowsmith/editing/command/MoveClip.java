package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves a clip (and its linked clips by the same amount) to start at {@code newStart}, optionally onto
 * another track of the same kind ({@code toTrack} 0 = stay). Refused when it would overlap another
 * clip or start before zero, so nothing is ever covered by accident.
 */
public record MoveClip(long clipId, long newStart, long toTrack) implements EditCommand {
    @Override
    public String name() {
        return "Move clip";
    }

    @Override
    public Project apply(Project project) {
        Clip main = project.clip(clipId);
        Track from = project.trackOf(clipId);
        long target = toTrack == 0 ? from.id() : toTrack;
        if (project.track(target).kind() != from.kind()) {
            throw new EditException("A " + from.kind().name().toLowerCase() + " clip cannot go on track "
                    + project.track(target).name() + ".");
        }
        long delta = newStart - main.start();
        if (delta == 0 && target == from.id()) {
            throw new EditException("The clip is already there.");
        }
        List<Clip> group = project.group(clipId);
        Set<Long> ids = group.stream().map(Clip::id).collect(Collectors.toSet());
        TimelineEdit e = new TimelineEdit(project);
        for (Clip c : group) {
            long track = c.id() == clipId ? target : e.trackOf(c.id());
            long s = c.start() + delta;
            if (s < 0) {
                throw new EditException("Clips cannot start before the beginning of the timeline.");
            }
            if (!e.isFree(track, s, s + c.length(), ids)) {
                throw new EditException("The clip would overlap another clip on " + project.track(track).name() + ".");
            }
        }
        for (Clip c : group) {
            long track = c.id() == clipId ? target : e.trackOf(c.id());
            e.remove(c.id());
            e.put(track, c.movedTo(c.start() + delta));
        }
        return e.build();
    }
}
