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
     * The one source shown unchanged from {@code frame} to the next clip edge, when it is that simple: a single
     * opaque clip at 1x with no transform, fade or transition, either alone on the shown tracks or filling the frame
     * over the others. Decided on which clips are there, not on this frame's fade values, so it holds for the whole
     * stretch. Null when nothing shows or the stretch must be composited ({@link #covered}).
     */
    public static Layer plain(Project p, long frame) {
        List<Clip> present = new ArrayList<>();
        for (Track t : p.tracks()) {
            if (t.kind() == TrackKind.VIDEO && !t.hidden()) {
                t.clipAt(frame).ifPresent(present::add);
            }
        }
        if (present.isEmpty()) {
            return null;
        }
        Clip c = present.get(present.size() - 1);
        ClipStyle s = c.style();
        boolean plain = !c.isTitle() && s.opacity() == 1 && s.transform().isIdentity() && s.speed() == 1 && !s.reverse()
                && s.fadeIn() == 0 && s.fadeOut() == 0 && s.transitionIn() == 0;
        if (!plain) {
            return null;
        }
        MediaRef m = p.mediaRef(c.mediaId());
        boolean fills = (long) m.width() * p.settings().height() == (long) m.height() * p.settings().width();
        if (present.size() > 1 && !fills) {
            return null;
        }
        return new Layer(c, m, frame - c.start(), c.sourceAt(frame - c.start(), p.rate()), 1);
    }

    /** True when some shown video track has a clip at {@code frame}. */
    public static boolean covered(Project p, long frame) {
        return p.tracks().stream().anyMatch(t -> t.kind() == TrackKind.VIDEO && !t.hidden() && t.clipAt(frame).isPresent());
    }
}
