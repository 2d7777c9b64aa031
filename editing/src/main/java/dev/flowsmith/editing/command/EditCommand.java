package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Project;

/**
 * One user edit as a pure function from a project to the next. Commands are deterministic (new ids
 * come from the project's counter), so {@link EditHistory} can redo by running them again.
 */
public interface EditCommand {
    /** Menu text for undo/redo ("Split", "Move clip"). */
    String name();

    /** The edited project; throws {@link EditException} when the edit is not possible. */
    Project apply(Project project);
}
