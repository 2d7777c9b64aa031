package dev.flowsmith.restoration.stabilise;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation) of pixel coordinates:
 * {@code x' = a x - b y + tx, y' = b x + a y + ty}. The camera's motion between frames and every correction the
 * stabiliser applies are of this kind (four degrees of freedom: enough for handheld shake, few enough to estimate
 * robustly from a few hundred feature tracks). Immutable.
 */
public record Similarity(double a, double b, double tx, double ty) {
    public static final Similarity IDENTITY = new Similarity(1, 0, 0, 0);

    public Similarity {
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(tx) && Double.isFinite(ty)) || a * a + b * b == 0) {
            throw new IllegalArgumentException("not an invertible similarity: " + a + ", " + b + ", " + tx + ", " + ty);
        }
    }

    /**
     * The similarity that rotates by {@code angle} (radians) and scales by {@code exp(logScale)} about {@code (cx, cy)},
     * then shifts by {@code (dx, dy)}: the parameters the path smoother works in (about the frame's centre, a rotation
     * does not move the picture's middle, so translation and rotation are nearly independent).
     */
    public static Similarity aboutCentre(double cx, double cy, double dx, double dy, double angle, double logScale) {
        double s = Math.exp(logScale), a = s * Math.cos(angle), b = s * Math.sin(angle);
        return new Similarity(a, b, cx - (a * cx - b * cy) + dx, cy - (b * cx + a * cy) + dy);
    }

    /** Uniform scaling by {@code s} about {@code (cx, cy)}. */
    public static Similarity zoom(double cx, double cy, double s) {
        return aboutCentre(cx, cy, 0, 0, 0, Math.log(s));
    }

    public double x(double x, double y) {
        return a * x - b * y + tx;
    }

    public double y(double x, double y) {
        return b * x + a * y + ty;
    }

    /** {@code this} after {@code first}: {@code p -> this(first(p))}. */
    public Similarity after(Similarity first) {
        return new Similarity(a * first.a - b * first.b, a * first.b + b * first.a, x(first.tx, first.ty), y(first.tx, first.ty));
    }

    public Similarity inverse() {
        double d = a * a + b * b, ia = a / d, ib = -b / d;
        return new Similarity(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    public double angle() {
        return Math.atan2(b, a);
    }

    public double logScale() {
        return 0.5 * Math.log(a * a + b * b);
    }

    /** Where the point {@code (cx, cy)} goes, less {@code (cx, cy)}: the translation about that centre. */
    public double dxAbout(double cx, double cy) {
        return x(cx, cy) - cx;
    }

    public double dyAbout(double cx, double cy) {
        return y(cx, cy) - cy;
    }

    /** The 2x3 matrix row by row, as OpenCV's warpAffine takes it. */
    public double[] matrix() {
        return new double[]{a, -b, tx, b, a, ty};
    }
}
