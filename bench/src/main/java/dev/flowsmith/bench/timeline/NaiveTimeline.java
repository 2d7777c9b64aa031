package dev.flowsmith.bench.timeline;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.ui.timeline.TimelineModel;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The baseline: a timeline built the obvious way, one Rectangle and one Label per clip in a Pane,
 * rebuilt when the project changes and re-laid-out when zoom or scroll change. Same model and data as
 * Flowsmith's canvas timeline; only the drawing strategy differs.
 */
final class NaiveTimeline extends Pane {
    private final TimelineModel model;

    NaiveTimeline(TimelineModel model) {
        this.model = model;
        model.projectProperty().addListener((o, a, b) -> rebuild());
        model.zoomProperty().addListener((o, a, b) -> rebuild());
        model.scrollProperty().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        double y = 26;
        double z = model.zoomProperty().get(), s = model.scrollProperty().get();
        for (Track t : model.project().tracks()) {
            for (Clip c : t.clips()) {
                Rectangle r = new Rectangle(84 + (c.start() - s) * z, y, c.length() * z, 60);
                r.setFill(Color.STEELBLUE);
                Label l = new Label(model.project().mediaRef(c.mediaId()).name());
                l.relocate(r.getX() + 4, y + 2);
                getChildren().addAll(r, l);
            }
            y += 62;
        }
    }
}
