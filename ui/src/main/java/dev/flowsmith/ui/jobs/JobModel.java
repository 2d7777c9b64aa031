package dev.flowsmith.ui.jobs;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;

/**
 * One long operation in the job queue: title, progress (0..1, or -1 while unknown), a status line
 * (frames/s, ETA), its state, and, when it failed, the user sentence plus FFmpeg's details. Written
 * on the FX thread only; {@link #cancel()} may be called from anywhere.
 */
public final class JobModel {
    public enum State { RUNNING, DONE, FAILED, CANCELLED }

    private final String title;
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.RUNNING);
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty details = new SimpleStringProperty();
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    private volatile Runnable canceller = () -> { };

    public JobModel(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details;
    }

    public ReadOnlyObjectProperty<Path> outputProperty() {
        return output;
    }

    /** The file the job worked from, when it has one: its result can be compared with it. */
    private final javafx.beans.property.ObjectProperty<Path> source = new javafx.beans.property.SimpleObjectProperty<>();

    public javafx.beans.property.ObjectProperty<Path> sourceProperty() {
        return source;
    }

    /**
     * How "Compare" shows this job's result when it is not frame for frame with a source (a frame-rate preview plays its
     * pair again); null: against {@link #sourceProperty()}.
     */
    private final javafx.beans.property.ObjectProperty<Runnable> compareAction = new javafx.beans.property.SimpleObjectProperty<>();

    public javafx.beans.property.ObjectProperty<Runnable> compareActionProperty() {
        return compareAction;
    }

    /** A render of the timeline: its result is compared with the timeline itself (no source file). */
    private final javafx.beans.property.BooleanProperty fromTimeline = new javafx.beans.property.SimpleBooleanProperty();

    public javafx.beans.property.BooleanProperty fromTimelineProperty() {
        return fromTimeline;
    }

    void onCancel(Runnable r) {
        canceller = r;
    }

    public void cancel() {
        canceller.run();
    }

    public void progress(double fraction, String line) {
        progress.set(fraction);
        status.set(line);
    }

    public void done(Path out, String line) {
        output.set(out);
        progress.set(1);
        status.set(line);
        state.set(State.DONE);
    }

    void failed(String userMessage, String detail) {
        error.set(userMessage);
        details.set(detail);
        if (progress.get() < 0) {
            progress.set(0); // an indeterminate bar would keep animating as if the job still ran
        }
        state.set(State.FAILED);
    }

    void cancelled(String line) {
        if (progress.get() < 0) {
            progress.set(0);
        }
        status.set(line);
        state.set(State.CANCELLED);
    }
}
