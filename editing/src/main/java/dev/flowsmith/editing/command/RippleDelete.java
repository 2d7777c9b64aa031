package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes clips (with their linked clips) and closes the gap they leave: everything after moves left
 * on every track, as far as every track has room, so clips that stay in sync across tracks stay so.
 */
public record RippleDelete(Set<Long> clipIds) implements EditCommand {
    public RippleDelete {
        clipIds = Set.copyOf(clipIds);
    }

    @Override
    public String name() {
        return "Ripple delete";
    }

    @Override
    public Project apply(Project project) {
        if (clipIds.isEmpty()) {
            throw new EditException("Select a clip to delete.");
        }
        Set<Long> all = new LinkedHashSet<>();
        List<long[]> gaps = new ArrayList<>();
        for (long id : clipIds) {
            List<Clip> g = project.group(id);
            if (g.stream().allMatch(c -> all.contains(c.id()))) {
                continue;
            }
            g.forEach(c -> all.add(c.id()));
            gaps.add(new long[]{g.stream().mapToLong(Clip::start).min().orElseThrow(),
                    g.stream().mapToLong(Clip::end).max().orElseThrow()});
        }
        TimelineEdit e = new TimelineEdit(project);
        all.forEach(e::remove);
        gaps.sort(Comparator.comparingLong((long[] g) -> g[0]).reversed());
        for (long[] g : gaps) {
            e.shiftFrom(g[1], g[0] - g[1], Set.of());
        }
        return e.build();
    }
}
