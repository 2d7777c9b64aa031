package dev.flowsmith.kernels.backend;

/**
 * Where kernels run: the CPU (a fixed thread pool, OpenBLAS for matrix products) or one OpenCL
 * device. Work is done through {@link Plan}s, which own their buffers.
 */
public interface ComputeBackend extends AutoCloseable {
    /** Short id as given to {@code --device}: "cpu", "opencl:0". */
    String id();

    /** The device in words, logged at job start. */
    String description();

    Plan newPlan();

    @Override
    void close();
}
