package dev.flowsmith.diffusion.dit;

/**
 * DiTVR's spatio-temporal neighbour cache for a window of {@code frames} frames of {@code tokens}
 * tokens each: token {@code (f, i)} (global index {@code f * tokens + i}) attends, at the vital layers,
 * to its own frame plus the {@code perToken} tokens listed at {@code index[(f * tokens + i) * perToken + j]}
 * (a global token index in another frame of the window, or -1 for a masked slot: occluded, low
 * confidence or outside the frame), each with an additive logit {@code bias} (log flow confidence
 * minus a distance penalty). Built from optical flow by the restoration side; the model only reads it.
 */
public record TrajectoryNeighbours(int frames, int tokens, int perToken, int[] index, float[] bias) {
    public TrajectoryNeighbours {
        long n = (long) frames * tokens * perToken;
        if (index.length != n || bias.length != n) {
            throw new IllegalArgumentException("neighbour lists hold " + index.length + "/" + bias.length
                    + " entries, expected " + frames + " x " + tokens + " x " + perToken);
        }
        for (int v : index) {
            if (v < -1 || v >= frames * tokens) {
                throw new IllegalArgumentException("neighbour token " + v + " outside the window's " + frames * tokens + " tokens");
            }
        }
    }

    /** A cache with every slot masked: trajectory attention then equals per-frame attention. */
    public static TrajectoryNeighbours none(int frames, int tokens, int perToken) {
        int[] idx = new int[frames * tokens * perToken];
        java.util.Arrays.fill(idx, -1);
        return new TrajectoryNeighbours(frames, tokens, perToken, idx, new float[idx.length]);
    }

    /** Slots that point at a real token. */
    public int valid() {
        int c = 0;
        for (int v : index) {
            if (v >= 0) {
                c++;
            }
        }
        return c;
    }
}
