package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Splits at the playhead: the given clips (with their linked clips), or, when none is given, every
 * clip under the playhead on every track.
 */
public record SplitAt(long frame, Set<Long> clipIds) implements EditCommand {
    public SplitAt {
        clipIds = Set.copyOf(clipIds);
    }

    @Override
    public String name() {
        return "Split";
    }

    @Override
    public Project apply(Project project) {
        Set<Clip> targets = new LinkedHashSet<>();
        if (clipIds.isEmpty()) {
            project.tracks().forEach(t -> t.clipAt(frame).ifPresent(targets::add));
        } else {
            for (long id : clipIds) {
                targets.addAll(project.group(id));
            }
        }
        targets.removeIf(c -> c.start() >= frame || c.end() <= frame);
        if (targets.isEmpty()) {
            throw new EditException("There is no clip under the playhead to split.");
        }
        TimelineEdit e = new TimelineEdit(project);
        Map<Long, Long> newLinks = new HashMap<>();
        for (Clip c : targets) {
            long link = c.link() == 0 ? 0 : newLinks.computeIfAbsent(c.link(), k -> e.newId());
            e.split(c, frame, link);
        }
        return e.build();
    }
}
