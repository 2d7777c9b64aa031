package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.GemmKernels;
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
 * sgemm at the shapes on: the single-threaded Java kernel (oracle), the CPU backend (its
 * Plan call, OpenBLAS inside), OpenBLAS called directly, and the OpenCL backend (buffers resident).
 */
@State(Scope.Benchmark)
public class SgemmBench {
    @Param({"1024x1024x1024", "4096x1024x1152"})
    public String shape;

    @Param({"oracle", "cpu", "openblas", "opencl"})
    public String impl;

    int m, n, k;
    float[] a, b, c;
    ComputeBackend backend;
    Plan plan;
    Buf ba, bb, bc;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        a = Fixtures.random(m * k, 1);
        b = Fixtures.random(k * n, 2);
        c = new float[m * n];
        if (impl.equals("cpu") || impl.equals("openblas") || impl.equals("opencl")) {
            backend = Backends.open(impl.equals("opencl") ? System.getProperty("flowsmith.device", "opencl:0") : "cpu");
            plan = backend.newPlan();
            ba = plan.floats(a);
            bb = plan.floats(b);
            bc = plan.floats(m * n);
        }
    }

    @Benchmark
    public void sgemm() {
        switch (impl) {
            case "oracle":
                GemmKernels.sgemm(a, b, c, m, n, k, 1f, 0f, false, false, 0, m);
                break;
            case "openblas":
                org.bytedeco.openblas.global.openblas.cblas_sgemm(org.bytedeco.openblas.global.openblas.CblasRowMajor,
                        org.bytedeco.openblas.global.openblas.CblasNoTrans, org.bytedeco.openblas.global.openblas.CblasNoTrans,
                        m, n, k, 1f, a, k, b, n, 0f, c, n);
                break;
            default:
                plan.sgemm(ba, bb, bc, m, n, k, 1f, 0f, false, false);
                plan.finish();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (plan != null) {
            plan.close();
            backend.close();
        }
    }
}
