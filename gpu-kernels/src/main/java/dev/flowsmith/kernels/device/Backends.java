package dev.flowsmith.kernels.device;

import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.CpuBackend;
import dev.flowsmith.kernels.opencl.OpenClBackend;
import dev.flowsmith.kernels.opencl.OpenClDevice;
import dev.flowsmith.kernels.opencl.OpenClDevices;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Opens a backend by the name users give with {@code --device}: {@code cpu}, {@code opencl:N}
 * (N-th OpenCL device over all platforms), {@code gpu} or {@code gpu:N} (N-th OpenCL GPU). A device
 * that is not present is a {@link DeviceNotFoundException} listing what is, never a quiet fall-back.
 */
public final class Backends {
    private Backends() {
    }

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** Opens the named backend and logs which device the job will use. */
    public static ComputeBackend open(String spec) {
        ComputeBackend b = openQuietly(spec);
        LOG.log(System.Logger.Level.INFO, "compute device: " + b.description());
        return b;
    }

    private static ComputeBackend openQuietly(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return new CpuBackend();
        }
        List<OpenClDevice> devices = OpenClDevices.list();
        OpenClDevice chosen = null;
        if (s.startsWith("opencl")) {
            int n = index(s, "opencl");
            chosen = devices.stream().filter(d -> d.index() == n).findFirst().orElse(null);
        } else if (s.startsWith("gpu")) {
            int n = index(s, "gpu");
            chosen = devices.stream().filter(d -> d.gpuIndex() == n).findFirst().orElse(null);
        } else {
            throw new DeviceNotFoundException("Unknown device '" + spec + "': use cpu, gpu, gpu:N or opencl:N.");
        }
        if (chosen == null) {
            String have = devices.isEmpty() ? OpenClDevices.unavailableReason()
                    : devices.stream().map(OpenClDevice::toString).collect(Collectors.joining("; "));
            throw new DeviceNotFoundException("The device '" + spec + "' is not present (found: " + have
                    + "). Flowsmith does not fall back to the CPU on its own; choose --device cpu to use it.");
        }
        return new OpenClBackend(chosen);
    }

    private static int index(String s, String prefix) {
        String rest = s.substring(prefix.length());
        if (rest.isEmpty()) {
            return 0;
        }
        if (!rest.startsWith(":")) {
            throw new DeviceNotFoundException("Unknown device '" + s + "': use cpu, gpu, gpu:N or opencl:N.");
        }
        try {
            return Integer.parseInt(rest.substring(1));
        } catch (NumberFormatException e) {
            throw new DeviceNotFoundException("Unknown device '" + s + "': the number after ':' is missing.");
        }
    }
}
