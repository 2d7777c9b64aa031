package dev.flowsmith.kernels.device;

import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.opencl.OpenClDevice;
import dev.flowsmith.kernels.opencl.OpenClDevices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendsTest {
    @Test
    void cpuIsAlwaysThere() {
        try (ComputeBackend b = Backends.open("cpu")) {
            assertThat(b.id()).isEqualTo("cpu");
            assertThat(b.description()).contains("threads");
        }
    }

    @Test
    void anAbsentGpuIsAnErrorNotAFallBack() {
        long gpus = OpenClDevices.list().stream().filter(OpenClDevice::isGpu).count();
        String missing = "gpu:" + gpus; // one past the last GPU
        assertThatThrownBy(() -> Backends.open(missing)).isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("is not present").hasMessageContaining("does not fall back");
    }

    @Test
    void nonsenseNamesAreRejected() {
        assertThatThrownBy(() -> Backends.open("tpu")).isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> Backends.open("opencl:x")).isInstanceOf(DeviceNotFoundException.class);
    }
}
