package dev.flowsmith.kernels.backend;

/**
 * The CPU backend: kernels split over a fixed thread pool; matrix products through OpenBLAS;
 * attention through {@link TiledAttention} (Vector API). Everything else is the Java kernel itself,
 * run in parallel ranges.
 */
public final class CpuBackend implements ComputeBackend {
    private final ParallelRange range;

    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        range = new ParallelRange(threads);
        OpenBlas.init(threads);
    }

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public String description() {
        return "CPU, " + range.threads() + " threads, " + TiledAttention.L * 32 + "-bit vectors, OpenBLAS "
                + OpenBlas.config().trim();
    }

    @Override
    public Plan newPlan() {
        return new CpuPlan(range);
    }

    @Override
    public void close() {
        range.close();
    }
}
