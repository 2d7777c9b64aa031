package dev.flowsmith.kernels.opencl;

import dev.flowsmith.kernels.ConvKernels;
import dev.flowsmith.kernels.ResampleKernels;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.Plan;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Plan} of the {@link OpenClBackend}: every {@link Buf} is a device buffer; operations are
 * enqueued in order and run asynchronously until a {@link #read} (blocking) or {@link #finish()}.
 */
final class OpenClPlan implements Plan {
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final List<ClBuf> owned = new ArrayList<>();

    OpenClPlan(cl_context context, cl_command_queue queue, cl_program program) {
        this.context = context;
        this.queue = queue;
        this.program = program;
    }

    static final class ClBuf extends Buf {
        final cl_mem mem;
        boolean released;

        ClBuf(cl_mem mem, int length, boolean ints) {
            super(length, ints);
            this.mem = mem;
        }
    }

    private ClBuf create(int length, boolean ints, Pointer init) {
        long bytes = (long) Math.max(1, length) * (ints ? Sizeof.cl_int : Sizeof.cl_float);
        long flags = CL.CL_MEM_READ_WRITE | (init != null ? CL.CL_MEM_COPY_HOST_PTR : 0);
        ClBuf b = new ClBuf(CL.clCreateBuffer(context, flags, bytes, init, null), length, ints);
        owned.add(b);
        return b;
    }

    private static cl_mem m(Buf b, long n, boolean ints, String what) {
        return ((ClBuf) b.require((int) n, ints, what)).mem;
    }

    private static cl_mem f(Buf b, long n, String what) {
        return m(b, n, false, what);
    }

    private static cl_mem i(Buf b, long n, String what) {
        return m(b, n, true, what);
    }

    @Override
    public Buf floats(float[] data) {
        return create(data.length, false, data.length == 0 ? null : Pointer.to(data));
    }

    @Override
    public Buf floats(int length) {
        ClBuf b = create(length, false, null);
        CL.clEnqueueFillBuffer(queue, b.mem, Pointer.to(new float[]{0f}), Sizeof.cl_float, 0,
                (long) Math.max(1, length) * Sizeof.cl_float, 0, null, null);
        return b;
    }

    @Override
    public Buf ints(int[] data) {
        return create(data.length, true, data.length == 0 ? null : Pointer.to(data));
    }

    @Override
    public Buf ints(int length) {
        ClBuf b = create(length, true, null);
        CL.clEnqueueFillBuffer(queue, b.mem, Pointer.to(new int[]{0}), Sizeof.cl_int, 0,
                (long) Math.max(1, length) * Sizeof.cl_int, 0, null, null);
        return b;
    }

    @Override
    public void read(Buf b, float[] dst) {
        CL.clEnqueueReadBuffer(queue, f(b, dst.length, "read"), CL.CL_TRUE, 0, (long) dst.length * Sizeof.cl_float,
                Pointer.to(dst), 0, null, null);
    }

    @Override
    public void write(Buf b, float[] src) {
        if (src.length > 0) { // blocking: the array may change as soon as this returns
            CL.clEnqueueWriteBuffer(queue, f(b, src.length, "write"), CL.CL_TRUE, 0, (long) src.length * Sizeof.cl_float,
                    Pointer.to(src), 0, null, null);
        }
    }

    @Override
    public void write(Buf b, int[] src) {
        if (src.length > 0) {
            CL.clEnqueueWriteBuffer(queue, i(b, src.length, "write"), CL.CL_TRUE, 0, (long) src.length * Sizeof.cl_int,
                    Pointer.to(src), 0, null, null);
        }
    }

    @Override
    public void read(Buf b, int[] dst) {
        CL.clEnqueueReadBuffer(queue, i(b, dst.length, "read"), CL.CL_TRUE, 0, (long) dst.length * Sizeof.cl_int,
                Pointer.to(dst), 0, null, null);
    }

    @Override
    public void finish() {
        CL.clFinish(queue);
    }

    /** Enqueues kernel {@code name} over a 1-D range of {@code n} work-items. */
    private void run(String name, long n, Object... args) {
        run(name, new long[]{n}, args);
    }

    private void run(String name, long[] global, Object... args) {
        for (long g : global) {
            if (g <= 0) {
                return;
            }
        }
        cl_kernel k = kernels.computeIfAbsent(name, nm -> CL.clCreateKernel(program, nm, null));
        for (int a = 0; a < args.length; a++) {
            Object o = args[a];
            if (o instanceof cl_mem) {
                CL.clSetKernelArg(k, a, Sizeof.cl_mem, Pointer.to((cl_mem) o));
            } else if (o instanceof Integer) {
                CL.clSetKernelArg(k, a, Sizeof.cl_int, Pointer.to(new int[]{(Integer) o}));
            } else if (o instanceof Float) {
                CL.clSetKernelArg(k, a, Sizeof.cl_float, Pointer.to(new float[]{(Float) o}));
            } else {
                throw new IllegalArgumentException("kernel argument " + a + " of " + name + ": " + o);
            }
        }
        CL.clEnqueueNDRangeKernel(queue, k, global.length, null, global, null, 0, null, null);
    }

    private ClBuf temp(long n) {
        return create((int) n, false, null);
    }

    @Override
    public void free(Buf b) {
        if (b instanceof ClBuf c) {
            release(c);
        }
    }

    private void release(ClBuf b) {
        if (!b.released) {
            CL.clReleaseMemObject(b.mem); // deferred by OpenCL until queued kernels are done with it
            b.released = true;
            owned.remove(b);
        }
    }

    private void copy(cl_mem src, cl_mem dst, long n) {
        if (n > 0) {
            CL.clEnqueueCopyBuffer(queue, src, dst, 0, 0, n * Sizeof.cl_float, 0, null, null);
        }
    }

    @Override
    public void sgemm(Buf a, Buf b, Buf c, int m, int n, int k, float alpha, float beta, boolean transA, boolean transB) {
        cl_mem ma = f(a, (long) m * k, "A"), mb = f(b, (long) k * n, "B"), mc = f(c, (long) m * n, "C");
        ClBuf ta = null, tb = null;
        if (transA) { // stored [k][m] -> [m][k]
            ta = temp((long) m * k);
            run("transpose", new long[]{m, k, 1}, ma, ta.mem, k, m);
            ma = ta.mem;
        }
        if (transB) { // stored [n][k] -> [k][n]
            tb = temp((long) k * n);
            run("transpose", new long[]{k, n, 1}, mb, tb.mem, n, k);
            mb = tb.mem;
        }
        run("sgemm_nn", new long[]{(n + 7) / 8, (m + 3) / 4}, ma, mb, mc, m, n, k, alpha, beta);
        if (ta != null) {
            release(ta);
        }
        if (tb != null) {
            release(tb);
        }
    }

    @Override
    public void sgemmBatched(Buf a, Buf b, Buf c, int batch, int m, int n, int k, float alpha, float beta,
                             boolean transA, boolean transB) {
        cl_mem ma = f(a, (long) batch * m * k, "A"), mb = f(b, (long) batch * k * n, "B"), mc = f(c, (long) batch * m * n, "C");
        ClBuf ta = null, tb = null;
        if (transA) {
            ta = temp((long) batch * m * k);
            run("transpose", new long[]{m, k, batch}, ma, ta.mem, k, m);
            ma = ta.mem;
        }
        if (transB) {
            tb = temp((long) batch * k * n);
            run("transpose", new long[]{k, n, batch}, mb, tb.mem, n, k);
            mb = tb.mem;
        }
        run("sgemm_batched_nn", (long) batch * m, ma, mb, mc, batch, m, n, k, alpha, beta);
        if (ta != null) {
            release(ta);
        }
        if (tb != null) {
            release(tb);
        }
    }

    @Override
    public void gelu(Buf x, Buf out, int n) {
        run("gelu", n, f(x, n, "x"), f(out, n, "out"));
    }

    @Override
    public void geluTanh(Buf x, Buf out, int n) {
        run("gelu_tanh", n, f(x, n, "x"), f(out, n, "out"));
    }

    @Override
    public void swapAxes(Buf in, Buf out, int batch, int a, int b, int c) {
        long n = (long) batch * a * b * c;
        run("swap_axes", n, f(in, n, "in"), f(out, n, "out"), a, b, c);
    }

    @Override
    public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        if (srcOff < 0 || dstOff < 0 || n < 0) {
            throw new IllegalArgumentException("copy of " + n + " values from " + srcOff + " to " + dstOff);
        }
        run("copy_range", n, f(src, (long) srcOff + n, "src"), srcOff, f(dst, (long) dstOff + n, "dst"), dstOff);
    }

    @Override
    public void addScaledColumns(Buf x, Buf y, Buf gate, int rows, int cols) {
        long n = (long) rows * cols;
        run("add_scaled_columns", n, f(x, n, "x"), f(y, n, "y"), f(gate, cols, "gate"), cols);
    }

    @Override
    public void silu(Buf x, Buf out, int n) {
        run("silu", n, f(x, n, "x"), f(out, n, "out"));
    }

    @Override
    public void geglu(Buf x, Buf out, int rows, int inner) {
        long n = (long) rows * inner;
        run("geglu", n, f(x, 2 * n, "x"), f(out, n, "out"), inner);
    }

    @Override
    public void softmaxRows(Buf x, Buf out, int rows, int cols) {
        run("softmax_rows", rows, f(x, (long) rows * cols, "x"), f(out, (long) rows * cols, "out"), cols);
    }

    @Override
    public void layerNorm(Buf x, Buf gamma, Buf beta, Buf out, int rows, int cols, float eps) {
        run("layer_norm", rows, f(x, (long) rows * cols, "x"), f(gamma, cols, "gamma"), f(beta, cols, "beta"),
                f(out, (long) rows * cols, "out"), cols, eps);
    }

    @Override
    public void groupNorm(Buf x, Buf gamma, Buf beta, Buf out, int n, int c, int hw, int groups, float eps) {
        if (c % groups != 0) {
            throw new IllegalArgumentException(c + " channels do not split into " + groups + " groups");
        }
        run("group_norm", (long) n * groups, f(x, (long) n * c * hw, "x"), f(gamma, c, "gamma"), f(beta, c, "beta"),
                f(out, (long) n * c * hw, "out"), c, hw, groups, eps);
    }

    @Override
    public void conv2d(Buf in, Buf w, Buf bias, Buf out, int n, int cin, int h, int wd, int cout, int kh, int kw,
                       int stride, int pad) {
        int oh = ConvKernels.outSize(h, kh, stride, pad), ow = ConvKernels.outSize(wd, kw, stride, pad);
        run("conv2d", (long) n * cout * oh, f(in, (long) n * cin * h * wd, "in"), f(w, (long) cout * cin * kh * kw, "w"),
                f(bias, cout, "bias"), f(out, (long) n * cout * oh * ow, "out"), cin, h, wd, cout, kh, kw, stride, pad, oh, ow);
    }

    @Override
    public void nearest(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        run("resample_nearest", (long) planes * oh, f(in, (long) planes * h * w, "in"), f(out, (long) planes * oh * ow, "out"),
                h, w, oh, ow);
    }

    @Override
    public void bilinear(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        run("resample_bilinear", (long) planes * oh, f(in, (long) planes * h * w, "in"), f(out, (long) planes * oh * ow, "out"),
                h, w, oh, ow);
    }

    @Override
    public void area(Buf in, Buf out, int planes, int h, int w, int factor) {
        int oh = (h + factor - 1) / factor, ow = (w + factor - 1) / factor;
        run("resample_area", (long) planes * oh, f(in, (long) planes * h * w, "in"), f(out, (long) planes * oh * ow, "out"),
                h, w, factor, oh, ow);
    }

    @Override
    public void bicubic(Buf in, Buf out, int planes, int h, int w, int oh, int ow) {
        ClBuf tmp = temp((long) planes * h * ow);
        run("bicubic_rows", (long) planes * h, f(in, (long) planes * h * w, "in"), tmp.mem, w, ow);
        run("bicubic_columns", (long) planes * oh, tmp.mem, f(out, (long) planes * oh * ow, "out"), h, ow, oh);
        release(tmp);
    }

    @Override
    public void gaussianBlur(Buf in, Buf out, int planes, int h, int w, float sigma) {
        float[] taps = ResampleKernels.gaussianTaps(sigma);
        ClBuf t = (ClBuf) floats(taps), tmp = temp((long) planes * h * w);
        run("convolve_rows", (long) planes * h, f(in, (long) planes * h * w, "in"), t.mem, tmp.mem, w, taps.length);
        run("convolve_columns", (long) planes * h, tmp.mem, t.mem, f(out, (long) planes * h * w, "out"), h, w, taps.length);
        release(tmp);
        release(t);
    }

    @Override
    public void warpBilinear(Buf img, Buf flow, Buf out, int planes, int h, int w, int border) {
        run("warp_bilinear", (long) planes * h * w, f(img, (long) planes * h * w, "img"), f(flow, 2L * h * w, "flow"),
                f(out, (long) planes * h * w, "out"), h, w, border);
    }

    @Override
    public void forwardBackwardCheck(Buf fwd, Buf bwd, Buf occ, Buf conf, int h, int w, float alpha1, float alpha2) {
        run("fb_check", h, f(fwd, 2L * h * w, "fwd"), f(bwd, 2L * h * w, "bwd"), f(occ, (long) h * w, "occ"),
                f(conf, (long) h * w, "conf"), h, w, alpha1, alpha2);
    }

    @Override
    public void resizeFlow(Buf flow, Buf out, int h, int w, int oh, int ow) {
        run("resize_flow", oh, f(flow, 2L * h * w, "flow"), f(out, 2L * oh * ow, "out"), h, w, oh, ow);
    }

    @Override
    public void haarForward(Buf in, Buf out, int planes, int h, int w, int levels) {
        dev.flowsmith.kernels.backend.Wavelets.checkLevels(h, w, levels);
        long n = (long) planes * h * w;
        cl_mem mi = f(in, n, "in"), mo = f(out, n, "out");
        copy(mi, mo, n);
        ClBuf tmp = temp(n);
        for (int l = 0; l < levels; l++) {
            copy(mo, tmp.mem, n);
            run("haar_forward_level", (long) planes * (h >> l) / 2, tmp.mem, mo, h, w, h >> l, w >> l);
        }
        release(tmp);
    }

    @Override
    public void haarInverse(Buf in, Buf out, int planes, int h, int w, int levels) {
        dev.flowsmith.kernels.backend.Wavelets.checkLevels(h, w, levels);
        long n = (long) planes * h * w;
        cl_mem mi = f(in, n, "in"), mo = f(out, n, "out");
        copy(mi, mo, n);
        ClBuf tmp = temp(n);
        for (int l = levels - 1; l >= 0; l--) {
            copy(mo, tmp.mem, n);
            run("haar_inverse_level", (long) planes * (h >> l) / 2, tmp.mem, mo, h, w, h >> l, w >> l);
        }
        release(tmp);
    }

    @Override
    public void projectLowBand(Buf in, Buf out, int planes, int h, int w, int levels) {
        int block = 1 << levels, bh = (h + block - 1) / block;
        run("project_low_band", (long) planes * bh, f(in, (long) planes * h * w, "in"), f(out, (long) planes * h * w, "out"),
                h, w, block);
    }

    private static void checkHeadDim(int d) {
        if (d > 256) {
            throw new IllegalArgumentException("OpenCL attention supports head sizes up to 256, got " + d);
        }
    }

    @Override
    public void attention(Buf q, Buf k, Buf v, Buf out, int heads, int n, int m, int d, float scale) {
        checkHeadDim(d);
        run("attention_dense", (long) heads * n, f(q, (long) heads * n * d, "q"), f(k, (long) heads * m * d, "k"),
                f(v, (long) heads * m * d, "v"), f(out, (long) heads * n * d, "out"), n, m, d, scale);
    }

    @Override
    public void gatherAttention(Buf q, Buf k, Buf v, Buf nbr, Buf bias, Buf out, int heads, int frames, int t, int d,
                                int mNbr, float scale) {
        checkHeadDim(d);
        long tokens = (long) frames * t;
        run("attention_gather", heads * tokens, f(q, heads * tokens * d, "q"), f(k, heads * tokens * d, "k"),
                f(v, heads * tokens * d, "v"), i(nbr, tokens * mNbr, "nbr"), f(bias, tokens * mNbr, "bias"),
                f(out, heads * tokens * d, "out"), frames, t, d, mNbr, scale);
    }

    @Override
    public void slimScores(Buf pool, Buf query, Buf score, int nPool, int s, int c) {
        run("slim_scores", nPool, f(pool, (long) nPool * c, "pool"), f(query, (long) s * c, "query"), f(score, nPool, "score"),
                s, c);
    }

    @Override
    public void gatherRows(Buf src, Buf idx, Buf dst, int rows, int c) {
        int[] check = new int[rows];
        read(idx, check);
        for (int r : check) {
            if (r < 0 || (long) (r + 1) * c > src.length()) {
                throw new IllegalArgumentException("row index " + r + " outside the source");
            }
        }
        run("gather_rows", rows, f(src, c, "src"), i(idx, rows, "idx"), f(dst, (long) rows * c, "dst"), c);
    }

    @Override
    public void normalizeRows(Buf x, Buf out, int rows, int c) {
        run("normalize_rows", rows, f(x, (long) rows * c, "x"), f(out, (long) rows * c, "out"), c);
    }

    @Override
    public void cosineNearest(Buf a, Buf b, Buf argmax, Buf max, int na, int nb, int c) {
        run("cosine_nearest", na, f(a, (long) na * c, "a"), f(b, (long) nb * c, "b"), i(argmax, na, "argmax"),
                f(max, na, "max"), nb, c);
    }

    @Override
    public void topK(Buf x, Buf idx, Buf val, int rows, int n, int k) {
        if (k > n) {
            throw new IllegalArgumentException("k = " + k + " > n = " + n);
        }
        run("top_k", rows, f(x, (long) rows * n, "x"), i(idx, (long) rows * k, "idx"), f(val, (long) rows * k, "val"), n, k);
    }

    @Override
    public int[] kCenterGreedy(Buf x, int n, int c, int k, int first) {
        float[] minDist = new float[n];
        Arrays.fill(minDist, Float.POSITIVE_INFINITY);
        ClBuf md = (ClBuf) floats(minDist);
        int[] picks = new int[Math.min(k, n)];
        int center = first;
        cl_mem mx = f(x, (long) n * c, "x");
        for (int p = 0; p < picks.length; p++) {
            picks[p] = center;
            run("k_center_update", n, mx, md.mem, center, c);
            read(md, minDist);
            int best = 0;
            for (int i2 = 1; i2 < n; i2++) {
                if (minDist[i2] > minDist[best]) {
                    best = i2;
                }
            }
            center = best;
        }
        release(md);
        return picks;
    }

    @Override
    public void close() {
        finish();
        for (ClBuf b : new ArrayList<>(owned)) {
            release(b);
        }
        for (cl_kernel k : kernels.values()) {
            CL.clReleaseKernel(k);
        }
        kernels.clear();
    }

    @Override
    public void waveform(Buf rgb, Buf out, int w, int h) {
        run("scope_waveform", w, i(rgb, (long) w * h, "rgb"), i(out, (long) w * 256, "out"), w, h);
    }

    @Override
    public void parade(Buf rgb, Buf out, int w, int h) {
        run("scope_parade", 3L * w, i(rgb, (long) w * h, "rgb"), i(out, 3L * w * 256, "out"), w, h);
    }

    @Override
    public void histogram(Buf rgb, Buf out, int w, int h) {
        int chunks = (h + SCOPE_ROWS_PER_CHUNK - 1) / SCOPE_ROWS_PER_CHUNK, n = 4 * 256;
        ClBuf partial = create(chunks * n, true, null);
        run("scope_histogram_partial", chunks, i(rgb, (long) w * h, "rgb"), w, h, SCOPE_ROWS_PER_CHUNK, partial.mem);
        run("scope_sum_partials", n, partial.mem, chunks, n, i(out, n, "out"));
        release(partial);
    }

    @Override
    public void vectorscope(Buf rgb, Buf out, int w, int h, int size) {
        int chunks = (h + SCOPE_ROWS_PER_CHUNK - 1) / SCOPE_ROWS_PER_CHUNK, n = size * size;
        ClBuf partial = create(chunks * n, true, null);
        run("scope_vectorscope_partial", chunks, i(rgb, (long) w * h, "rgb"), w, h, SCOPE_ROWS_PER_CHUNK, size, partial.mem);
        run("scope_sum_partials", n, partial.mem, chunks, n, i(out, n, "out"));
        release(partial);
    }
}
