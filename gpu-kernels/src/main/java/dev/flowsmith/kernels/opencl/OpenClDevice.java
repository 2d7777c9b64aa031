package dev.flowsmith.kernels.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** One OpenCL device as found on this machine. {@code index} counts devices over all platforms. */
public record OpenClDevice(int index, int gpuIndex, String platform, String name, String type, String version,
                           int computeUnits, long globalMemBytes, cl_platform_id platformId, cl_device_id deviceId) {
    public boolean isGpu() {
        return gpuIndex >= 0;
    }

    @Override
    public String toString() {
        return String.format("opencl:%d%s  %s — %s (%s, %d compute units, %d MB, %s)", index,
                isGpu() ? " = gpu:" + gpuIndex : "", platform, name, type, computeUnits, globalMemBytes >> 20, version);
    }
}
