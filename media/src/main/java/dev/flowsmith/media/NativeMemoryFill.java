package dev.flowsmith.media;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Makes native memory that libraries read before writing hold the same bytes in every run. x264's macroblock-tree
 * lookahead reads memory it never wrote for frames whose height is not a multiple of 16 (1080p, 960x540), so the same
 * frames encoded again in a process whose allocator recycled other data came out different in 3 of 6 runs (measured
 * on MDN flower at CRF 18, preset medium). Segmented jobs rely on a segment made again (a resume, another farm worker)
 * being the segment the uninterrupted run made. glibc's {@code mallopt(M_PERTURB)} fills every block when allocated
 * and freed with a fixed byte: the stray reads then see the same bytes everywhere (6 of 6 runs identical), at about 3 %
 * of a restore's time. Other C libraries: nothing is done (their encoder builds differ anyway).
 */
final class NativeMemoryFill {
    /** glibc's malloc.h: {@code #define M_PERTURB -6}. */
    private static final int M_PERTURB = -6;
    private static final int FILL = 0xA5;
    private static volatile boolean installed;

    private NativeMemoryFill() {
    }

    interface LibC extends Library {
        int mallopt(int param, int value);
    }

    /** Once per process, on Linux with glibc; a C library without mallopt is left alone. */
    static synchronized void install() {
        if (installed || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || Boolean.getBoolean("flowsmith.malloc.noperturb")) {
            installed = true;
            return;
        }
        installed = true;
        try {
            Native.load("c", LibC.class).mallopt(M_PERTURB, FILL);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // musl and others: no mallopt; encodes stay correct, only not byte-repeatable in every case
        }
    }
}
