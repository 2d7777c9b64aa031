package dev.flowsmith.kernels.backend;

/**
 * A buffer that lives in a {@link Plan}: on the CPU a Java array, on OpenCL a device buffer that
 * stays on the device between kernels. Holds floats or ints; its length is in elements.
 */
public abstract class Buf {
    private final int length;
    private final boolean ints;

    protected Buf(int length, boolean ints) {
        this.length = length;
        this.ints = ints;
    }

    public int length() {
        return length;
    }

    public boolean isInt() {
        return ints;
    }

    /** Throws unless this buffer holds at least {@code n} elements of the right type. */
    public Buf require(int n, boolean wantInts, String what) {
        if (ints != wantInts) {
            throw new IllegalArgumentException(what + ": expected a " + (wantInts ? "int" : "float") + " buffer");
        }
        if (length < n) {
            throw new IllegalArgumentException(what + ": needs " + n + " elements, buffer has " + length);
        }
        return this;
    }
}
