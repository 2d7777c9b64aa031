package dev.flowsmith.restoration.stabilise;

import java.util.ArrayList;
import java.util.List;

/**
 * The L1-optimal camera path of Grundmann, Kwatra and Essa (CVPR 2011), solved jointly over all four similarity
 * parameters with the exact crop constraint. The unknowns are the per-frame corrections {@code W_t} (output pixel to
 * input pixel, linear parameters {@code a, b, tx, ty}); the output's frame-to-frame motion is
 * {@code W_t^-1 F_t W_(t-1)}, so the velocity residual {@code e_t = F_t W_(t-1) - W_t} is linear in the unknowns, and
 * so are its first and second differences (acceleration, jerk). The objective is
 * {@code w1 |e|_1 + w2 |D e|_1 + w3 |D^2 e|_1}: L1 makes the path piecewise static, linear and parabolic, as a camera
 * operator moves, rather than an ever-wobbling low-pass. The constraint: the centred crop window (a share of the
 * frame) mapped by {@code W_t} stays inside frame t: eight linear inequalities per frame (four corners, two axes),
 * which is what lets rotation and translation share the margin frame by frame.
 *
 * <p>Solved by ADMM (Boyd et al. 2011) instead of the paper's simplex: each iteration is one block-banded solve (the
 * matrix factored once), soft thresholds and a clamp of the corners, so time and memory grow linearly with the frames.
 * The rotation-scale parameters are measured in pixels at the frame's corner ({@code r a, r b} with r the half
 * diagonal), so one L1 norm weighs a corner's shift from rotation like one from translation. Checked against an exact
 * simplex solution in the tests.
 */
public final class L1CameraPath {
    /**
     * Weights of the velocity, acceleration and jerk residuals. {@link #SMOOTH} is Grundmann et al.'s 10, 1, 100 (a jerk
     * costs most: the camera holds, pans and eases in and out, as YouTube's stabiliser does). {@link #LOCKED} prices
     * velocity only: a tripod shot (Resolve's camera lock) that holds still as long as the margin allows and then moves
     * in one go; it scores a higher inter-frame fidelity (most frames do not move at all) but jumps where the margin runs
     * out.
     */
    public record Weights(double first, double second, double third) {
        public static final Weights SMOOTH = new Weights(10, 1, 100), LOCKED = new Weights(10, 0, 0);

        public Weights {
            if (!(first >= 0 && second >= 0 && third >= 0) || first + second + third == 0) {
                throw new IllegalArgumentException("path weights must be >= 0, not all zero: " + first + ", " + second + ", " + third);
            }
        }

        double of(int order) {
            return order == 1 ? first : order == 2 ? second : third;
        }
    }

    private static final int MAX_ITERATIONS = 20_000, BW = 16, G_ROWS = 9;
    private static final double EPS_ABS = 1e-6, EPS_REL = 1e-5;
    /** Differences of the velocity residual: order 1 (itself), 2, 3. */
    private static final double[][] STENCIL = {{1}, {-1, 1}, {1, -2, 1}};

    /** One residual: {@code sum_j B_j p_(first + j) + c}, four rows. */
    private record Residual(int order, int first, double[][][] blocks, double[] c) {
    }

    private final int n, width, height;
    private final double r;
    private final List<Residual> residuals = new ArrayList<>();
    /**
     * Pixel coordinates to coordinates about the frame's centre, where the unknowns live: a translation there is the
     * picture's middle moving, and a rotation does not move it, so the L1 norm weighs what a viewer sees move.
     */
    private final Similarity toCentre;
    /** Per frame, the window's corners in output pixels: x0, y0, x1, y1 ... (four corners). */
    private final double[] corners = new double[8];

    private L1CameraPath(List<Similarity> motions, int width, int height, double window) {
        this.n = motions.size() + 1;
        this.width = width;
        this.height = height;
        this.r = Math.hypot(width / 2.0, height / 2.0);
        this.toCentre = new Similarity(1, 0, -(width - 1) / 2.0, -(height - 1) / 2.0);
        int k = 0;
        for (int sx = -1; sx <= 1; sx += 2) {
            for (int sy = -1; sy <= 1; sy += 2) {
                corners[k++] = sx * window * width / 2.0;
                corners[k++] = sy * window * height / 2.0;
            }
        }
        // velocity residual e_t (t = 1 .. n-1) = L_t p_(t-1) - p_t + c_t, L_t the composition with F_t
        double[][][] l = new double[n][][];
        double[][] c = new double[n][];
        for (int t = 1; t < n; t++) {
            Similarity f = toCentre.after(motions.get(t - 1)).after(toCentre.inverse()); // about the frame's centre
            double fa = f.a(), fb = f.b();
            l[t] = new double[][]{{fa, -fb, 0, 0}, {fb, fa, 0, 0}, {0, 0, fa, -fb}, {0, 0, fb, fa}};
            c[t] = new double[]{0, 0, f.tx(), f.ty()};
        }
        double[][] minusI = {{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, -1, 0}, {0, 0, 0, -1}};
        for (int order = 1; order <= 3; order++) {
            double[] s = STENCIL[order - 1];
            for (int t = 1; t + s.length - 1 < n; t++) { // sum_i s_i e_(t+i): frames t-1 .. t+len-1
                double[][][] blocks = new double[s.length + 1][4][4];
                double[] cc = new double[4];
                for (int i = 0; i < s.length; i++) {
                    addScaled(blocks[i], l[t + i], s[i]);
                    addScaled(blocks[i + 1], minusI, s[i]);
                    for (int q = 0; q < 4; q++) {
                        cc[q] += s[i] * c[t + i][q];
                    }
                }
                residuals.add(new Residual(order, t - 1, blocks, cc));
            }
        }
    }

    /**
     * The corrections (output pixel to input pixel) for a {@code width x height} clip whose frame {@code t-1} moves to
     * frame t by {@code motions.get(t-1)}, keeping a centred window of {@code window} (0-1) of the frame inside every
     * frame.
     */
    public static List<Similarity> solve(List<Similarity> motions, int width, int height, double window, Weights w) {
        if (!(window > 0 && window < 1)) {
            throw new IllegalArgumentException("window " + window);
        }
        return new L1CameraPath(motions, width, height, window).run(w);
    }

    private static void addScaled(double[][] into, double[][] m, double s) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                into[i][j] += s * m[i][j];
            }
        }
    }

    /**
     * The constraint rows of one frame: the corners' coordinates, then {@code r a} (at least r: the correction may not
     * zoom in on its own, which would make room for any shift while the retained area shrinks unseen).
     */
    private double[][] g() {
        double[][] g = new double[G_ROWS][];
        g[8] = new double[]{1, 0, 0, 0};
        for (int k = 0; k < 4; k++) {
            double qx = corners[2 * k], qy = corners[2 * k + 1];
            g[2 * k] = new double[]{qx / r, -qy / r, 1, 0};
            g[2 * k + 1] = new double[]{qy / r, qx / r, 0, 1};
        }
        return g;
    }

    private List<Similarity> run(Weights w) {
        int dim = 4 * n;
        double[] p = new double[dim];
        for (int t = 0; t < n; t++) {
            p[4 * t] = r; // identity: feasible, the window being inside the frame
        }
        List<Similarity> out = new ArrayList<>(n);
        if (n == 1) {
            out.add(Similarity.IDENTITY);
            return out;
        }
        double[][] g = g();
        double[] lo = new double[G_ROWS], hi = new double[G_ROWS];
        for (int k = 0; k < 8; k++) {
            lo[k] = -(k % 2 == 0 ? width : height) / 2.0;
            hi[k] = -lo[k];
        }
        lo[8] = r;
        hi[8] = Double.POSITIVE_INFINITY;
        double step = 0;
        for (Residual res : residuals) {
            if (res.order() == 1) {
                step += Math.abs(res.c()[2]) + Math.abs(res.c()[3]);
            }
        }
        step = Math.max(step / (2.0 * (n - 1)), 1e-3);
        // ADMM's penalty, fixed (residual balancing made this problem oscillate): the weights over the typical step, so
        // the soft thresholds are a fraction of a step whatever the clip; from 0.1x to 10x of this the result stayed the same
        double rho = 3 * (w.first() + w.second() + w.third()) / step;
        double[] chol = factor(normalMatrix(g), dim);
        int m = residuals.size();
        double[][] z = new double[m][], u = new double[m][4];
        for (int i = 0; i < m; i++) {
            z[i] = apply(residuals.get(i), p);
        }
        double[] y = new double[G_ROWS * n], v = new double[G_ROWS * n];
        applyG(g, p, y);
        double[] rhs = new double[dim], gp = new double[G_ROWS * n];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            java.util.Arrays.fill(rhs, 0);
            for (int i = 0; i < m; i++) {
                Residual res = residuals.get(i);
                double[] q = new double[4];
                for (int k = 0; k < 4; k++) {
                    q[k] = z[i][k] - u[i][k] - res.c()[k];
                }
                applyTranspose(res, q, rhs);
            }
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < G_ROWS; k++) {
                    double q = y[G_ROWS * t + k] - v[G_ROWS * t + k];
                    for (int j = 0; j < 4; j++) {
                        rhs[4 * t + j] += g[k][j] * q;
                    }
                }
            }
            solve(chol, dim, rhs, p);
            double primal = 0, dual = 0, norm = 0, dualNorm = 0;
            for (int i = 0; i < m; i++) {
                Residual res = residuals.get(i);
                double thr = w.of(res.order()) / rho;
                double[] a = apply(res, p);
                for (int k = 0; k < 4; k++) {
                    double s = a[k] + u[i][k], old = z[i][k];
                    z[i][k] = s > thr ? s - thr : s < -thr ? s + thr : 0;
                    double d = a[k] - z[i][k];
                    u[i][k] += d;
                    primal += d * d;
                    dual += (z[i][k] - old) * (z[i][k] - old);
                    norm += a[k] * a[k];
                    dualNorm += u[i][k] * u[i][k];
                }
            }
            applyG(g, p, gp);
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < G_ROWS; k++) {
                    int idx = G_ROWS * t + k;
                    double s = gp[idx] + v[idx], old = y[idx];
                    y[idx] = Math.max(lo[k], Math.min(hi[k], s));
                    double d = gp[idx] - y[idx];
                    v[idx] += d;
                    primal += d * d;
                    dual += (y[idx] - old) * (y[idx] - old);
                    norm += gp[idx] * gp[idx];
                    dualNorm += v[idx] * v[idx];
                }
            }
            double size = Math.sqrt(4.0 * m + (double) G_ROWS * n);
            if (it > 20 && Math.sqrt(primal) < EPS_ABS * size + EPS_REL * Math.sqrt(norm)
                    && rho * Math.sqrt(dual) < EPS_ABS * size + EPS_REL * rho * Math.sqrt(dualNorm)) {
                break;
            }
        }
        for (int t = 0; t < n; t++) {
            Similarity centred = new Similarity(p[4 * t] / r, p[4 * t + 1] / r, p[4 * t + 2], p[4 * t + 3]);
            out.add(toCentre.inverse().after(centred).after(toCentre));
        }
        return out;
    }

    private static double[] apply(Residual res, double[] p) {
        double[] a = res.c().clone();
        for (int j = 0; j < res.blocks().length; j++) {
            int base = 4 * (res.first() + j);
            double[][] b = res.blocks()[j];
            for (int i = 0; i < 4; i++) {
                a[i] += b[i][0] * p[base] + b[i][1] * p[base + 1] + b[i][2] * p[base + 2] + b[i][3] * p[base + 3];
            }
        }
        return a;
    }

    private static void applyTranspose(Residual res, double[] q, double[] acc) {
        for (int j = 0; j < res.blocks().length; j++) {
            int base = 4 * (res.first() + j);
            double[][] b = res.blocks()[j];
            for (int col = 0; col < 4; col++) {
                acc[base + col] += b[0][col] * q[0] + b[1][col] * q[1] + b[2][col] * q[2] + b[3][col] * q[3];
            }
        }
    }

    private void applyG(double[][] g, double[] p, double[] out) {
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < G_ROWS; k++) {
                out[G_ROWS * t + k] = g[k][0] * p[4 * t] + g[k][1] * p[4 * t + 1] + g[k][2] * p[4 * t + 2] + g[k][3] * p[4 * t + 3];
            }
        }
    }

    /** {@code sum A^T A + G^T G} as a band: {@code band[i * (BW + 1) + d]} is element (i, i + d). */
    private double[] normalMatrix(double[][] g) {
        int dim = 4 * n;
        double[] band = new double[dim * (BW + 1)];
        for (Residual res : residuals) {
            double[][][] b = res.blocks();
            for (int x = 0; x < b.length; x++) {
                for (int yb = 0; yb < b.length; yb++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            int row = 4 * (res.first() + x) + i, col = 4 * (res.first() + yb) + j;
                            if (col < row) {
                                continue;
                            }
                            double s = 0;
                            for (int k = 0; k < 4; k++) {
                                s += b[x][k][i] * b[yb][k][j];
                            }
                            band[row * (BW + 1) + (col - row)] += s;
                        }
                    }
                }
            }
        }
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < 4; i++) {
                for (int j = i; j < 4; j++) {
                    double s = 0;
                    for (double[] row : g) {
                        s += row[i] * row[j];
                    }
                    band[(4 * t + i) * (BW + 1) + (j - i)] += s;
                }
            }
        }
        return band;
    }

    /** Banded Cholesky: on return {@code l[j * (BW + 1) + d]} is L(j + d, j). */
    private static double[] factor(double[] band, int dim) {
        int s = BW + 1;
        double[] l = new double[dim * s];
        for (int j = 0; j < dim; j++) {
            double d = band[j * s];
            for (int k = Math.max(0, j - BW); k < j; k++) {
                double v = l[k * s + (j - k)];
                d -= v * v;
            }
            if (!(d > 0)) {
                throw new IllegalStateException("camera path system not positive definite at " + j);
            }
            d = Math.sqrt(d);
            l[j * s] = d;
            for (int i = j + 1; i <= Math.min(dim - 1, j + BW); i++) {
                double v = band[j * s + (i - j)];
                for (int k = Math.max(0, i - BW); k < j; k++) {
                    v -= l[k * s + (i - k)] * l[k * s + (j - k)];
                }
                l[j * s + (i - j)] = v / d;
            }
        }
        return l;
    }

    private static void solve(double[] l, int dim, double[] rhs, double[] x) {
        int s = BW + 1;
        for (int i = 0; i < dim; i++) {
            double v = rhs[i];
            for (int k = Math.max(0, i - BW); k < i; k++) {
                v -= l[k * s + (i - k)] * x[k];
            }
            x[i] = v / l[i * s];
        }
        for (int i = dim - 1; i >= 0; i--) {
            double v = x[i];
            for (int k = i + 1; k <= Math.min(dim - 1, i + BW); k++) {
                v -= l[i * s + (k - i)] * x[k];
            }
            x[i] = v / l[i * s];
        }
    }

    /**
     * The problem as a linear program, for the tests' simplex oracle: residual rows over the {@code 4 n} unknowns (about
     * the centre, rotation-scale in corner pixels) with their constants and orders, and the constraint rows with bounds.
     */
    record LinearForm(int unknowns, List<double[]> rows, List<Double> constants, List<Integer> orders, List<double[]> bounded,
                      List<double[]> bounds) {
    }

    static LinearForm linearForm(List<Similarity> motions, int width, int height, double window) {
        L1CameraPath path = new L1CameraPath(motions, width, height, window);
        int dim = 4 * path.n;
        List<double[]> rows = new ArrayList<>(), bounded = new ArrayList<>(), bounds = new ArrayList<>();
        List<Double> constants = new ArrayList<>();
        List<Integer> orders = new ArrayList<>();
        for (Residual res : path.residuals) {
            for (int i = 0; i < 4; i++) {
                double[] row = new double[dim];
                for (int j = 0; j < res.blocks().length; j++) {
                    for (int col = 0; col < 4; col++) {
                        row[4 * (res.first() + j) + col] = res.blocks()[j][i][col];
                    }
                }
                rows.add(row);
                constants.add(res.c()[i]);
                orders.add(res.order());
            }
        }
        double[][] g = path.g();
        for (int t = 0; t < path.n; t++) {
            for (int k = 0; k < G_ROWS; k++) {
                double[] row = new double[dim];
                System.arraycopy(g[k], 0, row, 4 * t, 4);
                bounded.add(row);
                bounds.add(k == 8 ? new double[]{path.r, Double.POSITIVE_INFINITY}
                        : new double[]{-(k % 2 == 0 ? width : height) / 2.0, (k % 2 == 0 ? width : height) / 2.0});
            }
        }
        return new LinearForm(dim, rows, constants, orders, bounded, bounds);
    }

    /** The objective of corrections {@code w} (tests: compare with the simplex optimum). */
    static double objective(List<Similarity> motions, List<Similarity> corrections, int width, int height, Weights weights) {
        L1CameraPath path = new L1CameraPath(motions, width, height, 0.5);
        double[] p = new double[4 * corrections.size()];
        for (int t = 0; t < corrections.size(); t++) {
            Similarity c = path.toCentre.after(corrections.get(t)).after(path.toCentre.inverse());
            p[4 * t] = c.a() * path.r;
            p[4 * t + 1] = c.b() * path.r;
            p[4 * t + 2] = c.tx();
            p[4 * t + 3] = c.ty();
        }
        double sum = 0;
        for (Residual res : path.residuals) {
            for (double a : apply(res, p)) {
                sum += weights.of(res.order()) * Math.abs(a);
            }
        }
        return sum;
    }
}
