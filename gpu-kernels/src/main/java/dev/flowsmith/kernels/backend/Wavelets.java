package dev.flowsmith.kernels.backend;

/** Shape rules shared by the backends' Haar operations. */
public final class Wavelets {
    private Wavelets() {
    }

    public static void checkLevels(int h, int w, int levels) {
        int block = 1 << levels;
        if (levels < 1 || h % block != 0 || w % block != 0) {
            throw new IllegalArgumentException("a " + levels + "-level Haar transform needs sizes divisible by " + block
                    + ", got " + w + "x" + h);
        }
    }
}
