package dev.flowsmith.kernels.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.ArrayList;
import java.util.List;

/** Lists OpenCL platforms and devices. No OpenCL library or platform means an empty list, not an error. */
public final class OpenClDevices {
    private OpenClDevices() {
    }

    /** Why the list is empty, or null when OpenCL loaded (even with no platform). */
    private static String unavailableReason;

    public static synchronized List<OpenClDevice> list() {
        List<OpenClDevice> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] n = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, n);
            } catch (org.jocl.CLException e) {
                unavailableReason = "no OpenCL platform is installed (" + e.getMessage() + ")";
                return out; // CL_PLATFORM_NOT_FOUND_KHR
            }
            cl_platform_id[] platforms = new cl_platform_id[n[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            int index = 0, gpu = 0;
            for (cl_platform_id p : platforms) {
                int[] nd = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, nd);
                } catch (org.jocl.CLException e) {
                    continue;
                }
                cl_device_id[] devices = new cl_device_id[nd[0]];
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null);
                String pname = platformString(p, CL.CL_PLATFORM_NAME);
                for (cl_device_id d : devices) {
                    long type = deviceLong(d, CL.CL_DEVICE_TYPE);
                    boolean isGpu = (type & CL.CL_DEVICE_TYPE_GPU) != 0;
                    String typeName = isGpu ? "GPU" : (type & CL.CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "accelerator";
                    out.add(new OpenClDevice(index++, isGpu ? gpu++ : -1, pname, deviceString(d, CL.CL_DEVICE_NAME),
                            typeName, deviceString(d, CL.CL_DEVICE_VERSION), (int) deviceInt(d, CL.CL_DEVICE_MAX_COMPUTE_UNITS),
                            deviceLong(d, CL.CL_DEVICE_GLOBAL_MEM_SIZE), p, d));
                }
            }
            unavailableReason = null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            unavailableReason = "the OpenCL loader library could not be loaded (" + e.getMessage()
                    + "): on Debian install ocl-icd-libopencl1 and a driver (your GPU vendor's OpenCL ICD, or pocl-opencl-icd"
                    + " for the CPU), or name the library with FLOWSMITH_OPENCL_LIBRARY";
        }
        return out;
    }

    /** After {@link #list()} came back empty: why. */
    public static synchronized String unavailableReason() {
        return unavailableReason == null ? "no OpenCL device was found" : unavailableReason;
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1)).trim();
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1)).trim();
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    static long deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }
}
