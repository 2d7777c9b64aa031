package dev.flowsmith.kernels.backend;

import dev.flowsmith.kernels.ActivationKernels;
import dev.flowsmith.kernels.AttentionKernels;
import dev.flowsmith.kernels.ConvKernels;
import dev.flowsmith.kernels.FlowKernels;
import dev.flowsmith.kernels.GemmKernels;
import dev.flowsmith.kernels.KeyframeKernels;
import dev.flowsmith.kernels.ScopeKernels;
import dev.flowsmith.kernels.NormKernels;
import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.kernels.WaveletKernels;

import java.util.Arrays;

/** {@link Plan} of the {@link CpuBackend}: buffers are Java arrays; kernels run in parallel ranges. */
final class CpuPlan implements Plan {
    /** Products smaller than this many multiply-adds stay in Java (OpenBLAS call and copy overhead). */
    private static final long BLAS_MIN_WORK = 32L * 32 * 32;
    private final ParallelRange range;
    private final ThreadLocal<TiledAttention.Block[]> blocks = ThreadLocal.withInitial(() -> new TiledAttention.Block[1]);

    CpuPlan(ParallelRange range) {
        this.range = range;
    }

    static final class CpuBuf extends Buf {
        final float[] f;
        final int[] i;

        CpuBuf(float[] f) {
            super(f.length, false);
            this.f = f;
            this.i = null;
        }

        CpuBuf(int[] i) {
            super(i.length, true);
            this.f = null;
            this.i = i;
        }
    }

    private static float[] f(Buf b, int n, String what) {
        return ((CpuBuf) b.require(n, false, what)).f;
    }

    private static int[] i(Buf b, int n, String what) {
        return ((CpuBuf) b.require(n, true, what)).i;
    }

    @Override
    public Buf floats(float[] data) {
        return new CpuBuf(data.clone());
    }

    @Override
    public Buf floats(int length) {
        return new CpuBuf(new float[length]);
    }

    @Override
    public Buf ints(int[] data) {
        return new CpuBuf(data.clone());
    }

    @Override
    public Buf ints(int length) {
        return new CpuBuf(new int[length]);
    }

    @Override
    public void read(Buf b, float[] dst) {
        System.arraycopy(f(b, dst.length, "read"), 0, dst, 0, dst.length);
    }

    @Override
    public void write(Buf b, float[] src) {
        System.arraycopy(src, 0, f(b, src.length, "write"), 0, src.length);
    }

    @Override
    public void write(Buf b, int[] src) {
        System.arraycopy(src, 0, i(b, src.length, "write"), 0, src.length);
    }

    @Override
    public void read(Buf b, int[] dst) {
        System.arraycopy(i(b, dst.length, "read"), 0, dst, 0, dst.length);
    }

    @Override
    public void finish() {
        // synchronous
    }

    @Override
    public void sgemm(Buf a, Buf b, Buf c, int m, int n, int k, float alpha, float beta, boolean transA, boolean transB) {
        float[] fa = f(a, m * k, "A"), fb = f(b, k * n, "B"), fc = f(c, m * n, "C");
        if ((long) m * n * k >= BLAS_MIN_WORK && fa.length == m * k && fb.length == k * n && fc.length == m * n) {
            OpenBlas.sgemm(fa, fb, fc, m, n, k, alpha, beta, transA, transB);
        } else {
            range.run(m, 4, (from, to) -> GemmKernels.sgemm(fa, fb, fc, m, n, k, alpha, beta, transA, transB, from, to));
        }
    }

    @Override
    public void sgemmBatched(Buf a, Buf b, Buf c, int batch, int m, int n, int k, float alpha, float beta,
                             boolean transA, boolean transB) {
        float[] fa = f(a, batch * m * k, "A"), fb = f(b, batch * k * n, "B"), fc = f(c, batch * m * n, "C");
        range.run(batch * m, 4, (from, to) -> GemmKernels.sgemmBatched(fa, fb, fc, batch, m, n, k, alpha, beta, transA,
                transB, from, to));
    }

    @Override
    public void swapAxes(Buf in, Buf out, int batch, int a, int b, int c) {
        int rows = batch * a * b;
        float[] fi = f(in, rows * c, "in"), fo = f(out, rows * c, "out");
        range.run(rows, 256, (from, to) -> dev.flowsmith.kernels.LayoutKernels.swapAxes(fi, fo, a, b, c, from, to));
    }

    @Override
    public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        if (srcOff < 0 || dstOff < 0 || n < 0) {
            throw new IllegalArgumentException("copy of " + n + " values from " + srcOff + " to " + dstOff);
        }
        float[] fs = f(src, srcOff + n, "src"), fd = f(dst, dstOff + n, "dst");
        range.run(n, 1 << 16, (from, to) -> dev.flowsmith.kernels.LayoutKernels.copy(fs, srcOff, fd, dstOff, from, to));
    }

    @Override
    public void addScaledColumns(Buf x, Buf y, Buf gate, int rows, int cols) {
        float[] fx = f(x, rows * cols, "x"), fy = f(y, rows * cols, "y"), fg = f(gate, cols, "gate");
        range.run(rows, 16, (from, to) -> dev.flowsmith.kernels.LayoutKernels.addScaledColumns(fx, fy, fg, cols, from, to));
    }

    @Override
    public void gelu(Buf x, Buf out, int n) {
        float[] fx = f(x, n, "x"), fo = f(out, n, "out");
        range.run(n, 4096, (from, to) -> ActivationKernels.gelu(fx, fo, from, to));
    }

    @Override
    public void geluTanh(Buf x, Buf out, int n) {
        float[] fx = f(x, n, "x"), fo = f(out, n, "out");
        range.run(n, 4096, (from, to) -> VectorMath.geluTanh(fx, fo, from, to));
    }

    @Override
    public void silu(Buf x, Buf out, int n) {
        float[] fx = f(x, n, "x"), fo = f(out, n, "out");
        range.run(n, 4096, (from, to) -> ActivationKernels.silu(fx, fo, from, to));
    }

    @Override
    public void geglu(Buf x, Buf out, int rows, int inner) {
        float[] fx = f(x, 2 * rows * inner, "x"), fo = f(out, rows * inner, "out");
        range.run(rows * inner, 4096, (from, to) -> ActivationKernels.geglu(fx, fo, inner, from, to));
    }

    @Override
    public void softmaxRows(Buf x, Buf out, int rows, int cols) {
        float[] fx = f(x, rows * cols, "x"), fo = f(out, rows * cols, "out");
        range.run(rows, 16, (from, to) -> VectorMath.softmaxRows(fx, fo, cols, from, to));
    }

    @Override
    public void layerNorm(Buf x, Buf gamma, Buf beta, Buf out, int rows, int cols, float eps) {
        float[] fx = f(x, rows * cols, "x"), g = f(gamma, cols, "gamma"), be = f(beta, cols, "beta"),
                fo = f(out, rows * cols, "out");
        range.run(rows, 16, (from, to) -> VectorMath.layerNorm(fx, g, be, fo, cols, eps, from, to));
    }

    @Override
    public void groupNorm(Buf x, Buf gamma, Buf beta, Buf out, int n, int c, int hw, int groups, float eps) {
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + groups + " groups");
        }
        float[] fx = f(x, n * c * hw, "x"), g = f(gamma, c, "gamma"), be = f(beta, c, "beta"), fo = f(out, n * c * hw, "out");
        range.run(n * groups, (from, to) -> NormKernels.groupNorm(fx, g, be, fo, c, hw, groups, eps, from, to));
    }

    @Override
    public void conv2d(Buf in, Buf w, Buf bias, Buf out, int n, int cin, int h, int wd, int cout, int kh, int kw,
                       int stride, int pad) {
        int oh = ConvKernels.outSize(h, kh, stride, pad), ow = ConvKernels.outSize(wd, kw, stride, pad);
        float[] fi = f(in, n * cin * h * wd, "in"), fw = f(w, cout * cin * kh * kw, "w"), fb = f(bias, cout, "bias"),
                fo = f(out, n * cout * oh * ow, "out");
        BlasConv.conv2d(range, fi, fw, fb, fo, n, cin, h, wd, cout, kh, kw, stride, pad);
    }

    @Override
    public void nearest(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * oh * ow, "out");
        range.run(planes * oh, 8, (from, to) -> ResampleKernels.nearest(fi, fo, h, w, oh, ow, from, to));
    }

    @Override
    public void bilinear(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * oh * ow, "out");
        range.run(planes * oh, 8, (from, to) -> ResampleKernels.bilinear(fi, fo, h, w, oh, ow, from, to));
    }

    @Override
    public void area(Buf in, Buf out, int planes, int h, int w, int factor) {
        int oh = (h + factor - 1) / factor, ow = (w + factor - 1) / factor;
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * oh * ow, "out");
        range.run(planes * oh, 8, (from, to) -> ResampleKernels.area(fi, fo, h, w, factor, oh, ow, from, to));
    }

    @Override
    public void bicubic(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * oh * ow, "out");
        float[] tmp = new float[planes * h * ow];
        range.run(planes * h, 8, (from, to) -> ResampleKernels.bicubicRows(fi, tmp, w, ow, from, to));
        range.run(planes * oh, 8, (from, to) -> ResampleKernels.bicubicColumns(tmp, fo, h, ow, oh, from, to));
    }

    @Override
    public void gaussianBlur(Buf in, Buf out, int planes, int h, int w, float sigma) {
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * h * w, "out");
        float[] taps = ResampleKernels.gaussianTaps(sigma), tmp = new float[planes * h * w];
        range.run(planes * h, 8, (from, to) -> ResampleKernels.convolveRows(fi, taps, tmp, w, from, to));
        range.run(planes * h, 8, (from, to) -> ResampleKernels.convolveColumns(tmp, taps, fo, h, w, from, to));
    }

    @Override
    public void warpBilinear(Buf img, Buf flow, Buf out, int planes, int h, int w, int border) {
        float[] fi = f(img, planes * h * w, "img"), ff = f(flow, 2 * h * w, "flow"), fo = f(out, planes * h * w, "out");
        range.run(planes * h, 8, (from, to) -> FlowKernels.warpBilinear(fi, ff, fo, h, w, border, from, to));
    }

    @Override
    public void forwardBackwardCheck(Buf fwd, Buf bwd, Buf occ, Buf conf, int h, int w, float alpha1, float alpha2) {
        float[] a = f(fwd, 2 * h * w, "fwd"), b = f(bwd, 2 * h * w, "bwd"), o = f(occ, h * w, "occ"), c = f(conf, h * w, "conf");
        range.run(h, 8, (from, to) -> FlowKernels.forwardBackwardCheck(a, b, o, c, h, w, alpha1, alpha2, from, to));
    }

    @Override
    public void resizeFlow(Buf flow, Buf out, int h, int w, int oh, int ow) {
        float[] fi = f(flow, 2 * h * w, "flow"), fo = f(out, 2 * oh * ow, "out");
        range.run(oh, 4, (from, to) -> FlowKernels.resizeFlow(fi, fo, h, w, oh, ow, from, to));
    }

    @Override
    public void haarForward(Buf in, Buf out, int planes, int h, int w, int levels) {
        Wavelets.checkLevels(h, w, levels);
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * h * w, "out");
        System.arraycopy(fi, 0, fo, 0, planes * h * w);
        float[] tmp = new float[planes * h * w];
        for (int l = 0; l < levels; l++) {
            int lh = h >> l, lw = w >> l;
            System.arraycopy(fo, 0, tmp, 0, tmp.length);
            range.run(planes * lh / 2, 8, (from, to) -> WaveletKernels.haarForwardLevel(tmp, fo, h, w, lh, lw, from, to));
        }
    }

    @Override
    public void haarInverse(Buf in, Buf out, int planes, int h, int w, int levels) {
        Wavelets.checkLevels(h, w, levels);
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * h * w, "out");
        System.arraycopy(fi, 0, fo, 0, planes * h * w);
        float[] tmp = new float[planes * h * w];
        for (int l = levels - 1; l >= 0; l--) {
            int lh = h >> l, lw = w >> l;
            System.arraycopy(fo, 0, tmp, 0, tmp.length);
            range.run(planes * lh / 2, 8, (from, to) -> WaveletKernels.haarInverseLevel(tmp, fo, h, w, lh, lw, from, to));
        }
    }

    @Override
    public void projectLowBand(Buf in, Buf out, int planes, int h, int w, int levels) {
        int block = 1 << levels, bh = (h + block - 1) / block;
        float[] fi = f(in, planes * h * w, "in"), fo = f(out, planes * h * w, "out");
        range.run(planes * bh, 2, (from, to) -> WaveletKernels.projectLowBand(fi, fo, h, w, block, from, to));
    }

    private TiledAttention.Block block(int d) {
        TiledAttention.Block[] holder = blocks.get();
        if (holder[0] == null || holder[0].d != d) {
            holder[0] = new TiledAttention.Block(d);
        }
        return holder[0];
    }

    @Override
    public void attention(Buf q, Buf k, Buf v, Buf out, int heads, int n, int m, int d, float scale) {
        float[] fq = f(q, heads * n * d, "q"), fk = f(k, heads * m * d, "k"), fv = f(v, heads * m * d, "v"),
                fo = f(out, heads * n * d, "out");
        int qBlocks = (n + TiledAttention.BQ - 1) / TiledAttention.BQ;
        range.run(heads * qBlocks, (from, to) -> {
            TiledAttention.Block blk = block(d);
            for (int t = from; t < to; t++) {
                int head = t / qBlocks, i0 = (t % qBlocks) * TiledAttention.BQ;
                blk.reset(Math.min(TiledAttention.BQ, n - i0));
                int qOff = (head * n + i0) * d;
                TiledAttention.attend(blk, fq, qOff, fk, fv, head * m * d, 0, m, scale);
                TiledAttention.finish(blk, fo, qOff);
            }
        });
    }

    @Override
    public void gatherAttention(Buf q, Buf k, Buf v, Buf nbr, Buf bias, Buf out, int heads, int frames, int t, int d,
                                int mNbr, float scale) {
        int tokens = frames * t;
        float[] fq = f(q, heads * tokens * d, "q"), fk = f(k, heads * tokens * d, "k"), fv = f(v, heads * tokens * d, "v"),
                fb = f(bias, tokens * mNbr, "bias"), fo = f(out, heads * tokens * d, "out");
        int[] nb = i(nbr, tokens * mNbr, "nbr");
        int qBlocks = (t + TiledAttention.BQ - 1) / TiledAttention.BQ;
        range.run(heads * frames * qBlocks, (from, to) -> {
            TiledAttention.Block blk = block(d);
            for (int task = from; task < to; task++) {
                int head = task / (frames * qBlocks), f = (task / qBlocks) % frames, i0 = (task % qBlocks) * TiledAttention.BQ;
                int rows = Math.min(TiledAttention.BQ, t - i0);
                blk.reset(rows);
                int hb = head * tokens, qOff = (hb + f * t + i0) * d;
                TiledAttention.attend(blk, fq, qOff, fk, fv, hb * d, f * t, f * t + t, scale);
                for (int i = 0; i < rows; i++) {
                    int tok = f * t + i0 + i;
                    for (int j = 0; j < mNbr; j++) {
                        int key = nb[tok * mNbr + j];
                        if (key >= 0) {
                            TiledAttention.attendOne(blk, i, fq, qOff + i * d, fk, fv, (hb + key) * d, scale,
                                    fb[tok * mNbr + j]);
                        }
                    }
                }
                TiledAttention.finish(blk, fo, qOff);
            }
        });
    }

    @Override
    public void slimScores(Buf pool, Buf query, Buf score, int nPool, int s, int c) {
        float[] fp = f(pool, nPool * c, "pool"), fq = f(query, s * c, "query"), fs = f(score, nPool, "score");
        int blockRows = Math.max(1, Math.min(nPool, (1 << 20) / Math.max(1, s)));
        float[] chunk = new float[blockRows * c], prod = new float[blockRows * s];
        for (int r0 = 0; r0 < nPool; r0 += blockRows) {
            int rows = Math.min(blockRows, nPool - r0);
            float[] a = rows == blockRows ? chunk : new float[rows * c];
            float[] p = rows == blockRows ? prod : new float[rows * s];
            System.arraycopy(fp, r0 * c, a, 0, rows * c);
            OpenBlas.sgemm(a, fq, p, rows, s, c, 1f, 0f, false, true);
            int base = r0;
            range.run(rows, 64, (from, to) -> {
                for (int r = from; r < to; r++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < s; j++) {
                        best = Math.max(best, p[r * s + j]);
                    }
                    fs[base + r] = best;
                }
            });
        }
    }

    @Override
    public void gatherRows(Buf src, Buf idx, Buf dst, int rows, int c) {
        float[] fs = ((CpuBuf) src.require(c, false, "src")).f, fd = f(dst, rows * c, "dst");
        int[] ix = i(idx, rows, "idx");
        for (int r = 0; r < rows; r++) {
            if (ix[r] < 0 || (ix[r] + 1) * c > fs.length) {
                throw new IllegalArgumentException("row index " + ix[r] + " outside the source");
            }
        }
        range.run(rows, 64, (from, to) -> AttentionKernels.gatherRows(fs, ix, fd, c, from, to));
    }

    @Override
    public void normalizeRows(Buf x, Buf out, int rows, int c) {
        float[] fx = f(x, rows * c, "x"), fo = f(out, rows * c, "out");
        range.run(rows, 64, (from, to) -> KeyframeKernels.normalizeRows(fx, fo, c, from, to));
    }

    @Override
    public void cosineNearest(Buf a, Buf b, Buf argmax, Buf max, int na, int nb, int c) {
        float[] fa = f(a, na * c, "a"), fb = f(b, nb * c, "b"), fm = f(max, na, "max");
        int[] am = i(argmax, na, "argmax");
        float[] an = new float[na * c], bn = new float[nb * c];
        range.run(na, 64, (from, to) -> KeyframeKernels.normalizeRows(fa, an, c, from, to));
        range.run(nb, 64, (from, to) -> KeyframeKernels.normalizeRows(fb, bn, c, from, to));
        int blockRows = Math.max(1, Math.min(na, (1 << 20) / Math.max(1, nb)));
        float[] chunk = new float[blockRows * c], prod = new float[blockRows * nb];
        for (int r0 = 0; r0 < na; r0 += blockRows) {
            int rows = Math.min(blockRows, na - r0);
            float[] ac = rows == blockRows ? chunk : new float[rows * c];
            float[] p = rows == blockRows ? prod : new float[rows * nb];
            System.arraycopy(an, r0 * c, ac, 0, rows * c);
            OpenBlas.sgemm(ac, bn, p, rows, nb, c, 1f, 0f, false, true);
            int base = r0;
            range.run(rows, 64, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int best = 0;
                    for (int j = 1; j < nb; j++) {
                        if (p[r * nb + j] > p[r * nb + best]) {
                            best = j;
                        }
                    }
                    am[base + r] = best;
                    fm[base + r] = p[r * nb + best];
                }
            });
        }
    }

    @Override
    public void topK(Buf x, Buf idx, Buf val, int rows, int n, int k) {
        if (k > n) {
            throw new IllegalArgumentException("k = " + k + " > n = " + n);
        }
        float[] fx = f(x, rows * n, "x"), fv = f(val, rows * k, "val");
        int[] ix = i(idx, rows * k, "idx");
        if (k <= 32) {
            range.run(rows, 4, (from, to) -> KeyframeKernels.topK(fx, ix, fv, n, k, from, to));
        } else {
            range.run(rows, (from, to) -> {
                for (int r = from; r < to; r++) {
                    TopKSort.row(fx, r * n, n, k, ix, fv, r * k);
                }
            });
        }
    }

    @Override
    public int[] kCenterGreedy(Buf x, int n, int c, int k, int first) {
        float[] fx = f(x, n * c, "x");
        float[] minDist = new float[n];
        Arrays.fill(minDist, Float.POSITIVE_INFINITY);
        int[] picks = new int[Math.min(k, n)];
        int center = first;
        for (int p = 0; p < picks.length; p++) {
            picks[p] = center;
            int cc = center;
            range.run(n, 256, (from, to) -> KeyframeKernels.kCenterUpdate(fx, minDist, cc, c, from, to));
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (minDist[i] > minDist[best]) {
                    best = i;
                }
            }
            center = best;
        }
        return picks;
    }

    @Override
    public void close() {
        // arrays are garbage collected
    }

    @Override
    public void waveform(Buf rgb, Buf out, int w, int h) {
        int[] px = i(rgb, w * h, "rgb"), o = i(out, w * ScopeKernels.LEVELS, "out");
        range.run(w, 16, (from, to) -> ScopeKernels.waveform(px, w, h, o, from, to));
    }

    @Override
    public void parade(Buf rgb, Buf out, int w, int h) {
        int[] px = i(rgb, w * h, "rgb"), o = i(out, 3 * w * ScopeKernels.LEVELS, "out");
        range.run(3 * w, 16, (from, to) -> ScopeKernels.parade(px, w, h, o, from, to));
    }

    @Override
    public void histogram(Buf rgb, Buf out, int w, int h) {
        int[] px = i(rgb, w * h, "rgb"), o = i(out, 4 * ScopeKernels.LEVELS, "out");
        int chunks = (h + SCOPE_ROWS_PER_CHUNK - 1) / SCOPE_ROWS_PER_CHUNK, n = 4 * ScopeKernels.LEVELS;
        int[] partial = new int[chunks * n];
        range.run(chunks, 1, (from, to) -> ScopeKernels.histogramPartial(px, w, h, SCOPE_ROWS_PER_CHUNK, partial, from, to));
        range.run(n, 64, (from, to) -> ScopeKernels.sumPartials(partial, chunks, n, o, from, to));
    }

    @Override
    public void vectorscope(Buf rgb, Buf out, int w, int h, int size) {
        int n = size * size;
        int[] px = i(rgb, w * h, "rgb"), o = i(out, n, "out");
        int chunks = (h + SCOPE_ROWS_PER_CHUNK - 1) / SCOPE_ROWS_PER_CHUNK;
        int[] partial = new int[chunks * n];
        range.run(chunks, 1, (from, to) -> ScopeKernels.vectorscopePartial(px, w, h, SCOPE_ROWS_PER_CHUNK, size, partial, from, to));
        range.run(n, 256, (from, to) -> ScopeKernels.sumPartials(partial, chunks, n, o, from, to));
    }
}
