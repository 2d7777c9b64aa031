package dev.flowsmith.bench.kernels;

import com.aparapi.Kernel;
import com.aparapi.Range;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import dev.flowsmith.kernels.device.Backends;

import java.util.Locale;

/**
 * The measurement behind choosing JOCL over Aparapi for the OpenCL backend: the same three kernels
 * (sgemm, dense attention, bilinear warp) as Aparapi translates them from Java at run time and as
 * our OpenCL C sources run through JOCL, on the same OpenCL device, best of 5 after warm-up.
 * Aparapi silently falls back to Java threads on constructs it cannot translate; that is checked
 * after every run and reported as an error.
 */
public final class AparapiVsJocl {
    static final int GEMM = 512, N = 1024, D = 64, HEADS = 4, W = 1920, H = 1080;

    public static void main(String[] args) {
        System.setProperty("com.aparapi.logLevel", "SEVERE");
        float[] a = Fixtures.random(GEMM * GEMM, 1), b = Fixtures.random(GEMM * GEMM, 2);
        float[] q = Fixtures.random(HEADS * N * D, 3), k = Fixtures.random(HEADS * N * D, 4), v = Fixtures.random(HEADS * N * D, 5);
        float[] img = Fixtures.random(3 * W * H, 6), flow = Fixtures.random(2 * W * H, 7);

        SgemmKernel sg = new SgemmKernel(a, b, GEMM);
        AttentionKernel at = new AttentionKernel(q, k, v, N, D);
        WarpKernel wk = new WarpKernel(img, flow, W, H);
        double apSgemm = time(() -> run(sg, GEMM * GEMM));
        double apAttn = time(() -> run(at, HEADS * N));
        double apWarp = time(() -> run(wk, 3 * W * H));

        double clSgemm, clAttn, clWarp;
        String device;
        try (ComputeBackend cl = Backends.open(System.getProperty("flowsmith.device", "opencl:0")); Plan p = cl.newPlan()) {
            device = cl.description();
            Buf ba = p.floats(a), bb = p.floats(b), bc = p.floats(GEMM * GEMM);
            Buf bq = p.floats(q), bk = p.floats(k), bv = p.floats(v), bo = p.floats(q.length);
            Buf bi = p.floats(img), bf = p.floats(flow), bw = p.floats(img.length);
            clSgemm = time(() -> { p.sgemm(ba, bb, bc, GEMM, GEMM, GEMM, 1f, 0f, false, false); p.finish(); });
            clAttn = time(() -> { p.attention(bq, bk, bv, bo, HEADS, N, N, D, 0.125f); p.finish(); });
            clWarp = time(() -> { p.warpBilinear(bi, bf, bw, 3, H, W, 0); p.finish(); });
        }
        double gemmFlop = 2.0 * GEMM * GEMM * GEMM, attnFlop = 4.0 * HEADS * N * N * D;
        System.out.println("device: " + device);
        System.out.println("| kernel | Aparapi 3.0.2 (Java translated) | JOCL (OpenCL C) | JOCL / Aparapi speed |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| sgemm %d^3 | %.2f GFLOPS | %.2f GFLOPS | %.1fx |%n", GEMM, gemmFlop / apSgemm / 1e9,
                gemmFlop / clSgemm / 1e9, apSgemm / clSgemm);
        System.out.printf(Locale.ROOT, "| attention n=%d d=%d %d heads | %.1f ms | %.1f ms | %.1fx |%n", N, D, HEADS,
                apAttn * 1e3, clAttn * 1e3, apAttn / clAttn);
        System.out.printf(Locale.ROOT, "| warp 1080p x3 | %.1f ms | %.1f ms | %.1fx |%n", apWarp * 1e3, clWarp * 1e3, apWarp / clWarp);
        sg.dispose();
        at.dispose();
        wk.dispose();
    }

    private static void run(Kernel kernel, int size) {
        kernel.execute(Range.create(size));
        if (!kernel.isRunningCL()) {
            throw new IllegalStateException(kernel.getClass().getSimpleName() + " fell back to Java threads ("
                    + kernel.getTargetDevice() + ")");
        }
    }

    private static double time(Runnable r) {
        for (int i = 0; i < 2; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** One output element per work-item (the translation of the oracle's inner loops). */
    static final class SgemmKernel extends Kernel {
        final float[] a, b, c;
        final int n;

        SgemmKernel(float[] a, float[] b, int n) {
            this.a = a;
            this.b = b;
            this.c = new float[n * n];
            this.n = n;
        }

        @Override
        public void run() {
            int gid = getGlobalId(), i = gid / n, j = gid % n;
            float s = 0;
            for (int p = 0; p < n; p++) {
                s += a[i * n + p] * b[p * n + j];
            }
            c[gid] = s;
        }
    }

    /** One query row per work-item, online softmax: AttentionKernels.dense as Aparapi can take it. */
    static final class AttentionKernel extends Kernel {
        final float[] q, k, v, out;
        final int n, d;

        AttentionKernel(float[] q, float[] k, float[] v, int n, int d) {
            this.q = q;
            this.k = k;
            this.v = v;
            this.out = new float[q.length];
            this.n = n;
            this.d = d;
        }

        @Override
        public void run() {
            int r = getGlobalId(), head = r / n, qo = r * d, kvBase = head * n * d;
            float max = -3.4e38f, sum = 0;
            for (int t = 0; t < d; t++) {
                out[qo + t] = 0;
            }
            for (int j = 0; j < n; j++) {
                int ko = kvBase + j * d;
                float s = 0;
                for (int t = 0; t < d; t++) {
                    s += q[qo + t] * k[ko + t];
                }
                s *= 0.125f;
                if (s > max) {
                    float corr = exp(max - s);
                    sum = sum * corr + 1;
                    for (int t = 0; t < d; t++) {
                        out[qo + t] = out[qo + t] * corr + v[ko + t];
                    }
                    max = s;
                } else {
                    float p = exp(s - max);
                    sum += p;
                    for (int t = 0; t < d; t++) {
                        out[qo + t] += p * v[ko + t];
                    }
                }
            }
            for (int t = 0; t < d; t++) {
                out[qo + t] /= sum;
            }
        }
    }

    /** One output pixel per work-item, zero border. */
    static final class WarpKernel extends Kernel {
        final float[] img, flow, out;
        final int w, h;

        WarpKernel(float[] img, float[] flow, int w, int h) {
            this.img = img;
            this.flow = flow;
            this.out = new float[img.length];
            this.w = w;
            this.h = h;
        }

        @Override
        public void run() {
            int gid = getGlobalId(), c = gid / (w * h), pix = gid % (w * h), y = pix / w, x = pix % w;
            float sx = x + flow[2 * pix], sy = y + flow[2 * pix + 1];
            int x0 = (int) floor(sx), y0 = (int) floor(sy);
            float ax = sx - x0, ay = sy - y0;
            float v00 = px(c, x0, y0), v10 = px(c, x0 + 1, y0), v01 = px(c, x0, y0 + 1), v11 = px(c, x0 + 1, y0 + 1);
            out[gid] = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
        }

        private float px(int c, int x, int y) {
            float r = 0;
            if (x >= 0 && y >= 0 && x < w && y < h) {
                r = img[c * w * h + y * w + x];
            }
            return r;
        }
    }
}
