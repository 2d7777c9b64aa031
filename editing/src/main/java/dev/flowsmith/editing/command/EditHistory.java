package dev.flowsmith.editing.command;

import dev.flowsmith.editing.model.Project;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The current project with undo and redo. Undo restores the project as it was before a command
 * (projects are immutable, so this is exact); redo runs the command again on it. A new edit clears
 * the redo list. {@link #revision()} counts changes, for "unsaved changes" and autosave.
 */
public final class EditHistory {
    private record Step(EditCommand command, Project before) {
    }

    private final int limit;
    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<EditCommand> redo = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<Project>> listeners = new CopyOnWriteArrayList<>();
    private volatile Project current;
    private volatile long revision;

    public EditHistory(Project initial) {
        this(initial, 1000);
    }

    public EditHistory(Project initial, int limit) {
        this.current = initial;
        this.limit = limit;
    }

    public Project current() {
        return current;
    }

    public long revision() {
        return revision;
    }

    /** Runs an edit; on {@link EditException} nothing changes and the exception goes to the caller. */
    public synchronized Project perform(EditCommand c) {
        Project next = c.apply(current);
        undo.push(new Step(c, current));
        if (undo.size() > limit) {
            undo.removeLast();
        }
        redo.clear();
        set(next);
        return next;
    }

    public synchronized boolean undo() {
        Step s = undo.poll();
        if (s == null) {
            return false;
        }
        redo.push(s.command());
        set(s.before());
        return true;
    }

    public synchronized boolean redo() {
        EditCommand c = redo.poll();
        if (c == null) {
            return false;
        }
        undo.push(new Step(c, current));
        set(c.apply(current));
        return true;
    }

    public Optional<String> undoName() {
        Step s = undo.peek();
        return s == null ? Optional.empty() : Optional.of(s.command().name());
    }

    public Optional<String> redoName() {
        EditCommand c = redo.peek();
        return c == null ? Optional.empty() : Optional.of(c.name());
    }

    /** Replaces the whole project (open, recover), forgetting undo. */
    public synchronized void reset(Project p) {
        undo.clear();
        redo.clear();
        set(p);
    }

    /** Called after every change, on the thread that made it. */
    public void addListener(Consumer<Project> l) {
        listeners.add(l);
    }

    private void set(Project p) {
        current = p;
        revision++;
        listeners.forEach(l -> l.accept(p));
    }
}
