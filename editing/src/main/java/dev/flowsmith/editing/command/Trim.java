package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moves a clip's in or out point by {@code delta} frames (positive = later), with its linked clips.
 * Non-ripple: the clip's other edge stays and neighbours stay; the trim stops at a neighbour.
 * Ripple: the clip's start stays and everything after it on every track follows the change of
 * length. Either way the trim stops at the source's first and last frame and at one frame of length,
 * as when dragging an edge in an editor; a trim that ends up changing nothing is refused.
 */
public record Trim(long clipId, Edge edge, long delta, boolean ripple) implements EditCommand {
    public enum Edge { IN, OUT }

    @Override
    public String name() {
        return (ripple ? "Ripple trim " : "Trim ") + (edge == Edge.IN ? "in" : "out");
    }

    @Override
    public Project apply(Project project) {
        List<Clip> group = project.group(clipId);
        Set<Long> ids = group.stream().map(Clip::id).collect(Collectors.toSet());
        TimelineEdit e = new TimelineEdit(project);
        long d = delta;
        for (Clip c : group) {
            d = clamp(project, e, c, d, ids);
        }
        if (d == 0) {
            throw new EditException("The clip cannot be trimmed further that way.");
        }
        long oldEnd = project.clip(clipId).end();
        for (Clip c : group) {
            e.replace(trimmed(project, c, d));
        }
        if (ripple) {
            // the clip's end moved by (edge OUT: +d, edge IN: -d); everything after follows
            e.shiftFrom(oldEnd, edge == Edge.OUT ? d : -d, ids);
        }
        return e.build();
    }

    private Clip trimmed(Project p, Clip c, long d) {
        if (edge == Edge.OUT) {
            return c.trimEnd(d, p.rate());
        }
        return c.trimStart(d, ripple ? c.start() : c.start() + d, p.rate());
    }

    /** The largest part of {@code d} (same sign) that keeps clip {@code c} legal. */
    private long clamp(Project p, TimelineEdit e, Clip c, long d, Set<Long> group) {
        long track = e.trackOf(c.id());
        if (edge == Edge.OUT) {
            d = Math.min(d, p.roomAfter(c));
            d = Math.max(d, 1 - c.length());
            if (!ripple && d > 0) {
                long next = nextStart(e, track, c, group);
                d = Math.min(d, next - c.end());
            }
        } else {
            d = Math.max(d, -p.roomBefore(c)); // cannot reveal frames before the source starts
            d = Math.min(d, c.length() - 1);
            if (!ripple && d < 0) {
                d = Math.max(d, prevEnd(e, track, c, group) - c.start());
            }
        }
        return d;
    }

    private static long nextStart(TimelineEdit e, long track, Clip c, Set<Long> group) {
        return e.clipsOf(track).stream().filter(o -> !group.contains(o.id()) && o.start() >= c.end())
                .mapToLong(Clip::start).min().orElse(Long.MAX_VALUE / 4);
    }

    private static long prevEnd(TimelineEdit e, long track, Clip c, Set<Long> group) {
        return e.clipsOf(track).stream().filter(o -> !group.contains(o.id()) && o.end() <= c.start())
                .mapToLong(Clip::end).max().orElse(0);
    }
}
