package dev.flowsmith.restoration.ncnn;

import dev.flowsmith.kernels.backend.OpenBlas;
import dev.flowsmith.kernels.backend.ParallelRange;

/**
 * What the layers run on: a thread pool for the element-wise work and OpenBLAS for the products
 * (im2col + sgemm, as the VAE's host convolutions do); or, given a compute device (an OpenCL backend's
 * {@link Plan}), the convolutions there: weights uploaded once per layer, activations uploaded and read back
 * per call, everything else on the host.
 */
public final class Compute implements AutoCloseable {
    private final ParallelRange range;
    private final dev.flowsmith.kernels.backend.ComputeBackend backend;
    private final dev.flowsmith.kernels.backend.Plan plan;

    public Compute(int threads) {
        this(threads, null);
    }

    /** With {@code device} (e.g. {@code Backends.open("opencl:0")}) the convolutions run on it; this closes it. */
    public Compute(int threads, dev.flowsmith.kernels.backend.ComputeBackend device) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads " + threads);
        }
        OpenBlas.init(threads);
        range = new ParallelRange(threads);
        backend = device;
        plan = device == null ? null : device.newPlan();
    }

    /** The device's plan, or null on the host. */
    dev.flowsmith.kernels.backend.Plan device() {
        return plan;
    }

    public String describe() {
        return backend == null ? "cpu (OpenBLAS, " + range.threads() + " threads)" : backend.description();
    }

    ParallelRange range() {
        return range;
    }

    /** {@code c[m][n] = a[m][k] . b[k][n]} (row-major, whole arrays). */
    void gemm(float[] a, float[] b, float[] c, int m, int n, int k) {
        OpenBlas.sgemm(a, b, c, m, n, k, 1f, 0f, false, false);
    }

    private final java.util.Map<String, long[]> time = new java.util.concurrent.ConcurrentHashMap<>();

    /** Adds {@code nanos} spent in a layer of {@code type} (the benchmark prints where the time goes). */
    void account(String type, long nanos) {
        time.computeIfAbsent(type, t -> new long[1])[0] += nanos;
    }

    /** Seconds spent per layer type since the last call, largest first; resets the account. */
    public String timeByLayerType() {
        StringBuilder sb = new StringBuilder();
        time.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> sb.append(String.format(java.util.Locale.ROOT, "%s %.2f s, ", e.getKey(), e.getValue()[0] / 1e9)));
        time.clear();
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
    }

    @Override
    public void close() {
        if (plan != null) {
            plan.close();
            backend.close();
        }
        range.close();
    }
}
