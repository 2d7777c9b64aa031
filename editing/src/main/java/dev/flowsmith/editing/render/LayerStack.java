package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Clip;
import dev.flowsmith.editing.model.ClipStyle;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.Track;
import dev.flowsmith.editing.model.TrackKind;

import java.util.ArrayList;
import java.util.List;

/**
 * What is drawn at a timeline frame, lowest first: for each shown video track, its clip there; in a
 * clip's transition, first the clip before it playing on from its source, then the clip itself with
 * the transition's weight k/N (so over an opaque picture it is a cross-dissolve). Clips whose fades or
 * opacity make them invisible are left out.
 */
public final class LayerStack {
    private LayerStack() {
    }

    public static List<Layer> at(Project p, long frame) {
        List<Layer> out = new ArrayList<>();
        for (Track t : p.tracks()) {
            if (t.kind() != TrackKind.VIDEO || t.hidden()) {
                continue;
            }
            var found = t.clipAt(frame);
            if (found.isEmpty()) {
                continue;
            }
            Clip c = found.get();
            long k = frame - c.start();
            double a = c.style().opacity() * c.fadeAt(k);
            long tr = c.style().transitionIn();
            if (tr > 0 && k < tr) {
                var before = t.adjacentBefore(c);
                if (before.isPresent()) {
                    Clip b = before.get();
                    long kb = b.length() + k; // plays on past its end
                    add(out, p, b, kb, b.style().opacity());
                }
                a *= (double) k / tr;
            }
            add(out, p, c, k, a);
        }
        return out;
    }

    private static void add(List<Layer> out, Project p, Clip c, long k, double alpha) {
        if (alpha <= 0) {
            return;
        }
        MediaRef m = c.isTitle() ? null : p.mediaRef(c.mediaId());
        out.add(new Layer(c, m, k, c.isTitle() ? 0 : c.sourceAt(k, p.rate()), alpha));
    }

    /**
     * The one source the frame shows unchanged, when it is that simple: a single opaque clip at 1x with no
     * transform, fade or transition, either alone or filling the frame over the others. Null otherwise.
     */
    public static Layer simple(Project p, List<Layer> layers) {
        if (layers.isEmpty()) {
            return null;
        }
        Layer top = layers.get(layers.size() - 1);
        Clip c = top.clip();
        ClipStyle s = c.style();
        boolean plain = !c.isTitle() && top.alpha() == 1 && s.opacity() == 1 && s.transform().isIdentity()
                && s.speed() == 1 && !s.reverse() && s.fadeIn() == 0 && s.fadeOut() == 0 && s.transitionIn() == 0;
        if (!plain) {
            return null;
        }
        if (layers.size() == 1) {
            return top;
        }
        MediaRef m = top.media();
        boolean fills = (long) m.width() * p.settings().height() == (long) m.height() * p.settings().width();
        return fills ? top : null;
    }
}
