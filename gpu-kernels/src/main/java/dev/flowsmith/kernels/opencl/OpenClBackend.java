package dev.flowsmith.kernels.opencl;

import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import org.jocl.CL;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One OpenCL device (a GPU of any vendor, or PoCL's CPU device): the kernels of
 * {@code kernels.cl}, compiled once per backend. Plans keep their buffers on the device.
 */
public final class OpenClBackend implements ComputeBackend {
    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;

    public OpenClBackend(OpenClDevice device) {
        this.device = device;
        CL.setExceptionsEnabled(true);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platformId());
        context = CL.clCreateContext(props, 1, new cl_device_id[]{device.deviceId()}, null, null, null);
        queue = CL.clCreateCommandQueue(context, device.deviceId(), 0, null);
        program = CL.clCreateProgramWithSource(context, 1, new String[]{source()}, null, null);
        try {
            CL.clBuildProgram(program, 0, null, "-cl-std=CL1.2", null, null);
        } catch (org.jocl.CLException e) {
            throw new IllegalStateException("OpenCL kernels did not compile on " + device.name() + ": " + buildLog(), e);
        }
    }

    private String buildLog() {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, device.deviceId(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(program, device.deviceId(), CL.CL_PROGRAM_BUILD_LOG, buf.length, org.jocl.Pointer.to(buf), null);
        return new String(buf, StandardCharsets.UTF_8);
    }

    static String source() {
        try (InputStream in = OpenClBackend.class.getResourceAsStream("/dev/flowsmith/kernels/opencl/kernels.cl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kernels.cl is missing from the jar", e);
        }
    }

    public OpenClDevice device() {
        return device;
    }

    @Override
    public String id() {
        return "opencl:" + device.index();
    }

    @Override
    public String description() {
        return device.toString();
    }

    @Override
    public Plan newPlan() {
        return new OpenClPlan(context, queue, program);
    }

    @Override
    public void close() {
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
