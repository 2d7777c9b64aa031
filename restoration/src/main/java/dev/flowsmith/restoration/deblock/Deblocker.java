package dev.flowsmith.restoration.deblock;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Removes block and ringing artefacts of low-bitrate DCT codecs (MPEG-2, MPEG-4 part 2, H.263, MJPEG; H.264 at very
 * low rates) by shifted-DCT thresholding, the method of FFmpeg's spp/uspp and of Nosratinia's re-application of JPEG:
 * the picture is cut into 8x8 blocks on every grid offset, each block's DCT coefficients below the codec's quantisation
 * step are set to zero (what the encoder would have quantised away), and the inverse transforms of all offsets are
 * averaged. A block edge is a discontinuity on one grid only, so the average keeps real edges and textures that survive
 * quantisation on every grid and smooths what only the coding grid made. Works on Y, Cb and Cr (BT.601); the strength
 * is the source's quantiser (MPEG scale 1-31), given or estimated per frame from the picture's blockiness.
 */
public final class Deblocker implements FrameProcessor {
    /**
     * {@code quantiser}: the source's quantiser scale (1-31, the MPEG-2/MPEG-4/H.263 qscale), 0 to estimate it per
     * frame; {@code shifts}: grid offsets averaged per axis (1, 2, 4 or 8: 1, 4, 16 or 64 grids).
     */
    public record Params(double quantiser, int shifts) {
        public Params {
            if (!(quantiser == 0 || (quantiser >= 1 && quantiser <= 31))) {
                throw new IllegalArgumentException("the quantiser must be from 1 to 31 (or 0 to estimate it), not " + quantiser);
            }
            if (shifts != 1 && shifts != 2 && shifts != 4 && shifts != 8) {
                throw new IllegalArgumentException("shifts per axis must be 1, 2, 4 or 8, not " + shifts);
            }
        }

        public static Params defaults() {
            return new Params(0, 4);
        }
    }

    /**
     * The threshold in quantisation steps (MPEG's step is 2 q in orthonormal-DCT units of 0-255 pixels): 0.45, i.e. 0.9 q.
     * Measured on MPEG-4 encodes at q 8/20/31 (the deblock bench): the best threshold was 0.6-0.75 q on Vid4's fine
     * detail and 1.0-1.5 q on DAVIS bmx-trees; 0.9 q is within 0.1 dB of the best on both.
     */
    static final double THRESHOLD = 0.45;
    private static final double[][] C = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            for (int n = 0; n < 8; n++) {
                C[k][n] = (k == 0 ? Math.sqrt(1 / 8.0) : Math.sqrt(2 / 8.0)) * Math.cos(Math.PI * (2 * n + 1) * k / 16.0);
            }
        }
    }

    private final Params params;
    private double lastQuantiser;
    /** Reused from frame to frame: the Y/Cb/Cr planes, one padded plane and its accumulator. */
    private float[][] ycc = new float[3][0];
    private float[] padded = new float[0], paddedSum = new float[0];
    private final float[][] filtered = new float[3][0];

    public Deblocker(Params params) {
        this.params = params;
    }

    @Override
    public int radius() {
        return 0;
    }

    /** The quantiser the last frame was filtered with (given or estimated). */
    public double lastQuantiser() {
        return lastQuantiser;
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        VideoFrame in = window.get(0);
        int w = in.width(), h = in.height(), plane = w * h;
        out.resize(w, h);
        out.setPosition(in.index(), in.pts(), in.timeBase());
        float[] d = in.data();
        if (ycc[0].length != plane) {
            ycc = new float[3][plane];
        }
        for (int i = 0; i < plane; i++) {
            float r = d[i] * 255, g = d[plane + i] * 255, b = d[2 * plane + i] * 255;
            ycc[0][i] = 0.299f * r + 0.587f * g + 0.114f * b;
            ycc[1][i] = -0.168736f * r - 0.331264f * g + 0.5f * b;
            ycc[2][i] = 0.5f * r - 0.418688f * g - 0.081312f * b;
        }
        double q = params.quantiser() > 0 ? params.quantiser() : BlockinessEstimate.quantiser(ycc[0], w, h);
        lastQuantiser = q;
        float[][] f = new float[3][];
        for (int c = 0; c < 3; c++) {
            if (q <= 0) {
                f[c] = ycc[c];
                continue;
            }
            if (filtered[c].length != plane) {
                filtered[c] = new float[plane];
            }
            int pw = w + 16, ph = h + 16;
            if (padded.length != pw * ph) {
                padded = new float[pw * ph];
            }
            if (paddedSum.length != pw * ph) {
                paddedSum = new float[pw * ph];
            }
            f[c] = filterVector(ycc[c], w, h, (float) (THRESHOLD * 2 * q), params.shifts(), padded, paddedSum, filtered[c]);
        }
        float[] o = out.data();
        for (int i = 0; i < plane; i++) {
            float y = f[0][i], cb = f[1][i], cr = f[2][i];
            o[i] = clip((y + 1.402f * cr) / 255);
            o[plane + i] = clip((y - 0.344136f * cb - 0.714136f * cr) / 255);
            o[2 * plane + i] = clip((y + 1.772f * cb) / 255);
        }
    }

    private static float clip(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /**
     * The plain-Java oracle of {@link #filterVector} (double-precision DCTs; {@code DeblockerTest} compares them):
     * shifted-DCT hard thresholding of one plane at {@code threshold} (0-255 units), {@code shifts} offsets per axis, into
     * {@code acc} ({@code w * h}); {@code p} ({@code (w + 16) * (h + 16)}) holds the reflected copy.
     */
    static float[] filter(float[] src, int w, int h, double threshold, int shifts, float[] p, float[] acc) {
        int pad = 8, pw = w + 2 * pad, ph = h + 2 * pad;
        reflectPad(src, w, h, pad, p);
        int step = 8 / shifts;
        java.util.Arrays.fill(acc, 0f);
        int[] offsets = new int[shifts];
        for (int i = 0; i < shifts; i++) {
            offsets[i] = i * step;
        }
        // block rows in parallel, each writes only its own 8 output rows per grid: grids one after another
        for (int oy : offsets) {
            for (int ox : offsets) {
                int rows = (ph - oy) / 8;
                IntStream.range(0, rows).parallel().forEach(by -> {
                    double[][] blk = new double[8][8], tmp = new double[8][8];
                    int y0 = oy + by * 8;
                    for (int x0 = ox; x0 + 8 <= pw; x0 += 8) {
                        // skip blocks wholly in the padding
                        if (y0 + 8 <= pad || y0 >= pad + h || x0 + 8 <= pad || x0 >= pad + w) {
                            continue;
                        }
                        for (int i = 0; i < 8; i++) {
                            for (int j = 0; j < 8; j++) {
                                blk[i][j] = p[(y0 + i) * pw + x0 + j];
                            }
                        }
                        dct(blk, tmp);
                        for (int i = 0; i < 8; i++) {
                            for (int j = 0; j < 8; j++) {
                                if ((i | j) != 0 && Math.abs(blk[i][j]) < threshold) {
                                    blk[i][j] = 0;
                                }
                            }
                        }
                        idct(blk, tmp);
                        for (int i = 0; i < 8; i++) {
                            int y = y0 + i - pad;
                            if (y < 0 || y >= h) {
                                continue;
                            }
                            for (int j = 0; j < 8; j++) {
                                int x = x0 + j - pad;
                                if (x >= 0 && x < w) {
                                    acc[y * w + x] += (float) blk[i][j];
                                }
                            }
                        }
                    }
                });
            }
        }
        float n = shifts * shifts;
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= n;
        }
        return acc;
    }

    /**
     * {@link #filter} on the CPU backend's vector DCTs (float; {@code DeblockerTest} keeps the two within rounding):
     * blocks are transformed straight from the padded plane and added back into a padded accumulator {@code sum}
     * ({@code (w + 16) * (h + 16)}), whose inside is {@code acc}.
     */
    static float[] filterVector(float[] src, int w, int h, float threshold, int shifts, float[] p, float[] sum, float[] acc) {
        int pad = 8, pw = w + 2 * pad, ph = h + 2 * pad;
        reflectPad(src, w, h, pad, p);
        java.util.Arrays.fill(sum, 0f);
        int step = 8 / shifts;
        for (int oy = 0; oy < 8; oy += step) {
            for (int ox = 0; ox < 8; ox += step) {
                int x0 = ox, y0 = oy; // grids one after another; a grid's block rows write their own 8 rows
                IntStream.range(0, (ph - y0) / 8).parallel().forEach(by -> {
                    float[] blk = new float[64];
                    int top = y0 + by * 8;
                    if (top + 8 <= pad || top >= pad + h) {
                        return;
                    }
                    for (int left = x0; left + 8 <= pw; left += 8) {
                        if (left + 8 <= pad || left >= pad + w) {
                            continue;
                        }
                        dev.flowsmith.kernels.backend.CollaborativeVector.dct2(p, top * pw + left, pw, blk, 0);
                        for (int i = 1; i < 64; i++) {
                            if (Math.abs(blk[i]) < threshold) {
                                blk[i] = 0;
                            }
                        }
                        dev.flowsmith.kernels.backend.CollaborativeVector.idct2(blk, 0);
                        for (int i = 0; i < 8; i++) {
                            int r = (top + i) * pw + left;
                            for (int j = 0; j < 8; j++) {
                                sum[r + j] += blk[i * 8 + j];
                            }
                        }
                    }
                });
            }
        }
        float inv = 1f / (shifts * shifts);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                acc[y * w + x] = sum[(y + pad) * pw + x + pad] * inv;
            }
        }
        return acc;
    }

    /** {@code src} (w x h) into {@code p} ((w + 2 pad) x (h + 2 pad)) with mirrored borders. */
    private static void reflectPad(float[] src, int w, int h, int pad, float[] p) {
        int pw = w + 2 * pad, ph = h + 2 * pad;
        for (int y = 0; y < ph; y++) {
            int sy = reflect(y - pad, h);
            for (int x = 0; x < pw; x++) {
                p[y * pw + x] = src[sy * w + reflect(x - pad, w)];
            }
        }
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return Math.min(n - 1, -i - 1);
        }
        return i >= n ? Math.max(0, 2 * n - i - 1) : i;
    }

    /** In place: {@code b = C b C^T}. */
    private static void dct(double[][] b, double[][] t) {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += C[i][k] * b[k][j];
                }
                t[i][j] = s;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += t[i][k] * C[j][k];
                }
                b[i][j] = s;
            }
        }
    }

    /** In place: {@code b = C^T b C}. */
    private static void idct(double[][] b, double[][] t) {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += C[k][i] * b[k][j];
                }
                t[i][j] = s;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += t[i][k] * C[k][j];
                }
                b[i][j] = s;
            }
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "deblock(q=%s,shifts=%d,threshold=%.2f)", params.quantiser() > 0
                ? String.format(Locale.ROOT, "%.2f", params.quantiser()) : "per frame", params.shifts(), THRESHOLD);
    }
}
