package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.restoration.flow.FlowEstimator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries keyframe edits to every frame. Each keyframe's edit is a {@link LocalColorModel}; frame t
 * between keyframes a and b takes the model of each, brought to t along optical flow chained frame
 * by frame (a's forwards, b's backwards, at a working resolution), with a confidence that falls where
 * the forward-backward check fails (occlusions, frame edges); the two are blended by temporal distance
 * and confidence and applied to frame t's own colours, and where neither is trusted the
 * {@link GlobalColorTransfer} fitted on all keyframes takes over. Frames must be asked for in order
 * (a job); memory holds one span between two keyframes at working size, whatever the video's length.
 */
public final class EditPropagator implements AutoCloseable {
    /** Where the keyframes and their edits come from (full-size frames). */
    public interface Keyframes {
        int[] indices();

        VideoFrame source(int frame);

        VideoFrame edited(int frame);
    }

    public static final int WORKING = 256;
    private final Path video;
    private final Keyframes keyframes;
    private final int[] kf;
    private final GlobalColorTransfer global = new GlobalColorTransfer();
    private final Map<Integer, LocalColorModel> models = new LinkedHashMap<>(4, 0.75f, true);
    private final Map<Integer, VideoFrame> residuals = new LinkedHashMap<>(4, 0.75f, true);
    /** True when one colour mapping explains every keyframe's edit (a grade): then it is used everywhere. */
    private final boolean globalEdit;
    private final FlowEstimator flow = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
    private int ww, wh;
    // the span [lo, hi] being rendered
    private int lo = -1, hi = -1, ka = -1, kb = -1;
    private List<float[]> backPos, backConf;
    private List<VideoFrame> small;
    private float[] fwdPos, fwdConf;
    private int fwdAt = -1;
    private final VideoFrame fallback = new VideoFrame();

    public EditPropagator(Path video, Keyframes keyframes) {
        this.video = video;
        this.keyframes = keyframes;
        this.kf = keyframes.indices().clone();
        Arrays.sort(kf);
        if (kf.length == 0) {
            throw new IllegalArgumentException("no keyframes");
        }
        for (int k : kf) {
            global.add(keyframes.source(k), keyframes.edited(k), 7);
        }
        double worst = Double.MAX_VALUE;
        VideoFrame mapped = new VideoFrame();
        for (int k : kf) {
            global.apply(keyframes.source(k), mapped);
            worst = Math.min(worst, psnr(mapped, keyframes.edited(k)));
        }
        globalEdit = worst >= GLOBAL_PSNR;
    }

    /** Keyframe fit (dB) above which an edit counts as a global colour mapping. */
    static final double GLOBAL_PSNR = 42;

    /** Whether the edit was recognised as a global colour mapping (the whole video then uses it). */
    public boolean isGlobalEdit() {
        return globalEdit;
    }

    static double psnr(VideoFrame a, VideoFrame b) {
        double se = 0;
        float[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            se += d * d;
        }
        return 10 * Math.log10(1 / Math.max(1e-12, se / x.length));
    }

    /** Renders frame {@code t} (full size, its own pixels in {@code frame}) into {@code out}; returns its confidence 0..1. */
    public double render(VideoFrame frame, int t, VideoFrame out) {
        int pos = Arrays.binarySearch(kf, t);
        if (pos >= 0) {
            VideoFrame e = keyframes.edited(t);
            out.resize(e.width(), e.height());
            System.arraycopy(e.data(), 0, out.data(), 0, e.data().length);
            return 1;
        }
        if (globalEdit) {
            global.apply(frame, out);
            return 1;
        }
        int ins = -pos - 1;
        int a = ins > 0 ? kf[ins - 1] : -1, b = ins < kf.length ? kf[ins] : -1;
        if (a != ka || b != kb || t < fwdAt) {
            enterSpan(frame, a, b);
        }
        float[] posA = null, confA = null;
        if (a >= 0) {
            advanceForward(t);
            posA = fwdPos;
            confA = fwdConf;
        }
        float[] posB = b >= 0 ? backPos.get(t - lo) : null, confB = b >= 0 ? backConf.get(t - lo) : null;
        int n = ww * wh;
        float[] field = new float[LocalColorModel.COEFFS * n], weight = new float[n];
        float[] ca = a >= 0 ? model(a).coeffs() : null, cb = b >= 0 ? model(b).coeffs() : null;
        double da = a >= 0 ? t - a : 0, db = b >= 0 ? b - t : 0;
        double confSum = 0;
        for (int p = 0; p < n; p++) {
            float wa = 0, wb = 0;
            if (a >= 0) {
                wa = (float) (confA[p] * (b >= 0 ? db / (da + db) : 1));
            }
            if (b >= 0) {
                wb = (float) (confB[p] * (a >= 0 ? da / (da + db) : 1));
            }
            float sum = wa + wb;
            for (int k = 0; k < LocalColorModel.COEFFS; k++) {
                float va = a >= 0 ? sample(ca, k * n, posA[2 * p], posA[2 * p + 1]) : 0;
                float vb = b >= 0 ? sample(cb, k * n, posB[2 * p], posB[2 * p + 1]) : 0;
                field[k * n + p] = sum > 1e-6f ? (wa * va + wb * vb) / sum : (a >= 0 ? va : vb);
            }
            float trust = Math.max(a >= 0 ? confA[p] : 0, b >= 0 ? confB[p] : 0);
            weight[p] = Math.min(1f, trust / 0.5f);
            confSum += trust;
        }
        global.apply(frame, fallback);
        LocalColorModel.apply(field, weight, ww, wh, frame, fallback, out);
        addResiduals(out, a, b, posA, posB, confA, confB, da, db);
        return confSum / n;
    }

    private float sample(float[] plane, int off, float x, float y) {
        x = Math.max(0, Math.min(ww - 1, x));
        y = Math.max(0, Math.min(wh - 1, y));
        int x0 = Math.min(ww - 2, (int) x), y0 = Math.min(wh - 2, (int) y);
        float ax = x - x0, ay = y - y0;
        int i = off + y0 * ww + x0;
        return (plane[i] * (1 - ax) + plane[i + 1] * ax) * (1 - ay) + (plane[i + ww] * (1 - ax) + plane[i + ww + 1] * ax) * ay;
    }

    /**
     * What the local model misses at the keyframes (edited minus modelled, full size), carried along the
     * same correspondences and added where they are trusted: exact at the keyframes, and the fine detail
     * of strong local edits nearby.
     */
    private void addResiduals(VideoFrame out, int a, int b, float[] posA, float[] posB, float[] confA, float[] confB,
                              double da, double db) {
        int W = out.width(), H = out.height(), n = W * H;
        float[] o = out.data();
        float[] ra = a >= 0 ? residual(a).data() : null, rb = b >= 0 ? residual(b).data() : null;
        float sx = (float) W / ww, sy = (float) H / wh;
        for (int y = 0; y < H; y++) {
            float fy = Math.max(0, (y + 0.5f) / sy - 0.5f);
            for (int x = 0; x < W; x++) {
                float fx = Math.max(0, (x + 0.5f) / sx - 0.5f);
                float wa = 0, wb = 0, ax = 0, ay = 0, bx = 0, by = 0;
                if (a >= 0) {
                    wa = sample(confA, 0, fx, fy) * (float) (b >= 0 ? db / (da + db) : 1);
                    ax = (sampleInterleaved(posA, fx, fy, 0) + 0.5f) * sx - 0.5f;
                    ay = (sampleInterleaved(posA, fx, fy, 1) + 0.5f) * sy - 0.5f;
                }
                if (b >= 0) {
                    wb = sample(confB, 0, fx, fy) * (float) (a >= 0 ? da / (da + db) : 1);
                    bx = (sampleInterleaved(posB, fx, fy, 0) + 0.5f) * sx - 0.5f;
                    by = (sampleInterleaved(posB, fx, fy, 1) + 0.5f) * sy - 0.5f;
                }
                int p = y * W + x;
                for (int c = 0; c < 3; c++) {
                    float v = 0;
                    if (wa > 0) {
                        v += wa * full(ra, c * n, W, H, ax, ay);
                    }
                    if (wb > 0) {
                        v += wb * full(rb, c * n, W, H, bx, by);
                    }
                    o[c * n + p] = Math.max(0f, Math.min(1f, o[c * n + p] + v));
                }
            }
        }
    }

    private static float full(float[] img, int off, int w, int h, float x, float y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min(w - 2, (int) x), y0 = Math.min(h - 2, (int) y);
        float ax = x - x0, ay = y - y0;
        int i = off + y0 * w + x0;
        return (img[i] * (1 - ax) + img[i + 1] * ax) * (1 - ay) + (img[i + w] * (1 - ax) + img[i + w + 1] * ax) * ay;
    }

    private VideoFrame residual(int k) {
        VideoFrame r = residuals.get(k);
        if (r == null) {
            VideoFrame s = keyframes.source(k), e = keyframes.edited(k);
            r = new VideoFrame(s.width(), s.height());
            LocalColorModel.apply(model(k).coeffs(), null, ww, wh, s, null, r);
            float[] d = r.data(), ed = e.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = ed[i] - d[i];
            }
            residuals.put(k, r);
            while (residuals.size() > 2) {
                residuals.remove(residuals.keySet().iterator().next());
            }
        }
        return r;
    }

    private LocalColorModel model(int k) {
        LocalColorModel m = models.get(k);
        if (m == null) {
            VideoFrame s = keyframes.source(k), e = keyframes.edited(k);
            m = LocalColorModel.fit(s, e, 2, 1e-4, ww, wh); // small windows: the residual carries what they miss
            models.put(k, m);
            while (models.size() > 2) {
                models.remove(models.keySet().iterator().next());
            }
        }
        return m;
    }

    /** Decodes the span's frames at working size and chains the flows back from keyframe b. */
    private void enterSpan(VideoFrame frame, int a, int b) {
        int[] size = Planes.workingSize(frame.width(), frame.height(), WORKING);
        ww = size[0];
        wh = size[1];
        ka = a;
        kb = b;
        try (VideoReader r = VideoReader.open(video)) {
            long count = r.info().frameCount();
            lo = a >= 0 ? a : 0;
            hi = b >= 0 ? b : (int) count - 1;
            small = new ArrayList<>();
            r.seek(lo);
            for (int i = lo; i <= hi; i++) {
                VideoFrame f = r.read();
                if (f == null) {
                    hi = i - 1;
                    break;
                }
                small.add(Planes.shrink(f, ww, wh));
            }
        }
        int n = ww * wh;
        backPos = new ArrayList<>();
        backConf = new ArrayList<>();
        for (int i = lo; i <= hi; i++) {
            backPos.add(null);
            backConf.add(null);
        }
        if (b >= 0) {
            backPos.set(hi - lo, identity());
            backConf.set(hi - lo, ones(n));
            for (int s = hi - 1; s >= lo; s--) {
                float[][] step = chain(small.get(s - lo), small.get(s + 1 - lo), backPos.get(s + 1 - lo), backConf.get(s + 1 - lo));
                backPos.set(s - lo, step[0]);
                backConf.set(s - lo, step[1]);
            }
        }
        fwdAt = -1;
        if (a >= 0) {
            fwdPos = identity();
            fwdConf = ones(n);
            fwdAt = a;
        }
    }

    private void advanceForward(int t) {
        while (fwdAt < t) {
            float[][] step = chain(small.get(fwdAt + 1 - lo), small.get(fwdAt - lo), fwdPos, fwdConf);
            fwdPos = step[0];
            fwdConf = step[1];
            fwdAt++;
        }
    }

    /**
     * One link of a chain: positions in the target keyframe for every pixel of {@code from}, given
     * those of its neighbour {@code to} (follow the flow from -> to, then read to's position there),
     * with confidence multiplied by this link's forward-backward consistency.
     */
    private float[][] chain(VideoFrame from, VideoFrame to, float[] toPos, float[] toConf) {
        int n = ww * wh;
        float[] f = new float[2 * n], bk = new float[2 * n], occ = new float[n], conf = new float[n];
        flow.flow(from, to, f);
        flow.flow(to, from, bk);
        FlowEstimator.check(f, bk, occ, conf, ww, wh);
        float[] pos = new float[2 * n], c = new float[n];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int p = y * ww + x;
                float qx = x + f[2 * p], qy = y + f[2 * p + 1];
                pos[2 * p] = sampleInterleaved(toPos, qx, qy, 0);
                pos[2 * p + 1] = sampleInterleaved(toPos, qx, qy, 1);
                float step = occ[p] > 0 ? 0f : (float) Math.pow(conf[p], 0.25);
                c[p] = step * sample(toConf, 0, qx, qy);
            }
        }
        return new float[][]{pos, c};
    }

    private float sampleInterleaved(float[] f, float x, float y, int comp) {
        x = Math.max(0, Math.min(ww - 1, x));
        y = Math.max(0, Math.min(wh - 1, y));
        int x0 = Math.min(ww - 2, (int) x), y0 = Math.min(wh - 2, (int) y);
        float ax = x - x0, ay = y - y0;
        int i = y0 * ww + x0;
        return (f[2 * i + comp] * (1 - ax) + f[2 * (i + 1) + comp] * ax) * (1 - ay)
                + (f[2 * (i + ww) + comp] * (1 - ax) + f[2 * (i + ww + 1) + comp] * ax) * ay;
    }

    private float[] identity() {
        float[] p = new float[2 * ww * wh];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                p[2 * (y * ww + x)] = x;
                p[2 * (y * ww + x) + 1] = y;
            }
        }
        return p;
    }

    private static float[] ones(int n) {
        float[] o = new float[n];
        Arrays.fill(o, 1f);
        return o;
    }

    @Override
    public void close() {
        small = null;
        backPos = null;
        backConf = null;
    }
}
