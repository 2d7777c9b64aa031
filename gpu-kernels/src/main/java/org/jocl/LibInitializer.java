package org.jocl;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces JOCL 2.0.5's class of the same name (ours comes first on every class path Flowsmith builds, and
 * {@code dev.flowsmith.kernels.opencl.OpenClLoaderTest} checks that): JOCL asks the dynamic loader only for the
 * unversioned {@code libOpenCL.so}, which on Debian only the {@code -dev} package provides, while a user with GPU
 * drivers has the versioned ICD loader {@code libOpenCL.so.1} (package {@code ocl-icd-libopencl1}).
 * Candidates, first that loads wins: {@code -Dflowsmith.opencl.library} or {@code FLOWSMITH_OPENCL_LIBRARY} (a path),
 * {@code libOpenCL.so.1}, {@code libOpenCL.so}, then JOCL's own names for other systems.
 */
final class LibInitializer {
    private LibInitializer() {
    }

    /** Marks this replacement, so a test can tell which class the class path gave. */
    static final boolean FLOWSMITH_REPLACEMENT = true;

    static void initNativeLibrary() {
        for (String candidate : candidates()) {
            // a bare name is looked up first, so the native side (which prints a line per failed try) only sees
            // libraries that exist
            String path = candidate.contains("/") || candidate.endsWith(".dll") ? candidate
                    : dev.flowsmith.kernels.device.SystemLibraries.find(candidate).map(Object::toString).orElse(null);
            if (path != null && (!path.contains("/") || java.nio.file.Files.exists(java.nio.file.Path.of(path)))
                    && CL.initNativeLibrary(path)) {
                return;
            }
        }
        throw new UnsatisfiedLinkError("no OpenCL loader library (looked for " + String.join(", ", candidates()) + ")");
    }

    static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String given = System.getProperty("flowsmith.opencl.library", System.getenv("FLOWSMITH_OPENCL_LIBRARY"));
        if (given != null && !given.isBlank()) {
            c.add(given);
        }
        switch (LibUtils.calculateOS()) {
            case APPLE -> c.add("/System/Library/Frameworks/OpenCL.framework/Versions/Current/OpenCL");
            case WINDOWS -> c.add("OpenCL.dll");
            default -> {
                c.add("libOpenCL.so.1");
                c.add("libOpenCL.so");
                c.add("/system/vendor/lib/libOpenCL.so"); // Android, as JOCL tries
            }
        }
        return c;
    }
}
