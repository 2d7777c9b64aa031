package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import dev.flowsmith.kernels.device.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Trajectory (gather) attention, 8 frames x 1024 tokens, 36 neighbours, d = 64, 8 heads, against
 * per-frame dense attention of the same tokens (what non-vital layers do).
 */
@State(Scope.Benchmark)
public class GatherAttentionBench {
    public static final int FRAMES = 8, T = 1024, M = 36, D = 64, HEADS = 8;

    @Param({"cpu", "opencl"})
    public String device;

    @Param({"gather", "per-frame"})
    public String kind;

    ComputeBackend backend;
    Plan plan;
    Buf q, k, v, out, nbr, bias;

    @Setup(Level.Trial)
    public void setUp() {
        int tokens = FRAMES * T;
        backend = Backends.open(device.equals("opencl") ? System.getProperty("flowsmith.device", "opencl:0") : "cpu");
        plan = backend.newPlan();
        q = plan.floats(Fixtures.random(HEADS * tokens * D, 1));
        k = plan.floats(Fixtures.random(HEADS * tokens * D, 2));
        v = plan.floats(Fixtures.random(HEADS * tokens * D, 3));
        out = plan.floats(HEADS * tokens * D);
        nbr = plan.ints(Fixtures.neighbours(FRAMES, T, M, 4));
        float[] b = Fixtures.random(tokens * M, 5);
        for (int i = 0; i < b.length; i++) {
            b[i] = -Math.abs(b[i]); // log confidence minus distance penalty: <= 0
        }
        bias = plan.floats(b);
    }

    @Benchmark
    public void attention() {
        if (kind.equals("gather")) {
            plan.gatherAttention(q, k, v, nbr, bias, out, HEADS, FRAMES, T, D, M, 0.125f);
        } else {
            plan.attention(q, k, v, out, HEADS * FRAMES, T, T, D, 0.125f);
        }
        plan.finish();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        backend.close();
    }
}
