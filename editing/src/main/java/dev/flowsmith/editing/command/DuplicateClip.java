package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;

import java.util.List;
import java.util.Set;

/**
 * Puts a copy of a clip (and of its linked clips) right after it, moving everything after it right by
 * the copy's length on every track (an insert, so sync is kept).
 */
public record DuplicateClip(long clipId) implements EditCommand {
    @Override
    public String name() {
        return "Duplicate";
    }

    @Override
    public Project apply(Project project) {
        List<Clip> group = project.group(clipId);
        long start = group.stream().mapToLong(Clip::start).min().orElseThrow();
        long end = group.stream().mapToLong(Clip::end).max().orElseThrow();
        TimelineEdit e = new TimelineEdit(project);
        e.splitAllAt(end);
        e.shiftFrom(end, end - start, Set.of());
        long link = group.size() > 1 ? e.newId() : 0;
        for (Clip c : group) {
            e.put(e.trackOf(c.id()), c.withIdAndLink(e.newId(), link).movedTo(c.start() + (end - start)));
        }
        return e.build();
    }
}
