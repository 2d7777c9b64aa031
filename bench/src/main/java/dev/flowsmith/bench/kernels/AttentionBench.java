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
 * Dense attention, n = m = 4096, d = 64, 16 heads: the CPU backend's tiled online-softmax kernel,
 * the OpenCL backend, and the naive method (scores materialised: softmax(Q K^T) V with OpenBLAS
 * GEMMs, O(n^2) memory), which is what a plain framework implementation does.
 */
@State(Scope.Benchmark)
public class AttentionBench {
    public static final int N = 4096, D = 64, HEADS = 16;

    @Param({"cpu", "naive-openblas", "opencl"})
    public String impl;

    float[] q, k, v, out;
    ComputeBackend backend;
    Plan plan;
    Buf bq, bk, bv, bo;

    @Setup(Level.Trial)
    public void setUp() {
        q = Fixtures.random(HEADS * N * D, 1);
        k = Fixtures.random(HEADS * N * D, 2);
        v = Fixtures.random(HEADS * N * D, 3);
        out = new float[HEADS * N * D];
        backend = Backends.open(impl.equals("opencl") ? System.getProperty("flowsmith.device", "opencl:0") : "cpu");
        plan = backend.newPlan();
        bq = plan.floats(q);
        bk = plan.floats(k);
        bv = plan.floats(v);
        bo = plan.floats(out.length);
    }

    @Benchmark
    public void attention() {
        if (impl.equals("naive-openblas")) {
            NaiveAttention.run(q, k, v, out, HEADS, N, N, D, 0.125f);
        } else {
            plan.attention(bq, bk, bv, bo, HEADS, N, N, D, 0.125f);
            plan.finish();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        backend.close();
    }
}
