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

class L1PathSmootherTest {
    /** A handheld-like path: a pan that stops, plus jitter. */
    private static double[] shakyPath(int n, long seed) {
        Random r = new Random(seed);
        double[] c = new double[n];
        for (int t = 0; t < n; t++) {
            c[t] = (t < n / 2 ? 1.5 * t : 1.5 * (n / 2)) + 4 * r.nextGaussian();
        }
        return c;
    }

    /** The same problem as a linear program, solved exactly by commons-math's simplex. */
    private static double lpOptimum(double[] lo, double[] hi, L1PathSmoother.Weights w) {
        int n = lo.length, vars = n + (n - 1) + (n - 2) + (n - 3);
        double[] cost = new double[vars];
        List<LinearConstraint> cons = new ArrayList<>();
        int slack = n;
        double[][] stencil = {{-1, 1}, {1, -2, 1}, {-1, 3, -3, 1}};
        for (int k = 1; k <= 3; k++) {
            for (int i = 0; i + k < n; i++, slack++) {
                cost[slack] = k == 1 ? w.first() : k == 2 ? w.second() : w.third();
                double[] a = new double[vars], b = new double[vars];
                for (int j = 0; j <= k; j++) {
                    a[i + j] = stencil[k - 1][j];
                    b[i + j] = stencil[k - 1][j];
                }
                a[slack] = -1; // D p - e <= 0
                b[slack] = 1; // D p + e >= 0
                cons.add(new LinearConstraint(a, Relationship.LEQ, 0));
                cons.add(new LinearConstraint(b, Relationship.GEQ, 0));
            }
        }
        for (int t = 0; t < n; t++) {
            double[] a = new double[vars];
            a[t] = 1;
            cons.add(new LinearConstraint(a, Relationship.GEQ, lo[t]));
            cons.add(new LinearConstraint(a.clone(), Relationship.LEQ, hi[t]));
        }
        PointValuePair opt = new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(cost, 0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(false));
        return opt.getValue();
    }

    @Test
    void reachesTheLinearProgramsOptimumAndKeepsTheCropConstraint() {
        for (long seed = 1; seed <= 4; seed++) {
            int n = 36;
            double[] c = shakyPath(n, seed), lo = new double[n], hi = new double[n];
            for (int t = 0; t < n; t++) {
                lo[t] = c[t] - 6;
                hi[t] = c[t] + 6;
            }
            L1PathSmoother.Weights w = seed % 2 == 0 ? L1PathSmoother.Weights.SMOOTH : L1PathSmoother.Weights.STEADY;
            double[] p = L1PathSmoother.smooth(lo, hi, w);
            for (int t = 0; t < n; t++) {
                assertTrue(p[t] >= lo[t] - 1e-9 && p[t] <= hi[t] + 1e-9, "frame " + t + " leaves the crop window");
            }
            double exact = lpOptimum(lo, hi, w), got = L1PathSmoother.objective(p, w);
            double shaky = L1PathSmoother.objective(c, w);
            assertTrue(exact < 0.5 * shaky, "the optimum is much smoother than the input: " + exact + " vs " + shaky);
            assertEquals(exact, got, 0.005 * exact + 1e-3, "seed " + seed + ": ADMM's objective vs the simplex optimum");
        }
    }

    @Test
    void aHeldCameraStaysStillAndAPanStaysAStraightLine() {
        int n = 60;
        double[] lo = new double[n], hi = new double[n];
        Random r = new Random(7);
        for (int t = 0; t < n; t++) {
            double c = 2.0 * t + 3 * r.nextGaussian(); // a steady pan under jitter
            lo[t] = c - 8;
            hi[t] = c + 8;
        }
        double[] p = L1PathSmoother.smooth(lo, hi, new L1PathSmoother.Weights(0, 1, 0)); // only curvature costs
        double[] d2 = L1PathSmoother.diff(p, 2);
        double max = 0;
        for (double x : d2) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max < 0.01, "a straight line fits the window, so the path is one: max |D2| " + max);
    }

    @Test
    void coupledCoordinatesFollowTheirProjection() {
        int n = 40;
        double[][] start = new double[2][n];
        Random r = new Random(3);
        for (int t = 0; t < n; t++) {
            start[0][t] = 5 * r.nextGaussian();
            start[1][t] = 5 * r.nextGaussian();
        }
        double[][] p = L1PathSmoother.smooth(start, L1PathSmoother.Weights.SMOOTH, q -> { // a disc of radius 3 per frame
            for (int t = 0; t < n; t++) {
                double dx = q[0][t] - start[0][t], dy = q[1][t] - start[1][t], d = Math.hypot(dx, dy);
                if (d > 3) {
                    q[0][t] = start[0][t] + dx * 3 / d;
                    q[1][t] = start[1][t] + dy * 3 / d;
                }
            }
        });
        for (int t = 0; t < n; t++) {
            assertTrue(Math.hypot(p[0][t] - start[0][t], p[1][t] - start[1][t]) <= 3 + 1e-9);
        }
        assertTrue(L1PathSmoother.objective(p[0], L1PathSmoother.Weights.SMOOTH)
                < 0.5 * L1PathSmoother.objective(start[0], L1PathSmoother.Weights.SMOOTH));
    }
}
