package dev.flowsmith.diffusion.nn;

import dev.flowsmith.kernels.ActivationKernels;
import dev.flowsmith.kernels.AttentionKernels;
import dev.flowsmith.kernels.GemmKernels;
import dev.flowsmith.kernels.NormKernels;
import dev.flowsmith.kernels.backend.OpenBlas;
import dev.flowsmith.kernels.backend.VectorMath;

/**
 * The layer arithmetic of the transformer on flat row-major arrays, written once over the
 * gpu-kernels Java kernels (the CPU reference every backend is checked against).
 */
public final class Ops {
    private Ops() {
    }

    private static volatile boolean blas;

    /** Matrix products go to OpenBLAS on all cores (checked against the Java GEMM kernel by the backend tests). */
    private static void ensureBlas() {
        if (!blas) {
            synchronized (Ops.class) {
                if (!blas) {
                    OpenBlas.init(Runtime.getRuntime().availableProcessors());
                    blas = true;
                }
            }
        }
    }

    /** {@code y[rows][out] = x[rows][in] . w[out][in]^T + b} (torch Linear layout). */
    public static float[] linear(float[] x, int rows, int in, float[] w, float[] b, int out) {
        float[] y = new float[rows * out];
        if ((long) rows * out * in < 4096) {
            GemmKernels.sgemm(x, w, y, rows, out, in, 1f, 0f, false, true, 0, rows);
        } else {
            ensureBlas();
            OpenBlas.sgemm(x, w, y, rows, out, in, 1f, 0f, false, true);
        }
        if (b != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += b[j];
                }
            }
        }
        return y;
    }

    /** 2-D convolution of one image [cin][h][w] (NCHW, ConvKernels semantics): im2col + OpenBLAS on all cores. */
    public static float[] conv2d(float[] x, float[] w, float[] bias, int cin, int h, int wd, int cout, int k, int stride, int pad) {
        ensureBlas();
        int oh = dev.flowsmith.kernels.ConvKernels.outSize(h, k, stride, pad), ow = dev.flowsmith.kernels.ConvKernels.outSize(wd, k, stride, pad);
        float[] y = new float[cout * oh * ow];
        dev.flowsmith.kernels.backend.BlasConv.conv2d(pool(), x, w, bias, y, 1, cin, h, wd, cout, k, k, stride, pad);
        return y;
    }

    /** Group norm of one image [c][hw] with affine gamma/beta per channel, groups on all cores. */
    public static float[] groupNorm(float[] x, float[] gamma, float[] beta, int c, int hw, int groups, float eps) {
        float[] y = new float[x.length];
        pool().run(groups, 1, (from, to) -> NormKernels.groupNorm(x, gamma, beta, y, c, hw, groups, eps, from, to));
        return y;
    }

    /** Layer norm over the last dimension without affine parameters. */
    public static float[] layerNorm(float[] x, int rows, int cols, float eps) {
        float[] ones = new float[cols], zeros = new float[cols], y = new float[x.length];
        java.util.Arrays.fill(ones, 1f);
        pool().run(rows, 16, (from, to) -> VectorMath.layerNorm(x, ones, zeros, y, cols, eps, from, to));
        return y;
    }

    /** {@code x * (1 + scale) + shift}, scale and shift per column. */
    public static void modulate(float[] x, int rows, int cols, float[] shift, int shiftOff, float[] scale, int scaleOff) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                x[i] = x[i] * (1 + scale[scaleOff + j]) + shift[shiftOff + j];
            }
        }
    }

    /** {@code x += gate * y}, gate per column. */
    public static void gatedAdd(float[] x, float[] y, int rows, int cols, float[] gate, int gateOff) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                x[r * cols + j] += gate[gateOff + j] * y[r * cols + j];
            }
        }
    }

    public static float[] silu(float[] x) {
        float[] y = new float[x.length];
        pool().run(x.length, 8192, (from, to) -> ActivationKernels.silu(x, y, from, to));
        return y;
    }

    /** The exact GELU, {@code x * Phi(x)} (erf), as torch's default and diffusers' GEGLU use. */
    public static float[] gelu(float[] x) {
        float[] y = new float[x.length];
        pool().run(x.length, 8192, (from, to) -> ActivationKernels.gelu(x, y, from, to));
        return y;
    }

    public static float[] geluTanh(float[] x) {
        float[] y = new float[x.length];
        pool().run(x.length, 8192, (from, to) -> VectorMath.geluTanh(x, y, from, to));
        return y;
    }

    /**
     * Multi-head self-attention on q, k, v of shape [n][heads*d] (torch's view + transpose), scale
     * 1/sqrt(d); returns [n][heads*d].
     */
    public static float[] selfAttention(float[] q, float[] k, float[] v, int n, int heads, int d) {
        return attention(q, k, v, 1, n, heads, d, null, null, 0);
    }

    /**
     * Multi-head attention of n queries to m keys (cross-attention to text, or self-attention extended to other
     * frames' keys): q [n][heads*d], k and v [m][heads*d]; returns [n][heads*d]. Equal lengths go to the
     * self-attention path; otherwise each head is two OpenBLAS products around a row softmax.
     */
    public static float[] attention(float[] q, float[] k, float[] v, int n, int m, int heads, int d) {
        if (n == m) {
            return selfAttention(q, k, v, n, heads, d);
        }
        float[] qh = splitHeads(q, n, heads, d), kh = splitHeads(k, m, heads, d), vh = splitHeads(v, m, heads, d);
        float[] oh = new float[qh.length];
        float scale = (float) (1 / Math.sqrt(d));
        if ((long) n * m * d < 4096) {
            AttentionKernels.dense(qh, kh, vh, oh, n, m, d, scale, 0, heads * n);
        } else {
            ensureBlas();
            float[] qa = new float[n * d], ka = new float[m * d], va = new float[m * d], sc = new float[n * m], o = new float[n * d];
            for (int h = 0; h < heads; h++) {
                System.arraycopy(qh, h * n * d, qa, 0, n * d);
                System.arraycopy(kh, h * m * d, ka, 0, m * d);
                System.arraycopy(vh, h * m * d, va, 0, m * d);
                OpenBlas.sgemm(qa, ka, sc, n, m, d, scale, 0f, false, true);
                pool().run(n, 64, (from, to) -> VectorMath.softmaxRows(sc, sc, m, from, to));
                OpenBlas.sgemm(sc, va, o, n, d, m, 1f, 0f, false, false);
                System.arraycopy(o, 0, oh, h * n * d, n * d);
            }
        }
        float[] out = new float[q.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(oh, (h * n + i) * d, out, i * heads * d + h * d, d);
            }
        }
        return out;
    }

    /** Self-attention within each of {@code frames} consecutive groups of n tokens (rows [frames*n][heads*d]). */
    public static float[] framewiseAttention(float[] q, float[] k, float[] v, int frames, int n, int heads, int d) {
        return attention(q, k, v, frames, n, heads, d, null, null, 0);
    }

    private static volatile dev.flowsmith.kernels.backend.ParallelRange pool;

    private static dev.flowsmith.kernels.backend.ParallelRange pool() {
        if (pool == null) {
            synchronized (Ops.class) {
                if (pool == null) {
                    pool = new dev.flowsmith.kernels.backend.ParallelRange(Runtime.getRuntime().availableProcessors());
                }
            }
        }
        return pool;
    }

    /**
     * DiTVR trajectory-aware attention over a window: token (f, i) attends to the n tokens of its own
     * frame plus {@code m} neighbour tokens {@code nbr[(f*n+i)*m + j]} (global index, -1 = masked) with
     * logit bias {@code bias}; the gather-attention kernel of gpu-kernels, one query row per index,
     * on all cores. Rows [frames*n][heads*d] in and out.
     */
    public static float[] trajectoryAttention(float[] q, float[] k, float[] v, int frames, int n, int heads, int d,
                                              int[] nbr, float[] bias, int m) {
        return attention(q, k, v, frames, n, heads, d, nbr, bias, m);
    }

    /** Scratch of one attention task: one (head, frame) block at a time. */
    private static final class Scratch {
        final float[] qa, ka, va, sc, o, ns;

        private static final ThreadLocal<Scratch> CACHE = new ThreadLocal<>();
        private final int n, d, m;

        /** This thread's scratch for these sizes (kept: a window forward asks for it 28 x 16 times). */
        static Scratch of(int n, int d, int m) {
            Scratch s = CACHE.get();
            if (s == null || s.n != n || s.d != d || s.m < m) {
                s = new Scratch(n, d, m);
                CACHE.set(s);
            }
            return s;
        }

        Scratch(int n, int d, int m) {
            this.n = n;
            this.d = d;
            this.m = m;
            qa = new float[n * d];
            ka = new float[n * d];
            va = new float[n * d];
            sc = new float[n * n];
            o = new float[n * d];
            ns = new float[Math.max(1, n * m)];
        }
    }

    /**
     * Attention of every frame's tokens to their own frame and, with {@code nbr}, to their trajectory
     * neighbours. Large blocks: the (head, frame) blocks run in parallel on the pool, each with its
     * own-frame products on single-threaded OpenBLAS (many small GEMMs in parallel scale with the cores;
     * one multi-threaded GEMM of 256 x 256 x 72 does not), the neighbour logits, the joint softmax and
     * the neighbours' values in Java (Vector API). Small ones: the gpu-kernels kernels.
     */
    private static float[] attention(float[] q, float[] k, float[] v, int frames, int n, int heads, int d, int[] nbr,
                                     float[] bias, int m) {
        int tokens = frames * n;
        float[] qh = splitHeads(q, tokens, heads, d), kh = splitHeads(k, tokens, heads, d), vh = splitHeads(v, tokens, heads, d);
        float[] oh = new float[qh.length];
        float scale = (float) (1 / Math.sqrt(d));
        if ((long) n * n * d < 4096) {
            if (nbr != null) {
                pool().run(heads * tokens, 16, (from, to) -> AttentionKernels.gather(qh, kh, vh, nbr, bias, oh, frames, n, d, m, scale, from, to));
            } else {
                // each (head, frame) block is a "head" of n queries and n keys for the dense kernel
                AttentionKernels.dense(qh, kh, vh, oh, n, n, d, scale, 0, heads * tokens);
            }
        } else {
            ensureBlas();
            int threads = pool().threads();
            if (threads > 1) {
                OpenBlas.init(1);
            }
            try {
                pool().run(heads * frames, 1, (from, to) -> {
                    Scratch sc = Scratch.of(n, d, nbr == null ? 0 : m);
                    for (int pair = from; pair < to; pair++) {
                        attendBlock(qh, kh, vh, oh, pair / frames, pair % frames, tokens, n, d, scale, nbr, bias, m, sc);
                    }
                });
            } finally {
                if (threads > 1) {
                    OpenBlas.init(threads);
                }
            }
        }
        float[] out = new float[q.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < tokens; i++) {
                System.arraycopy(oh, (h * tokens + i) * d, out, i * heads * d + h * d, d);
            }
        }
        return out;
    }

    /** One (head, frame) block: S = Q K^T on OpenBLAS, neighbour logits, one softmax, O = P V plus the neighbours' values. */
    private static void attendBlock(float[] qh, float[] kh, float[] vh, float[] oh, int h, int f, int tokens, int n, int d,
                                    float scale, int[] nbr, float[] bias, int m, Scratch s) {
        int hb = h * tokens, base = (hb + f * n) * d;
        System.arraycopy(qh, base, s.qa, 0, n * d);
        System.arraycopy(kh, base, s.ka, 0, n * d);
        System.arraycopy(vh, base, s.va, 0, n * d);
        OpenBlas.sgemm(s.qa, s.ka, s.sc, n, n, d, scale, 0f, false, true);
        if (nbr == null) {
            VectorMath.softmaxRows(s.sc, s.sc, n, 0, n);
        } else {
            jointSoftmax(s.qa, kh, s.sc, s.ns, nbr, bias, hb, f * n, n, m, d, scale, 0, n);
        }
        OpenBlas.sgemm(s.sc, s.va, s.o, n, d, n, 1f, 0f, false, false);
        if (nbr != null) {
            addNeighbourValues(s.o, vh, s.ns, nbr, hb, f * n, m, d, 0, n);
        }
        System.arraycopy(s.o, 0, oh, base, n * d);
    }

    /**
     * Rows [from, to) of one (head, frame): neighbour logits {@code scale q.k + bias} next to the own-frame
     * logits already in {@code sc}, one softmax over both; probabilities written back to sc and ns.
     */
    private static void jointSoftmax(float[] qa, float[] kh, float[] sc, float[] ns, int[] nbr, float[] bias, int hb, int tok0,
                                     int n, int m, int d, float scale, int from, int to) {
        for (int i = from; i < to; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, sc[i * n + j]);
            }
            int at = (tok0 + i) * m;
            for (int j = 0; j < m; j++) {
                int key = nbr[at + j];
                if (key < 0) {
                    ns[i * m + j] = Float.NEGATIVE_INFINITY;
                    continue;
                }
                float l = VectorMath.dot(qa, i * d, kh, (hb + key) * d, d) * scale + bias[at + j];
                ns[i * m + j] = l;
                max = Math.max(max, l);
            }
            double sum = VectorMath.expShifted(sc, sc, i * n, n, max);
            for (int j = 0; j < m; j++) {
                float e = ns[i * m + j] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(ns[i * m + j] - max);
                ns[i * m + j] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < n; j++) {
                sc[i * n + j] *= inv;
            }
            for (int j = 0; j < m; j++) {
                ns[i * m + j] *= inv;
            }
        }
    }

    /** {@code o_i += sum_j p_ij v_nbr(ij)} for rows [from, to) of one (head, frame). */
    private static void addNeighbourValues(float[] o, float[] vh, float[] ns, int[] nbr, int hb, int tok0, int m, int d,
                                           int from, int to) {
        for (int i = from; i < to; i++) {
            int at = (tok0 + i) * m;
            for (int j = 0; j < m; j++) {
                float p = ns[i * m + j];
                int key = nbr[at + j];
                if (key < 0 || p == 0) {
                    continue;
                }
                VectorMath.axpy(p, vh, (hb + key) * d, o, i * d, d);
            }
        }
    }

    private static float[] splitHeads(float[] x, int n, int heads, int d) {
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(x, i * heads * d + h * d, out, (h * n + i) * d, d);
            }
        }
        return out;
    }

    /**
     * Sinusoidal timestep embedding as diffusers' {@code get_timestep_embedding} with
     * {@code flip_sin_to_cos=True, downscale_freq_shift=1} (what DiT uses): [cos | sin], {@code dim} values.
     */
    public static float[] timestepEmbedding(float t, int dim) {
        return timestepEmbedding(t, dim, true, 1);
    }

    /**
     * diffusers' {@code get_timestep_embedding}: frequencies {@code exp(-ln(10000) i / (dim/2 - shift))}, [sin | cos],
     * swapped to [cos | sin] with {@code flipSinToCos} (Stable Diffusion's UNet: flip, shift 0).
     */
    public static float[] timestepEmbedding(float t, int dim, boolean flipSinToCos, int shift) {
        int half = dim / 2;
        if (!flipSinToCos) {
            float[] f = timestepEmbedding(t, dim, true, shift), out = new float[dim];
            System.arraycopy(f, half, out, 0, half);
            System.arraycopy(f, 0, out, half, half);
            return out;
        }
        float[] out = new float[dim];
        for (int i = 0; i < half; i++) {
            double freq = Math.exp(-Math.log(10000) * i / (double) (half - shift));
            double a = (float) t * (float) freq;
            out[i] = (float) Math.cos(a);
            out[half + i] = (float) Math.sin(a);
        }
        return out;
    }

    /** diffusers' 2-D sin-cos position table [grid*grid][dim] (rows: y-major tokens; first half from x). */
    public static float[] sincos2d(int dim, int grid) {
        float[] out = new float[grid * grid * dim];
        int quarter = dim / 4;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                int o = (y * grid + x) * dim;
                for (int i = 0; i < quarter; i++) {
                    double omega = 1.0 / Math.pow(10000, i / (double) quarter);
                    out[o + i] = (float) Math.sin(x * omega);
                    out[o + quarter + i] = (float) Math.cos(x * omega);
                    out[o + 2 * quarter + i] = (float) Math.sin(y * omega);
                    out[o + 3 * quarter + i] = (float) Math.cos(y * omega);
                }
            }
        }
        return out;
    }
}
