package dev.flowsmith.restoration.stabilise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where every output frame's pixels come from: the per-frame corrections of the L1-optimal camera path
 * ({@link L1CameraPath}, within the crop margin) and the largest centred window, of the frame's own shape, that every
 * corrected frame still covers. With {@code zoom} the
 * window is scaled back up to the frame's size (no border is ever visible, as vidstab's optimal zoom or Resolve's
 * "zoom to fill"); without it the corrected frames are shown whole with their uncovered edges black.
 */
public final class StabilisationPlan {
    /**
     * {@code margin}: the share of the width and height (0.01-0.4) the correction may take from each side;
     * {@code weights}: the path's cost of velocity, acceleration and jerk; {@code zoom}: crop to the common window
     * and scale it to the frame size (default) instead of showing black edges.
     */
    public record Params(double margin, L1CameraPath.Weights weights, boolean zoom) {
        public static final double DEFAULT_MARGIN = 0.1;

        public Params {
            if (!(margin >= 0.01 && margin <= 0.4)) {
                throw new IllegalArgumentException("the stabiliser's margin must be from 0.01 to 0.4 of the frame, not " + margin);
            }
            if (weights == null) {
                throw new IllegalArgumentException("no path weights");
            }
        }

        public static Params defaults() {
            return new Params(DEFAULT_MARGIN, L1CameraPath.Weights.SMOOTH, true);
        }

        String describe() {
            return String.format(Locale.ROOT, "margin=%.4f,w=%.3g/%.3g/%.3g,zoom=%s", margin, weights.first(), weights.second(),
                    weights.third(), zoom);
        }
    }

    private final int width, height;
    private final List<Similarity> outputToInput;
    private final double windowScale, retainedArea;
    private final int unreliable;
    private final String fingerprint;

    private StabilisationPlan(int width, int height, List<Similarity> outputToInput, double windowScale, double retainedArea, int unreliable) {
        this.retainedArea = retainedArea;
        this.width = width;
        this.height = height;
        this.outputToInput = outputToInput;
        this.windowScale = windowScale;
        this.unreliable = unreliable;
        long h = 1125899906842597L;
        for (Similarity s : outputToInput) {
            for (double v : s.matrix()) {
                h = 31 * h + Double.doubleToLongBits(v);
            }
        }
        this.fingerprint = String.format(Locale.ROOT, "%d frames, window %.4f, path %016x", outputToInput.size(), windowScale, h);
    }

    /**
     * The plan for a clip of {@code width x height} whose consecutive frames move by {@code motions} (frame t-1 to
     * t, so one fewer than the frames); {@code unreliable} counts the motions that were unknown (taken as still).
     */
    public static StabilisationPlan of(List<Similarity> motions, int unreliable, int width, int height, Params params) {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        List<Similarity> corrections = L1CameraPath.solve(motions, width, height, 1 - 2 * params.margin(), params.weights());
        double window = 1;
        for (Similarity w : corrections) { // exact, whatever the solver's tolerance
            window = Math.min(window, coveredScale(w, width, height));
        }
        window = Math.max(0.05, window);
        List<Similarity> out = new ArrayList<>(corrections.size());
        Similarity zoom = Similarity.zoom(cx, cy, window);
        for (Similarity w : corrections) {
            out.add(params.zoom() ? w.after(zoom) : w);
        }
        double shown = 1; // the side of the input each frame shows, as a share of the frame's: the window times the correction's scale
        for (Similarity w : corrections) {
            shown = Math.min(shown, (params.zoom() ? window : 1) * Math.exp(w.logScale()));
        }
        return new StabilisationPlan(width, height, out, params.zoom() ? window : 1, Math.min(1, shown * shown), unreliable);
    }

    /**
     * The largest s (at most 1) for which the centred window of s times the frame, mapped by {@code w}, stays inside
     * the frame: each corner and axis gives a linear bound.
     */
    static double coveredScale(Similarity w, int width, int height) {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, hx = width / 2.0, hy = height / 2.0;
        double ox = w.x(cx, cy) - cx, oy = w.y(cx, cy) - cy, s = 1;
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sy = -1; sy <= 1; sy += 2) {
                double dx = sx * hx, dy = sy * hy;
                double gx = w.a() * dx - w.b() * dy, gy = w.b() * dx + w.a() * dy;
                s = Math.min(s, bound(ox, gx, hx));
                s = Math.min(s, bound(oy, gy, hy));
            }
        }
        return s;
    }

    /** Largest s with |o + s g| <= e (o inside). */
    private static double bound(double o, double g, double e) {
        if (Math.abs(o) >= e) {
            return 0;
        }
        return g == 0 ? Double.POSITIVE_INFINITY : (e - Math.signum(g) * o) / Math.abs(g);
    }

    /** Output pixel to input pixel of frame {@code t} (the last frame's for a later index: a frame count that grew). */
    public Similarity outputToInput(long t) {
        return outputToInput.get((int) Math.max(0, Math.min(outputToInput.size() - 1, t)));
    }

    public int frames() {
        return outputToInput.size();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The common window's side as a share of the frame's (1 without zoom). */
    public double windowScale() {
        return windowScale;
    }

    /**
     * The share of the picture's area every output frame shows at least: the window's area times the corrections' own
     * scale (at least 1), so 1 without zoom.
     */
    public double retainedArea() {
        return retainedArea;
    }

    /** Frame-to-frame motions that could not be measured (taken as still). */
    public int unreliableMotions() {
        return unreliable;
    }

    /** Identifies the path in the job manifest: a resume must find the same one. */
    public String fingerprint() {
        return fingerprint;
    }
}
