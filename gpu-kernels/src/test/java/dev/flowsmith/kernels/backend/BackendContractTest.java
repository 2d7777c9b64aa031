package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.ActivationKernels;
import dev.flowsmith.kernels.AttentionKernels;
import dev.flowsmith.kernels.ConvKernels;
import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.GemmKernels;
import dev.flowsmith.kernels.KeyframeKernels;
import dev.flowsmith.kernels.NormKernels;
import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.kernels.ScopeKernels;
import dev.flowsmith.kernels.WaveletKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of a backend equals the single-threaded Java kernel (the oracle) on random inputs
 * of awkward sizes (1, odd, prime, large), within a stated tolerance: {@code |x - ref| <= TOL * (1 + |ref|)}
 * with TOL = 1e-4 (float sums in a different order; exp in vector form), exact for index outputs.
 * Subclasses pick the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackendContractTest {
    static final float TOL = 1e-4f;
    ComputeBackend backend;
    Plan plan;
    final Random rnd = new Random(7);

    /** Why this backend cannot run here (each test is then reported as skipped with it), else null. */
    String skipReason;

    /** The backend under test; may set {@link #skipReason} and return null where it cannot run. */
    abstract ComputeBackend createBackend();

    @BeforeAll
    void open() {
        backend = createBackend();
        if (backend != null) {
            plan = backend.newPlan();
        }
    }

    // An assumption in @BeforeAll would drop the whole class from the report ("Tests run: 0"):
    // per test, every case shows up as skipped, with the reason.
    @org.junit.jupiter.api.BeforeEach
    void requireBackend() {
        org.junit.jupiter.api.Assumptions.assumeTrue(backend != null, () -> skipReason);
    }

    @AfterAll
    void close() {
        if (plan != null) {
            plan.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    float[] random(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    float[] run(Buf b, int n) {
        float[] out = new float[n];
        plan.read(b, out);
        return out;
    }

    static void close(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            float tol = TOL * (1 + Math.abs(expected[i]));
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", oracle " + expected[i]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,false,false", "7,13,5,false,false", "31,17,29,true,false", "64,96,128,false,true",
            "130,67,257,true,true", "257,129,300,false,false"})
    void sgemm(int m, int n, int k, boolean ta, boolean tb) {
        float[] a = random(m * k), b = random(k * n), c = random(m * n), ref = c.clone();
        GemmKernels.sgemm(a, b, ref, m, n, k, 0.7f, 0.3f, ta, tb, 0, m);
        Buf cb = plan.floats(c);
        plan.sgemm(plan.floats(a), plan.floats(b), cb, m, n, k, 0.7f, 0.3f, ta, tb);
        close(run(cb, m * n), ref, "sgemm " + m + "x" + n + "x" + k);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "3,5,7,11", "4,33,17,9"})
    void sgemmBatched(int batch, int m, int n, int k) {
        float[] a = random(batch * m * k), b = random(batch * k * n), ref = new float[batch * m * n];
        GemmKernels.sgemmBatched(a, b, ref, batch, m, n, k, 1f, 0f, false, true, 0, batch * m);
        Buf cb = plan.floats(batch * m * n);
        plan.sgemmBatched(plan.floats(a), plan.floats(b), cb, batch, m, n, k, 1f, 0f, false, true);
        close(run(cb, ref.length), ref, "sgemmBatched");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,5,3,7", "3,17,16,72", "1,256,16,1"})
    void swapAxesAndScaledColumns(int batch, int a, int b, int c) {
        int n = batch * a * b * c;
        float[] x = random(n), ref = new float[n];
        dev.flowsmith.kernels.LayoutKernels.swapAxes(x, ref, a, b, c, 0, batch * a * b);
        Buf o = plan.floats(n);
        plan.swapAxes(plan.floats(x), o, batch, a, b, c);
        close(run(o, n), ref, "swapAxes");
        int rows = batch * a, cols = b * c;
        float[] y = random(n), g = random(cols), acc = x.clone();
        dev.flowsmith.kernels.LayoutKernels.addScaledColumns(acc, y, g, cols, 0, rows);
        Buf xb = plan.floats(x);
        plan.addScaledColumns(xb, plan.floats(y), plan.floats(g), rows, cols);
        close(run(xb, n), acc, "addScaledColumns");
        // copy a range into the middle of another buffer (channel concatenation)
        Buf cat = plan.floats(2 * n + 3);
        plan.write(cat, new float[2 * n + 3]);
        plan.copy(plan.floats(x), 0, cat, 1, n);
        plan.copy(plan.floats(y), n - 1 - (n - 1) / 2, cat, n + 1, (n - 1) / 2 + 1);
        float[] catRef = new float[2 * n + 3];
        System.arraycopy(x, 0, catRef, 1, n);
        System.arraycopy(y, n - 1 - (n - 1) / 2, catRef, n + 1, (n - 1) / 2 + 1);
        assertThat(run(cat, 2 * n + 3)).containsExactly(catRef);
        // write into an existing buffer after queued work: the kernel above saw the old values
        plan.write(xb, y);
        close(run(xb, n), y, "write");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 14_000, 100_003})
    void activations(int n) {
        float[] x = random(n);
        for (int i = 0; i < n; i++) {
            x[i] *= 6;
        }
        float[] r1 = new float[n], r2 = new float[n], r3 = new float[n];
        ActivationKernels.gelu(x, r1, 0, n);
        ActivationKernels.geluTanh(x, r2, 0, n);
        ActivationKernels.silu(x, r3, 0, n);
        Buf xb = plan.floats(x), o = plan.floats(n);
        plan.gelu(xb, o, n);
        close(run(o, n), r1, "gelu");
        plan.geluTanh(xb, o, n);
        close(run(o, n), r2, "geluTanh");
        plan.silu(xb, o, n);
        close(run(o, n), r3, "silu");
        if (n % 2 == 0 || n == 17) { // GEGLU: rows of [hidden | gate]
            int inner = n == 17 ? 1 : 7, rows = (n - (n == 17 ? 1 : 0)) / (2 * inner);
            float[] r4 = new float[rows * inner];
            ActivationKernels.geglu(x, r4, inner, 0, rows * inner);
            Buf g = plan.floats(rows * inner);
            plan.geglu(xb, g, rows, inner);
            close(run(g, rows * inner), r4, "geglu");
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "7,13", "33,1000"})
    void softmaxAndLayerNorm(int rows, int cols) {
        float[] x = random(rows * cols), g = random(cols), b = random(cols);
        float[] r1 = new float[rows * cols], r2 = new float[rows * cols];
        NormKernels.softmaxRows(x, r1, cols, 0, rows);
        NormKernels.layerNorm(x, g, b, r2, cols, 1e-5f, 0, rows);
        Buf xb = plan.floats(x), o = plan.floats(rows * cols);
        plan.softmaxRows(xb, o, rows, cols);
        close(run(o, rows * cols), r1, "softmax");
        plan.layerNorm(xb, plan.floats(g), plan.floats(b), o, rows, cols, 1e-5f);
        close(run(o, rows * cols), r2, "layerNorm");
    }

    @ParameterizedTest
    @CsvSource({"1,2,1,1", "2,6,31,3", "1,32,17,8"})
    void groupNorm(int n, int c, int hw, int groups) {
        float[] x = random(n * c * hw), g = random(c), b = random(c), ref = new float[x.length];
        NormKernels.groupNorm(x, g, b, ref, c, hw, groups, 1e-6f, 0, n * groups);
        Buf o = plan.floats(x.length);
        plan.groupNorm(plan.floats(x), plan.floats(g), plan.floats(b), o, n, c, hw, groups, 1e-6f);
        close(run(o, x.length), ref, "groupNorm");
    }

    @ParameterizedTest
    @CsvSource({"1,1,5,7,1,3,1,1", "2,3,17,13,4,3,1,1", "1,4,16,16,8,3,2,1", "1,5,11,9,3,1,1,0", "2,2,9,10,3,1,2,0",
            "1,64,40,36,32,3,1,1", "2,16,33,31,24,3,2,1", "1,48,20,21,64,5,1,2"})
    void conv2d(int n, int cin, int h, int w, int cout, int k, int stride, int pad) {
        int oh = ConvKernels.outSize(h, k, stride, pad), ow = ConvKernels.outSize(w, k, stride, pad);
        float[] in = random(n * cin * h * w), wt = random(cout * cin * k * k), bias = random(cout), ref = new float[n * cout * oh * ow];
        ConvKernels.conv2d(in, wt, bias, ref, cin, h, w, cout, k, k, stride, pad, oh, ow, 0, n * cout * oh);
        Buf o = plan.floats(ref.length);
        plan.conv2d(plan.floats(in), plan.floats(wt), plan.floats(bias), o, n, cin, h, w, cout, k, k, stride, pad);
        close(run(o, ref.length), ref, "conv2d");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,3,3", "3,7,5,14,10", "2,17,13,5,4", "3,64,48,16,12"})
    void resampling(int planes, int h, int w, int oh, int ow) {
        float[] in = random(planes * h * w);
        float[] r1 = new float[planes * oh * ow], r2 = new float[planes * oh * ow];
        ResampleKernels.nearest(in, r1, h, w, oh, ow, 0, planes * oh);
        ResampleKernels.bilinear(in, r2, h, w, oh, ow, 0, planes * oh);
        Buf ib = plan.floats(in), o = plan.floats(planes * oh * ow);
        plan.nearest(ib, o, planes, h, w, oh, ow);
        close(run(o, r1.length), r1, "nearest");
        plan.bilinear(ib, o, planes, h, w, oh, ow);
        close(run(o, r2.length), r2, "bilinear");
        float[] tmp = new float[planes * h * ow], r3 = new float[planes * oh * ow];
        ResampleKernels.bicubicRows(in, tmp, w, ow, 0, planes * h);
        ResampleKernels.bicubicColumns(tmp, r3, h, ow, oh, 0, planes * oh);
        plan.bicubic(ib, o, planes, h, w, oh, ow);
        close(run(o, r3.length), r3, "bicubic");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,2", "3,17,13,4", "2,64,48,3"})
    void areaAndBlur(int planes, int h, int w, int factor) {
        float[] in = random(planes * h * w);
        int oh = (h + factor - 1) / factor, ow = (w + factor - 1) / factor;
        float[] r1 = new float[planes * oh * ow];
        ResampleKernels.area(in, r1, h, w, factor, oh, ow, 0, planes * oh);
        Buf ib = plan.floats(in), o = plan.floats(planes * oh * ow);
        plan.area(ib, o, planes, h, w, factor);
        close(run(o, r1.length), r1, "area");
        float[] taps = ResampleKernels.gaussianTaps(1.7f), tmp = new float[in.length], r2 = new float[in.length];
        ResampleKernels.convolveRows(in, taps, tmp, w, 0, planes * h);
        ResampleKernels.convolveColumns(tmp, taps, r2, h, w, 0, planes * h);
        Buf o2 = plan.floats(in.length);
        plan.gaussianBlur(ib, o2, planes, h, w, 1.7f);
        close(run(o2, in.length), r2, "gaussianBlur");
    }

    float[] flow(int h, int w, float amplitude) {
        float[] f = random(2 * h * w);
        for (int i = 0; i < f.length; i++) {
            f[i] *= amplitude;
        }
        return f;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,0", "3,13,17,0", "3,13,17,1", "2,61,47,1"})
    void warp(int planes, int h, int w, int border) {
        float[] img = random(planes * h * w), fl = flow(h, w, 4), ref = new float[img.length];
        FlowKernels.warpBilinear(img, fl, ref, h, w, border, 0, planes * h);
        Buf o = plan.floats(img.length);
        plan.warpBilinear(plan.floats(img), plan.floats(fl), o, planes, h, w, border);
        close(run(o, img.length), ref, "warp");
    }

    @Test
    void warpByZeroFlowIsTheIdentity() {
        int planes = 3, h = 23, w = 31;
        float[] img = random(planes * h * w);
        Buf o = plan.floats(img.length);
        for (int border : new int[]{FlowKernels.BORDER_ZERO, FlowKernels.BORDER_CLAMP}) {
            plan.warpBilinear(plan.floats(img), plan.floats(2 * h * w), o, planes, h, w, border);
            assertThat(run(o, img.length)).containsExactly(img);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "13,17", "64,48"})
    void flowChecksAndResize(int h, int w) {
        float[] fw = flow(h, w, 3), bw = flow(h, w, 3);
        float[] occ = new float[h * w], conf = new float[h * w];
        FlowKernels.forwardBackwardCheck(fw, bw, occ, conf, h, w, 0.01f, 0.5f, 0, h);
        Buf ob = plan.floats(h * w), cb = plan.floats(h * w);
        plan.forwardBackwardCheck(plan.floats(fw), plan.floats(bw), ob, cb, h, w, 0.01f, 0.5f);
        close(run(ob, h * w), occ, "occlusion");
        close(run(cb, h * w), conf, "confidence");
        int oh = Math.max(1, h / 8), ow = Math.max(1, w / 8);
        float[] ref = new float[2 * oh * ow];
        FlowKernels.resizeFlow(fw, ref, h, w, oh, ow, 0, oh);
        Buf rb = plan.floats(ref.length);
        plan.resizeFlow(plan.floats(fw), rb, h, w, oh, ow);
        close(run(rb, ref.length), ref, "resizeFlow");
    }

    @Test
    void consistentFlowIsNotOccluded() {
        int h = 20, w = 30;
        float[] fw = new float[2 * h * w], bw = new float[2 * h * w];
        for (int i = 0; i < h * w; i++) {
            fw[2 * i] = 1.5f;
            bw[2 * i] = -1.5f;
        }
        Buf ob = plan.floats(h * w), cb = plan.floats(h * w);
        plan.forwardBackwardCheck(plan.floats(fw), plan.floats(bw), ob, cb, h, w, 0.01f, 0.5f);
        float[] occ = run(ob, h * w);
        assertThat(occ[5 * w + 5]).isZero();
        assertThat(occ[5 * w + w - 1]).as("leaves the frame").isEqualTo(1f);
    }

    @ParameterizedTest
    @CsvSource({"1,2,2,1", "3,16,24,3", "2,64,32,2"})
    void haarRoundTripAndProjector(int planes, int h, int w, int levels) {
        float[] x = random(planes * h * w);
        Buf xb = plan.floats(x), d = plan.floats(x.length), back = plan.floats(x.length);
        plan.haarForward(xb, d, planes, h, w, levels);
        // oracle for the forward transform
        float[] ref = x.clone(), tmp = new float[x.length];
        for (int l = 0; l < levels; l++) {
            System.arraycopy(ref, 0, tmp, 0, ref.length);
            WaveletKernels.haarForwardLevel(tmp, ref, h, w, h >> l, w >> l, 0, planes * (h >> l) / 2);
        }
        float[] bands = run(d, x.length);
        close(bands, ref, "haar forward");
        plan.haarInverse(d, back, planes, h, w, levels);
        close(run(back, x.length), x, "IDWT(DWT(x))");

        // the projector keeps exactly the LL_J band: equal to IDWT with every other band zeroed
        float[] llOnly = new float[x.length];
        int bh = h >> levels, bw = w >> levels;
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < bh; y++) {
                for (int xx = 0; xx < bw; xx++) {
                    llOnly[p * h * w + y * w + xx] = bands[p * h * w + y * w + xx];
                }
            }
        }
        Buf lb = plan.floats(llOnly), lback = plan.floats(x.length), proj = plan.floats(x.length), proj2 = plan.floats(x.length);
        plan.haarInverse(lb, lback, planes, h, w, levels);
        plan.projectLowBand(xb, proj, planes, h, w, levels);
        float[] p1 = run(proj, x.length);
        close(p1, run(lback, x.length), "projector = IDWT(LL only)");
        float[] pref = new float[x.length];
        WaveletKernels.projectLowBand(x, pref, h, w, 1 << levels, 0, planes * (h >> levels));
        close(p1, pref, "projector vs oracle");
        plan.projectLowBand(proj, proj2, planes, h, w, levels);
        close(run(proj2, x.length), p1, "projector is idempotent");
    }

    static float[] naiveAttention(float[] q, float[] k, float[] v, int heads, int n, int m, int d, float scale) {
        float[] out = new float[heads * n * d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                double[] s = new double[m];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += q[(h * n + i) * d + c] * k[(h * m + j) * d + c];
                    }
                    s[j] = dot * scale;
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < m; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int c = 0; c < d; c++) {
                    double acc = 0;
                    for (int j = 0; j < m; j++) {
                        acc += s[j] / sum * v[(h * m + j) * d + c];
                    }
                    out[(h * n + i) * d + c] = (float) acc;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,7,13,5", "3,33,129,16", "2,100,257,64", "1,37,300,72"})
    void attentionEqualsOracleAndNaive(int heads, int n, int m, int d) {
        float[] q = random(heads * n * d), k = random(heads * m * d), v = random(heads * m * d);
        float scale = (float) (1 / Math.sqrt(d)) * 2;
        float[] oracle = new float[q.length];
        AttentionKernels.dense(q, k, v, oracle, n, m, d, scale, 0, heads * n);
        close(oracle, naiveAttention(q, k, v, heads, n, m, d, scale), "oracle vs naive O(n^2)");
        Buf o = plan.floats(q.length);
        plan.attention(plan.floats(q), plan.floats(k), plan.floats(v), o, heads, n, m, d, scale);
        close(run(o, q.length), oracle, "attention");
    }

    int[] neighbours(int frames, int t, int mNbr, boolean masked) {
        int[] nb = new int[frames * t * mNbr];
        for (int i = 0; i < nb.length; i++) {
            nb[i] = masked || rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(frames * t);
        }
        return nb;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1,1", "2,3,7,5,4", "2,4,37,16,36", "1,2,70,64,9"})
    void gatherAttentionEqualsOracle(int heads, int frames, int t, int d, int mNbr) {
        int tokens = frames * t;
        float[] q = random(heads * tokens * d), k = random(heads * tokens * d), v = random(heads * tokens * d);
        int[] nb = neighbours(frames, t, mNbr, false);
        float[] bias = random(tokens * mNbr);
        float[] ref = new float[q.length];
        AttentionKernels.gather(q, k, v, nb, bias, ref, frames, t, d, mNbr, 0.25f, 0, heads * tokens);
        Buf o = plan.floats(q.length);
        plan.gatherAttention(plan.floats(q), plan.floats(k), plan.floats(v), plan.ints(nb), plan.floats(bias), o, heads,
                frames, t, d, mNbr, 0.25f);
        close(run(o, q.length), ref, "gather attention");
    }

    @Test
    void gatherWithEveryNeighbourMaskedIsPerFrameAttention() {
        int heads = 2, frames = 3, t = 41, d = 16, mNbr = 36, tokens = frames * t;
        float[] q = random(heads * tokens * d), k = random(heads * tokens * d), v = random(heads * tokens * d);
        Buf o = plan.floats(q.length);
        plan.gatherAttention(plan.floats(q), plan.floats(k), plan.floats(v), plan.ints(neighbours(frames, t, mNbr, true)),
                plan.floats(random(tokens * mNbr)), o, heads, frames, t, d, mNbr, 0.25f);
        float[] got = run(o, q.length);
        // per-frame attention: each (head, frame) is its own head of t tokens
        float[] perFrame = new float[q.length];
        AttentionKernels.dense(q, k, v, perFrame, t, t, d, 0.25f, 0, heads * frames * t);
        close(got, perFrame, "masked gather = per-frame attention");
    }

    @Test
    void kvSlimmingKeepingEveryKeyIsDenseAttention() {
        int n = 29, pool = 83, d = 16, c = 8;
        float[] q = random(n * d), k = random(pool * d), v = random(pool * d);
        float[] poolFeat = random(pool * c), queryFeat = random(n * c);
        Buf score = plan.floats(pool), idx = plan.ints(pool), val = plan.floats(pool);
        plan.slimScores(plan.floats(poolFeat), plan.floats(queryFeat), score, pool, n, c);
        float[] sref = new float[pool];
        AttentionKernels.slimScores(poolFeat, queryFeat, sref, n, c, 0, pool);
        close(run(score, pool), sref, "slim scores");
        plan.topK(score, idx, val, 1, pool, pool);
        Buf ks = plan.floats(pool * d), vs = plan.floats(pool * d), kb = plan.floats(k), vb = plan.floats(v);
        plan.gatherRows(kb, idx, ks, pool, d);
        plan.gatherRows(vb, idx, vs, pool, d);
        Buf slim = plan.floats(n * d), dense = plan.floats(n * d), qb = plan.floats(q);
        plan.attention(qb, ks, vs, slim, 1, n, pool, d, 0.3f);
        plan.attention(qb, kb, vb, dense, 1, n, pool, d, 0.3f);
        close(run(slim, n * d), run(dense, n * d), "slimmed with k = all keys vs dense");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "17,29,8", "300,257,33"})
    void cosineNearestAndTopK(int na, int nb, int c) {
        float[] a = random(na * c), b = random(nb * c);
        int[] am = new int[na];
        float[] mx = new float[na];
        KeyframeKernels.cosineNearest(a, b, am, mx, nb, c, 0, na);
        Buf amb = plan.ints(na), mxb = plan.floats(na);
        plan.cosineNearest(plan.floats(a), plan.floats(b), amb, mxb, na, nb, c);
        int[] got = new int[na];
        plan.read(amb, got);
        float[] gotMax = run(mxb, na);
        close(gotMax, mx, "cosine max");
        for (int i = 0; i < na; i++) {
            // a different argmax is only acceptable on a (near) tie
            if (got[i] != am[i]) {
                assertThat(Math.abs(cos(a, i, b, got[i], c) - mx[i])).as("tie at row " + i).isLessThan(1e-5f);
            }
        }
        int k = Math.min(5, nb);
        int[] idx = new int[na * k];
        float[] val = new float[na * k];
        float[] scores = random(na * nb);
        KeyframeKernels.topK(scores, idx, val, nb, k, 0, na);
        Buf ib = plan.ints(na * k), vb = plan.floats(na * k);
        plan.topK(plan.floats(scores), ib, vb, na, nb, k);
        int[] gotIdx = new int[na * k];
        plan.read(ib, gotIdx);
        assertThat(gotIdx).containsExactly(idx);
        close(run(vb, na * k), val, "topK values");
        float[] sorted = Arrays.copyOf(scores, nb);
        Arrays.sort(sorted);
        assertThat(val[0]).isEqualTo(sorted[nb - 1]);
    }

    static float cos(float[] a, int i, float[] b, int j, int c) {
        double dot = 0, na = 0, nb = 0;
        for (int t = 0; t < c; t++) {
            dot += a[i * c + t] * b[j * c + t];
            na += a[i * c + t] * a[i * c + t];
            nb += b[j * c + t] * b[j * c + t];
        }
        return (float) (dot / Math.sqrt(na * nb));
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,100,40", "2,5000,1000"})
    void topKWithLargeK(int rows, int n, int k) {
        float[] x = random(rows * n);
        for (int i = 0; i < x.length; i += 7) {
            x[i] = 0.5f; // ties
        }
        int[] idx = new int[rows * k];
        float[] val = new float[rows * k];
        KeyframeKernels.topK(x, idx, val, n, k, 0, rows);
        Buf ib = plan.ints(rows * k), vb = plan.floats(rows * k);
        plan.topK(plan.floats(x), ib, vb, rows, n, k);
        int[] got = new int[rows * k];
        plan.read(ib, got);
        assertThat(got).containsExactly(idx);
        close(run(vb, rows * k), val, "topK values");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "50,3,7", "1000,16,20"})
    void kCenterGreedy(int n, int c, int k) {
        float[] x = random(n * c);
        int[] ref = KeyframeKernels.kCenterGreedy(x, n, c, k, 0);
        assertThat(plan.kCenterGreedy(plan.floats(x), n, c, k, 0)).containsExactly(ref);
        assertThat(Arrays.stream(ref).distinct().count()).isEqualTo(Math.min(k, n));
    }

    @Test
    void tooSmallBufferIsAClearError() {
        Buf small = plan.floats(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.gelu(small, small, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 10");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "7,5", "97,33", "320,180"})
    void scopesCountExactlyLikeTheJavaKernels(int w, int h) {
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xff000000 | rnd.nextInt(1 << 24);
        }
        px[0] = 0xffffffff; // white and black hit the end bins
        px[px.length - 1] = 0xff000000;
        Buf rgb = plan.ints(px);
        int[] wf = new int[w * 256], pa = new int[3 * w * 256], hist = new int[4 * 256], vs = new int[64 * 64];
        ScopeKernels.waveform(px, w, h, wf, 0, w);
        ScopeKernels.parade(px, w, h, pa, 0, 3 * w);
        int chunks = (h + Plan.SCOPE_ROWS_PER_CHUNK - 1) / Plan.SCOPE_ROWS_PER_CHUNK;
        int[] partial = new int[chunks * 4 * 256];
        ScopeKernels.histogramPartial(px, w, h, Plan.SCOPE_ROWS_PER_CHUNK, partial, 0, chunks);
        ScopeKernels.sumPartials(partial, chunks, 4 * 256, hist, 0, 4 * 256);
        int[] vpartial = new int[chunks * 64 * 64];
        ScopeKernels.vectorscopePartial(px, w, h, Plan.SCOPE_ROWS_PER_CHUNK, 64, vpartial, 0, chunks);
        ScopeKernels.sumPartials(vpartial, chunks, 64 * 64, vs, 0, 64 * 64);
        Buf bw = plan.ints(wf.length), bp = plan.ints(pa.length), bh = plan.ints(hist.length), bv = plan.ints(vs.length);
        plan.waveform(rgb, bw, w, h);
        plan.parade(rgb, bp, w, h);
        plan.histogram(rgb, bh, w, h);
        plan.vectorscope(rgb, bv, w, h, 64);
        int[] got = new int[wf.length];
        plan.read(bw, got);
        assertThat(got).containsExactly(wf);
        got = new int[pa.length];
        plan.read(bp, got);
        assertThat(got).containsExactly(pa);
        got = new int[hist.length];
        plan.read(bh, got);
        assertThat(got).containsExactly(hist);
        got = new int[vs.length];
        plan.read(bv, got);
        assertThat(got).containsExactly(vs);
        // every pixel is counted once per column / channel / histogram
        assertThat(Arrays.stream(hist, 3 * 256, 4 * 256).sum()).isEqualTo(w * h);
        assertThat(Arrays.stream(vs).sum()).isEqualTo(w * h);
        if (px.length > 1) {
            assertThat(hist[255]).isGreaterThanOrEqualTo(1); // white's red (a 1x1 frame holds only the black pixel)
        }
        assertThat(hist[3 * 256]).isGreaterThanOrEqualTo(1); // black's luma
    }
}
