package dev.flowsmith.kernels.backend;

/** The CPU backend against the Java oracle (2 threads even on one core, so ranges really split). */
class CpuBackendTest extends BackendContractTest {
    @Override
    ComputeBackend createBackend() {
        return new CpuBackend(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
