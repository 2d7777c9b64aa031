package dev.flowsmith.diffusion;

/** How far a result is from a reference: the largest absolute error relative to the reference's largest value. */
final class Compare {
    private Compare() {
    }

    static double relErr(float[] got, float[] want) {
        if (got.length != want.length) {
            throw new AssertionError("got " + got.length + " values, expected " + want.length);
        }
        double maxErr = 0, maxRef = 0;
        for (int i = 0; i < want.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
            maxRef = Math.max(maxRef, Math.abs(want[i]));
        }
        return maxErr / maxRef;
    }
}
