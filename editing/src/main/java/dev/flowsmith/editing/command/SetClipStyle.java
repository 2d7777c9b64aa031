package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;

/**
 * Changes how one clip plays: gain, fades, opacity, transform, speed, direction, transition or title
 * text ({@code name} is the menu text, "Gain", "Fade in"...). A speed change keeps the clip's source
 * range where it can and otherwise its length: the length becomes the source span at the new speed,
 * limited by the next clip on the track; speed and direction apply to linked clips too, so picture and
 * sound stay together. A transition needs a clip ending where this one starts.
 */
public record SetClipStyle(long clipId, ClipStyle style, String name) implements EditCommand {
    @Override
    public Project apply(Project project) {
        if (!project.hasClip(clipId)) {
            throw new EditException("The clip is no longer on the timeline.");
        }
        Clip c = project.clip(clipId);
        if (c.style().equals(style)) {
            throw new EditException("Nothing to change: the clip already plays that way.");
        }
        if ((style.title() != null) != c.isTitle()) {
            throw new EditException(c.isTitle() ? "A title clip keeps its text." : "Only title clips have text.");
        }
        Track track = project.trackOf(clipId);
        boolean retimed = style.speed() != c.style().speed() || style.reverse() != c.style().reverse();
        long length = c.length();
        if (style.speed() != c.style().speed()) {
            // same source range at the new speed, as far as the next clip on every linked track allows
            long span = c.spanOf(c.length(), project.rate());
            length = Math.max(1, Math.round(span / (style.speed() * 1e6 / project.rate().fps())));
            for (Clip g : project.group(clipId)) {
                Track gt = project.trackOf(g.id());
                long room = gt.clips().stream().filter(o -> o.start() >= g.end()).mapToLong(Clip::start).min()
                        .orElse(Long.MAX_VALUE / 4) - g.start();
                length = Math.min(length, room);
            }
        }
        if (style.transitionIn() > 0 && track.adjacentBefore(c).isEmpty()) {
            throw new EditException("A transition needs a clip that ends where this one starts on " + track.name()
                    + ": move the clips together first.");
        }
        try {
            TimelineEdit e = new TimelineEdit(project);
            for (Clip g : project.group(clipId)) {
                ClipStyle gs = g.id() == clipId ? style : retimed ? g.style().withSpeed(style.speed(), style.reverse()) : null;
                if (gs == null) {
                    continue; // a linked clip keeps its own levels
                }
                // fades asked for are checked as they are; only a length changed by the speed shortens them to fit
                ClipStyle fitted = length == g.length() ? gs : Clip.fitted(gs, length);
                Clip next = new Clip(g.id(), g.mediaId(), g.sourceIn(), g.start(), length, g.link(), fitted);
                if (!next.isTitle() && project.roomAfter(next) < 0) {
                    throw new EditException("At " + style.speed() + "x the clip would run past the end of its source.");
                }
                e.replace(next);
            }
            return e.build();
        } catch (IllegalArgumentException ex) {
            throw new EditException("That cannot be set: " + ex.getMessage() + ".");
        }
    }
}
