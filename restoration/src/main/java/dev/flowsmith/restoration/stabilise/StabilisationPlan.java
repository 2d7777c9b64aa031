package dev.flowsmith.restoration.stabilise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where every output frame's pixels come from: the camera path (the frame-to-frame motions chained), the smooth path the
 * virtual camera takes instead (L1-optimal, per parameter about the frame's centre, within the crop margin), and the
 * largest centred window, of the frame's own shape, that every corrected frame still covers. With {@code zoom} the
 * window is scaled back up to the frame's size (no border is ever visible, as vidstab's optimal zoom or Resolve's
 * "zoom to fill"); without it the corrected frames are shown whole with their uncovered edges black.
 *
 * <p>The path: {@code M_t} maps frame 0's coordinates to frame t's; the virtual camera {@code S_t} follows its
 * parameters (angle, log scale, translation of the centre) smoothly; output pixel {@code y} shows input pixel
 * {@code M_t S_t^-1 y}. Rotation and scale are smoothed first, each within its share of the margin; the translation
 * then within the rest, its box taken in the correction's own frame so the bound holds exactly however far the camera
 * has panned.
 */
public final class StabilisationPlan {
    /**
     * {@code margin}: the share of the width and height (0.01-0.4) the correction may take from each side;
     * {@code weights}: the path's cost of velocity, acceleration and jerk; {@code zoom}: crop to the common window
     * and scale it to the frame size (default) instead of showing black edges.
     */
    public record Params(double margin, L1PathSmoother.Weights weights, boolean zoom) {
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
            return new Params(DEFAULT_MARGIN, L1PathSmoother.Weights.STEADY, true);
        }

        String describe() {
            return String.format(Locale.ROOT, "margin=%.4f,w=%.3g/%.3g/%.3g,zoom=%s", margin, weights.first(), weights.second(),
                    weights.third(), zoom);
        }
    }

    /**
     * Shares of the margin (at the window's corner) that rotation and scale may use at most; translation gets what the
     * rotation and scale actually used at each frame leave. (Measured on the stabilise bench: 0.8 rather than 0.5 gained
     * 0.3-1.3 dB ITF on Vid4 calendar and DAVIS bmx-trees and lost 0.3 dB on city.)
     */
    private static final double ROTATION_SHARE = 0.8, SCALE_SHARE = 0.15;

    private final int width, height;
    private final List<Similarity> outputToInput;
    private final double windowScale;
    private final int unreliable;
    private final String fingerprint;

    private StabilisationPlan(int width, int height, List<Similarity> outputToInput, double windowScale, int unreliable) {
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
        int n = motions.size() + 1;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        List<Similarity> camera = new ArrayList<>(n);
        camera.add(Similarity.IDENTITY);
        for (Similarity f : motions) {
            camera.add(f.after(camera.get(camera.size() - 1)));
        }
        double[] angle = new double[n], logScale = new double[n], tx = new double[n], ty = new double[n];
        for (int t = 0; t < n; t++) {
            Similarity m = camera.get(t);
            double a = m.angle();
            if (t > 0) { // unwrapped: a long rotation is a continuous path
                a += 2 * Math.PI * Math.round((angle[t - 1] - a) / (2 * Math.PI));
            }
            angle[t] = a;
            logScale[t] = m.logScale();
            tx[t] = m.dxAbout(cx, cy);
            ty[t] = m.dyAbout(cx, cy);
        }
        double marginX = params.margin() * width, marginY = params.margin() * height;
        double corner = Math.hypot(width / 2.0, height / 2.0), small = Math.min(marginX, marginY);
        double maxAngle = ROTATION_SHARE * small / corner, maxLogScale = SCALE_SHARE * small / corner;
        double[] sAngle = L1PathSmoother.smooth(shift(angle, -maxAngle), shift(angle, maxAngle), params.weights());
        double[] sLog = L1PathSmoother.smooth(shift(logScale, -maxLogScale), shift(logScale, maxLogScale), params.weights());
        // W = M S^-1 shifts the centre by t_m - R t_s (R = R_m R_s^-1 = q Rot). The target window (1 - 2 margin of the
        // frame) stays inside when that shift is within what the rotated, scaled window leaves free on each axis at this
        // frame: a box in Rot t_s coordinates, projected there and rotated back (exact, Rot being orthogonal)
        double target = 1 - 2 * params.margin();
        double[] cos = new double[n], sin = new double[n], q = new double[n], restX = new double[n], restY = new double[n];
        for (int t = 0; t < n; t++) {
            double d = angle[t] - sAngle[t];
            cos[t] = Math.cos(d);
            sin[t] = Math.sin(d);
            q[t] = Math.exp(logScale[t] - sLog[t]);
            double c = Math.abs(cos[t]), si = Math.abs(sin[t]);
            restX[t] = Math.max(0, width / 2.0 - target * q[t] * (c * width / 2.0 + si * height / 2.0));
            restY[t] = Math.max(0, height / 2.0 - target * q[t] * (si * width / 2.0 + c * height / 2.0));
        }
        double[][] start = {tx.clone(), ty.clone()};
        for (int t = 0; t < n; t++) { // the start must be inside: t_s = R^-1 t_m
            double ux = tx[t] / q[t], uy = ty[t] / q[t];
            start[0][t] = cos[t] * ux + sin[t] * uy;
            start[1][t] = -sin[t] * ux + cos[t] * uy;
        }
        double[][] path = L1PathSmoother.smooth(start, params.weights(), p -> {
            for (int t = 0; t < n; t++) {
                double wx = cos[t] * p[0][t] - sin[t] * p[1][t], wy = sin[t] * p[0][t] + cos[t] * p[1][t];
                double ox = tx[t] / q[t], oy = ty[t] / q[t], rx = restX[t] / q[t], ry = restY[t] / q[t];
                wx = Math.max(ox - rx, Math.min(ox + rx, wx));
                wy = Math.max(oy - ry, Math.min(oy + ry, wy));
                p[0][t] = cos[t] * wx + sin[t] * wy;
                p[1][t] = -sin[t] * wx + cos[t] * wy;
            }
        });
        List<Similarity> corrections = new ArrayList<>(n);
        double window = 1;
        for (int t = 0; t < n; t++) {
            Similarity s = Similarity.aboutCentre(cx, cy, path[0][t], path[1][t], sAngle[t], sLog[t]);
            Similarity w = camera.get(t).after(s.inverse());
            corrections.add(w);
            window = Math.min(window, coveredScale(w, width, height));
        }
        window = Math.max(0.05, window);
        List<Similarity> out = new ArrayList<>(n);
        Similarity zoom = Similarity.zoom(cx, cy, window);
        for (Similarity w : corrections) {
            out.add(params.zoom() ? w.after(zoom) : w);
        }
        return new StabilisationPlan(width, height, out, params.zoom() ? window : 1, unreliable);
    }

    private static double[] shift(double[] v, double by) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] + by;
        }
        return o;
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

    /** The share of the picture's area kept: the window's area with zoom, 1 without. */
    public double retainedArea() {
        return windowScale * windowScale;
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
