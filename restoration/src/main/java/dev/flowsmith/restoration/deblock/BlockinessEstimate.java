package dev.flowsmith.restoration.deblock;

/**
 * The source's quantiser, estimated from the picture when the bitstream's is not at hand: the luma steps across the
 * 8x8 coding grid's boundaries beyond the steps inside the blocks (the blockiness of Wang, Bovik and Evans), scaled by
 * {@link #PER_STEP}, a factor measured on MPEG-4 part 2 encodes of Vid4 and DAVIS frames at known quantisers
 * (the deblock bench). No excess step: nothing to remove (0).
 */
public final class BlockinessEstimate {
    /**
     * Quantiser per unit of excess boundary step (0-255 luma). Measured on MPEG-4 encodes (q 8/20/31) of Vid4 city,
     * calendar and DAVIS bmx-trees: the best filter quantiser over the first frame's excess step was 1.7-2.6 on Vid4
     * and 3.3 on bmx-trees; 2.8 between them.
     */
    static final double PER_STEP = 2.8;
    /** Frames a file's estimate reads: past the first intra frame of common GOPs, where the grid shows most. */
    public static final int FRAMES = 30;

    private BlockinessEstimate() {
    }

    /** Mean boundary step less mean interior step (luma 0-255), horizontal and vertical together. */
    public static double excessStep(float[] y, int w, int h) {
        double edge = 0, inner = 0;
        long ne = 0, ni = 0;
        for (int r = 0; r < h; r++) {
            for (int x = 1; x < w; x++) {
                double d = Math.abs(y[r * w + x] - y[r * w + x - 1]);
                if (x % 8 == 0) {
                    edge += d;
                    ne++;
                } else {
                    inner += d;
                    ni++;
                }
            }
        }
        for (int r = 1; r < h; r++) {
            for (int x = 0; x < w; x++) {
                double d = Math.abs(y[r * w + x] - y[(r - 1) * w + x]);
                if (r % 8 == 0) {
                    edge += d;
                    ne++;
                } else {
                    inner += d;
                    ni++;
                }
            }
        }
        return ne == 0 || ni == 0 ? 0 : edge / ne - inner / ni;
    }

    /** The estimated quantiser (1-31), or 0 when the picture shows no coding grid. */
    public static double quantiser(float[] y, int w, int h) {
        return fromStep(excessStep(y, w, h));
    }

    private static double fromStep(double e) {
        return e < 0.15 ? 0 : Math.max(1, Math.min(31, PER_STEP * e));
    }

    /**
     * A file's quantiser: from the largest excess step of its first {@link #FRAMES} frames (intra frames show the grid
     * most; predicted frames inherit it smoothed), so the whole file is filtered alike.
     */
    public static double quantiser(java.nio.file.Path video) {
        double most = 0;
        try (dev.flowsmith.media.VideoReader r = dev.flowsmith.media.VideoReader.open(video)) {
            dev.flowsmith.media.VideoFrame f;
            for (int n = 0; n < FRAMES && (f = r.read()) != null; n++) {
                int w = f.width(), h = f.height(), plane = w * h;
                float[] d = f.data(), y = new float[plane];
                for (int i = 0; i < plane; i++) {
                    y[i] = 255 * (0.299f * d[i] + 0.587f * d[plane + i] + 0.114f * d[2 * plane + i]);
                }
                most = Math.max(most, excessStep(y, w, h));
            }
        }
        return fromStep(most);
    }
}
