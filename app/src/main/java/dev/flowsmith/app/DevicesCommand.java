package dev.flowsmith.app;

import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.kernels.opencl.OpenClDevice;
import dev.flowsmith.kernels.opencl.OpenClDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code flowsmith devices}: the compute devices jobs can run on, by the names {@code --device} takes. */
@Command(name = "devices", description = "List the compute devices (cpu, OpenCL platforms and devices).")
final class DevicesCommand implements Callable<Integer> {
    @Option(names = "--check", paramLabel = "DEVICE", description = "open DEVICE (e.g. gpu:0) and compile the kernels on it")
    String check;

    @Override
    public Integer call() {
        try (ComputeBackend cpu = Backends.open("cpu")) {
            System.out.println("cpu       " + cpu.description());
        }
        List<OpenClDevice> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            System.out.println("OpenCL:   none (" + OpenClDevices.unavailableReason() + ")");
        }
        for (OpenClDevice d : devices) {
            System.out.println(d);
        }
        if (check != null) {
            try (ComputeBackend b = Backends.open(check)) {
                b.newPlan().close();
                System.out.println("ok: kernels compiled on " + b.description());
            }
        }
        return 0;
    }
}
