package dev.flowsmith.kernels.opencl;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** JOCL must find the versioned ICD loader: the class path gives our org.jocl.LibInitializer, not JOCL's. */
class OpenClLoaderTest {
    @Test
    void ourLoaderReplacementComesFirstOnTheClassPath() throws Exception {
        Class<?> c = Class.forName("org.jocl.LibInitializer");
        assertThat(c.getDeclaredField("FLOWSMITH_REPLACEMENT")).as("org.jocl.LibInitializer from "
                + c.getProtectionDomain().getCodeSource().getLocation()).isNotNull();
    }

    @Test
    void loadsTheVersionedLibraryWithoutTheDevSymlink() {
        boolean versioned = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libOpenCL.so.1"));
        boolean devLink = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libOpenCL.so"));
        org.junit.jupiter.api.Assumptions.assumeTrue(versioned, "SKIPPED: ocl-icd-libopencl1 is not installed");
        OpenClDevices.list();
        assertThat(OpenClDevices.unavailableReason()).as("with libOpenCL.so.1" + (devLink ? " and" : " but no")
                + " libOpenCL.so").doesNotContain("could not be loaded");
    }
}
