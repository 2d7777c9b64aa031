package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.opencl.OpenClDevice;
import dev.flowsmith.kernels.opencl.OpenClDevices;

import dev.flowsmith.kernels.device.Backends;
import java.util.List;

/**
 * The OpenCL backend against the Java oracle, on the device named by {@code -Dflowsmith.device}
 * (default: the first OpenCL device, PoCL's CPU device in CI). Without OpenCL the tests are skipped
 * with the reason; under CI (environment CI=true, where .ci/run installs PoCL) or with
 * {@code -Dflowsmith.requireOpenCL=true} they fail instead.
 */
class OpenClBackendTest extends BackendContractTest {
    @Override
    ComputeBackend createBackend() {
        List<OpenClDevice> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            String why = "SKIPPED: " + OpenClDevices.unavailableReason();
            if (Boolean.getBoolean("flowsmith.requireOpenCL") || "true".equals(System.getenv("CI"))) {
                throw new AssertionError("OpenCL is required here but " + why);
            }
            System.err.println("WARNING: the OpenCL contract tests are " + why);
            skipReason = why;
            return null;
        }
        String want = System.getProperty("flowsmith.device", "opencl:0");
        ComputeBackend b = Backends.open(want);
        System.out.println("OpenCL contract tests on " + b.description());
        return b;
    }
}
