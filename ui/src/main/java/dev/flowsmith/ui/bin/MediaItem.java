package dev.flowsmith.ui.bin;

import dev.flowsmith.ui.common.Timecode;

import dev.flowsmith.media.MediaInfo;
import dev.flowsmith.media.VideoStreamInfo;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One file in the media bin. Starts LOADING; the import service fills in the probe result and a
 * thumbnail (READY) or the user sentence of the error (FAILED). Properties change on the FX thread.
 */
public final class MediaItem {
    public enum State { LOADING, READY, FAILED }

    private final Path path;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.LOADING);
    private final ObjectProperty<MediaInfo> info = new SimpleObjectProperty<>();
    private final ObjectProperty<Image> thumbnail = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    /** Where the item sits in the project's bin ("" the top level, "Footage/Day 1" a bin inside a bin). */
    private final StringProperty folder = new SimpleStringProperty("");

    public MediaItem(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public String name() {
        return path.getFileName().toString();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<MediaInfo> infoProperty() {
        return info;
    }

    public MediaInfo info() {
        return info.get();
    }

    public ReadOnlyObjectProperty<Image> thumbnailProperty() {
        return thumbnail;
    }

    public StringProperty folderProperty() {
        return folder;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public void ready(MediaInfo mediaInfo, Image thumb) {
        info.set(mediaInfo);
        thumbnail.set(thumb);
        state.set(State.READY);
    }

    void failed(String message) {
        error.set(message);
        state.set(State.FAILED);
    }

    /** "0:05.0  960x540  29.97 fps  h264" for the bin. */
    public String summary() {
        MediaInfo i = info();
        if (i == null) {
            return "";
        }
        VideoStreamInfo v = i.video().orElse(null);
        String dur = Timecode.clock(i.durationSeconds());
        if (v == null) {
            return dur + "  audio only";
        }
        return String.format(Locale.ROOT, "%s  %dx%d  %.2f fps  %s", dur, v.displayWidth(), v.displayHeight(),
                v.avgFrameRate().toDouble(), v.codec());
    }
}
