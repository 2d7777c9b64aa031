package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.VideoFrame;

/**
 * Tells a cut between two frames: no in-between picture should be blended across it. Both frames are reduced
 * to 64x36 luma and compared by mean absolute difference; above {@code threshold} (0..1) it is a cut. Fast
 * motion stays under the default, a cut between
 * unrelated shots lands over it. Measured on ../shared/data: the largest change between consecutive frames is 0.014 on
 * Vid4 calendar and city, 0.034 on bedroom, 0.093 on bmx-trees (fast handheld motion); a cut from calendar to city is
 * 0.168, from bmx-trees to bedroom 0.386.
 */
public final class SceneCuts {
    public static final double DEFAULT_THRESHOLD = 0.12;
    static final int W = 64, H = 36;
    private final double threshold;

    public SceneCuts(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("scene threshold " + threshold);
        }
        this.threshold = threshold;
    }

    public boolean isCut(VideoFrame a, VideoFrame b) {
        return difference(a, b) > threshold;
    }

    /** Mean absolute difference of the two frames' small luma pictures (0..1). */
    public static double difference(VideoFrame a, VideoFrame b) {
        float[] x = thumbnail(a), y = thumbnail(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }

    /** Box-averaged BT.709 luma at 64x36 (what cut tests compare: motion within a shot counts little there). */
    public static float[] thumbnail(VideoFrame f) {
        int w = f.width(), h = f.height(), plane = w * h;
        float[] out = new float[W * H];
        int[] count = new int[W * H];
        float[] d = f.data();
        for (int y = 0; y < h; y++) {
            int sy = y * H / h;
            for (int x = 0; x < w; x++) {
                int i = y * w + x, k = sy * W + x * W / w;
                out[k] += 0.2126f * d[i] + 0.7152f * d[plane + i] + 0.0722f * d[2 * plane + i];
                count[k]++;
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = count[k] == 0 ? 0 : out[k] / count[k];
        }
        return out;
    }
}
