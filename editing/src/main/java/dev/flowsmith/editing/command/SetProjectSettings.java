package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.model.Track;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes the project's picture size, frame rate or sample rate. Clips keep their place in time: at a
 * new frame rate every start and length is converted to the nearest frame of the new rate (source in
 * points are times and stay), so a cut at 2.0 s stays at 2.0 s.
 */
public record SetProjectSettings(ProjectSettings settings) implements EditCommand {
    @Override
    public String name() {
        return "Project settings";
    }

    @Override
    public Project apply(Project project) {
        if (settings.equals(project.settings())) {
            throw new EditException("The project already has these settings.");
        }
        if (settings.rate().equals(project.rate())) {
            return project.withSettings(settings);
        }
        var from = project.rate();
        var to = settings.rate();
        // every clip edge mapped once, strictly increasing: linked clips stay together, none overlap or vanish
        java.util.TreeMap<Long, Long> edge = new java.util.TreeMap<>();
        project.tracks().forEach(t -> t.clips().forEach(c -> {
            edge.put(c.start(), 0L);
            edge.put(c.end(), 0L);
        }));
        long prev = -1;
        for (var en : edge.entrySet()) {
            long f = Math.max(prev + 1, to.frames(from.micros(en.getKey())));
            en.setValue(f);
            prev = f;
        }
        List<Track> tracks = new ArrayList<>();
        for (Track t : project.tracks()) {
            List<Clip> clips = new ArrayList<>();
            for (Clip c : t.clips()) {
                long start = edge.get(c.start());
                long end = edge.get(c.end());
                if (!c.isTitle()) { // rounding to the new rate must not run past the source's end
                    long dur = project.mediaRef(c.mediaId()).durationMicros();
                    end = Math.max(start + 1, Math.min(end, start + to.framesIn(Math.round((dur - c.sourceIn()) / c.style().speed()))));
                }
                long fi = to.frames(from.micros(c.style().fadeIn())), fo = to.frames(from.micros(c.style().fadeOut()));
                long tr = to.frames(from.micros(c.style().transitionIn()));
                var style = Clip.fitted(c.style().withFades(fi, fo).withTransitionIn(tr), end - start);
                clips.add(new Clip(c.id(), c.mediaId(), c.sourceIn(), start, end - start, c.link(), style));
            }
            tracks.add(t.withClips(clips));
        }
        return project.withSettings(settings).withTracks(tracks, project.nextId());
    }
}
