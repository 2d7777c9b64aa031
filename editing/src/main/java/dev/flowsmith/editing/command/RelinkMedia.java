package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;

import java.util.List;

/** Points media at new files (found by the relinker), as an undoable edit. */
public record RelinkMedia(List<MediaRef> media) implements EditCommand {
    public RelinkMedia {
        media = List.copyOf(media);
    }

    @Override
    public String name() {
        return "Relink media";
    }

    @Override
    public Project apply(Project project) {
        if (project.media().stream().map(MediaRef::id).toList().equals(media.stream().map(MediaRef::id).toList())) {
            return project.withMedia(media);
        }
        throw new EditException("The project's media changed while relinking; try again.");
    }
}
