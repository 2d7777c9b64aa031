package dev.flowsmith.restoration.stabilise;

import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class L1CameraPathTest {
    private static final int W = 160, H = 120;

    /** A pan with handheld jitter: translation and rotation per frame. */
    private static List<Similarity> handheld(int frames, long seed) {
        Random r = new Random(seed);
        List<Similarity> m = new ArrayList<>();
        for (int t = 1; t < frames; t++) {
            m.add(Similarity.aboutCentre((W - 1) / 2.0, (H - 1) / 2.0, 0.8 + 2.5 * r.nextGaussian(), 1.5 * r.nextGaussian(),
                    Math.toRadians(0.6 * r.nextGaussian()), 0.002 * r.nextGaussian()));
        }
        return m;
    }

    /**
     * The same problem solved exactly by commons-math's simplex. The unknowns are shifted by {@link #SHIFT} so that every
     * variable is non-negative (commons-math's free-variable mode reported this feasible problem infeasible).
     */
    private static double simplexOptimum(L1CameraPath.LinearForm lp, L1CameraPath.Weights w) {
        int rows = lp.rows().size(), vars = lp.unknowns() + rows;
        double[] cost = new double[vars];
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int order = lp.orders().get(i);
            cost[lp.unknowns() + i] = order == 1 ? w.first() : order == 2 ? w.second() : w.third();
            double[] a = new double[vars], b = new double[vars];
            System.arraycopy(lp.rows().get(i), 0, a, 0, lp.unknowns());
            System.arraycopy(lp.rows().get(i), 0, b, 0, lp.unknowns());
            a[lp.unknowns() + i] = -1; // A p + c <= s
            b[lp.unknowns() + i] = 1; // A p + c >= -s
            double shift = SHIFT * sum(lp.rows().get(i));
            cons.add(new LinearConstraint(a, Relationship.LEQ, -lp.constants().get(i) + shift));
            cons.add(new LinearConstraint(b, Relationship.GEQ, -lp.constants().get(i) + shift));
        }
        for (int i = 0; i < lp.bounded().size(); i++) {
            double[] a = new double[vars];
            System.arraycopy(lp.bounded().get(i), 0, a, 0, lp.unknowns());
            double shift = SHIFT * sum(lp.bounded().get(i));
            cons.add(new LinearConstraint(a, Relationship.GEQ, lp.bounds().get(i)[0] + shift));
            if (Double.isFinite(lp.bounds().get(i)[1])) {
                cons.add(new LinearConstraint(a.clone(), Relationship.LEQ, lp.bounds().get(i)[1] + shift));
            }
        }
        PointValuePair opt = new SimplexSolver().optimize(new MaxIter(1_000_000), new LinearObjectiveFunction(cost, 0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        return opt.getValue();
    }

    @Test
    void reachesTheSimplexOptimumAndKeepsTheWindowInsideEveryFrame() {
        for (long seed = 1; seed <= 2; seed++) {
            for (L1CameraPath.Weights w : new L1CameraPath.Weights[]{L1CameraPath.Weights.SMOOTH, L1CameraPath.Weights.LOCKED}) {
                List<Similarity> motions = handheld(9, seed);
                double window = 0.84;
                List<Similarity> path = L1CameraPath.solve(motions, W, H, window, w);
                for (Similarity c : path) {
                    assertTrue(StabilisationPlan.coveredScale(c, W, H) >= window - 1e-3, "the window leaves a frame: " + c);
                    assertTrue(Math.exp(c.logScale()) >= 1 - 1e-4, "a correction zooms in on its own: " + c);
                }
                double exact = simplexOptimum(L1CameraPath.linearForm(motions, W, H, window), w);
                double got = L1CameraPath.objective(motions, path, W, H, w);
                double still = L1CameraPath.objective(motions, identities(path.size()), W, H, w);
                assertTrue(exact < 0.7 * still, "the optimum is smoother than leaving the shake: " + exact + " vs " + still);
                assertEquals(exact, got, 0.01 * exact + 1e-3, "seed " + seed + ", " + w + ": ADMM vs the simplex optimum");
            }
        }
    }

    private static final double SHIFT = 1000;

    private static double sum(double[] row) {
        double s = 0;
        for (double v : row) {
            s += v;
        }
        return s;
    }

    private static List<Similarity> identities(int n) {
        List<Similarity> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Similarity.IDENTITY);
        }
        return l;
    }
}
