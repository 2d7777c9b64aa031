package dev.flowsmith.kernels.device;

/** A device was asked for by name and is not here. Never answered by silently using the CPU. */
public class DeviceNotFoundException extends IllegalArgumentException {
    public DeviceNotFoundException(String message) {
        super(message);
    }
}
