package dev.flowsmith.bench.diffusion;

import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.dit.DiTOnDevice;
import dev.flowsmith.diffusion.dit.DitConfig;
import dev.flowsmith.diffusion.dit.TrajectoryNeighbours;
import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.device.Backends;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Issue #7, the parts that need no PyTorch: one DiT forward (any diffusers folder; DiT-XL/2 from
 * {@link RandomDit} on the GPU machine) on the host in Java and on a named compute backend
 * ({@code --device opencl:0}: a GPU through OpenCL; {@code cpu}), outputs compared; then a window of
 * {@code --frames} frames with per-frame attention vs DiTVR trajectory attention at the default vital
 * layers (36 neighbours per token), the attention alone at one layer, and the memory of the window.
 * Usage: {@code DitDeviceBenchmark MODEL_DIR [--device ID] [--frames 16] [--host-window true|false]}.
 */
public final class DitDeviceBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String device = null;
        int frames = 16;
        boolean hostWindow = true;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--device" -> device = args[i + 1];
                case "--frames" -> frames = Integer.parseInt(args[i + 1]);
                case "--host-window" -> hostWindow = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        DiTModel model = DiTModel.load(dir);
        DitConfig c = model.config();
        long rssWeights = rssPeakMb();
        System.out.printf(Locale.ROOT, "loaded %d-layer DiT (width %d, %d heads, %dx%d latent) in %.1f s; peak RSS %d MB%n",
                c.layers(), c.dim(), c.heads(), c.sampleSize(), c.sampleSize(), (System.nanoTime() - t0) / 1e9, rssWeights);
        int n = c.grid() * c.grid(), lat = c.inChannels() * c.sampleSize() * c.sampleSize(), label = c.classes();
        Random rnd = new Random(1);
        float[] x = new float[frames * lat];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] one = java.util.Arrays.copyOf(x, lat);
        double flops = DitFlops.flops(c), blas = DitFlops.blasGflops(c);
        float[] host = model.forwardFrames(one, 1, 500, label, null, Set.of());
        double tHost = best(3, () -> model.forwardFrames(one, 1, 500, label, null, Set.of()));
        System.out.printf(Locale.ROOT, "forward, batch 1, %d host threads:%n  Java host (OpenBLAS)  %.3f s  %.1f GFLOPS = %.0f %% of OpenBLAS sgemm (%.1f GFLOPS)%n",
                Runtime.getRuntime().availableProcessors(), tHost, flops / tHost / 1e9, 100 * flops / tHost / 1e9 / blas, blas);

        Set<Integer> vital = dev.flowsmith.restoration.ditvr.VitalLayers.defaults(c.layers());
        TrajectoryNeighbours nb = staticScene(frames, c.grid());
        DiTOnDevice dev = null;
        ComputeBackend backend = null;
        if (device != null) {
            backend = Backends.open(device);
            long u = System.nanoTime();
            dev = new DiTOnDevice(model, backend);
            float[] d1 = dev.forwardFrames(one, 1, 500, label, null, Set.of());
            System.out.printf(Locale.ROOT, "  device %s: weights uploaded and first forward in %.1f s%n", dev.device(), (System.nanoTime() - u) / 1e9);
            DiTOnDevice dd = dev;
            double tDev = best(5, () -> dd.forwardFrames(one, 1, 500, label, null, Set.of()));
            double devGemm = deviceSgemmGflops(backend, c);
            System.out.printf(Locale.ROOT, "  device (%s)  %.4f s  %.1f GFLOPS = %.0f %% of the device's own sgemm (%.1f GFLOPS) -> host / device = %.2fx; max |device - host| / max |host| = %.2e%n",
                    device, tDev, flops / tDev / 1e9, 100 * flops / tDev / 1e9 / devGemm, devGemm, tHost / tDev, DitFlops.relErr(d1, host));
        }

        System.out.printf(Locale.ROOT, "window of %d frames, trajectory attention at layers %s (%d neighbour slots per token, %d valid):%n",
                frames, vital, nb.perToken(), nb.valid());
        attentionOnly(c, frames, n, nb);
        if (hostWindow) {
            resetHeapPeaks();
            // alternated, best of two each: the first window forward also pays for JIT and heap growth
            double tPlain = Double.MAX_VALUE, tTraj = Double.MAX_VALUE;
            float[] wPlain = null, wTraj = null;
            for (int rep = 0; rep < 2; rep++) {
                long s = System.nanoTime();
                wPlain = model.forwardFrames(x, frames, 500, label, null, Set.of());
                tPlain = Math.min(tPlain, (System.nanoTime() - s) / 1e9);
                s = System.nanoTime();
                wTraj = model.forwardFrames(x, frames, 500, label, nb, vital);
                tTraj = Math.min(tTraj, (System.nanoTime() - s) / 1e9);
            }
            System.out.printf(Locale.ROOT, "  host whole forward: per-frame attention %.2f s, trajectory at %d vital layers %.2f s -> %.3fx (%.1f GFLOPS)%n",
                    tPlain, vital.size(), tTraj, tTraj / tPlain, flops * frames / tPlain / 1e9);
            System.out.printf(Locale.ROOT, "  memory of the %d-frame window forward: Java heap peak %d MB (weights %d MB), process peak RSS %d MB%n",
                    frames, heapPeakMb(), weightsMb(dir), rssPeakMb());
            System.out.printf(Locale.ROOT, "  first frame with vs without trajectory attention differs by %.2e (relative)%n",
                    DitFlops.relErr(java.util.Arrays.copyOf(wTraj, host.length), java.util.Arrays.copyOf(wPlain, host.length)));
        }
        if (dev != null) {
            DiTOnDevice dd = dev;
            int fr = frames;
            dd.forwardFrames(x, frames, 500, label, null, Set.of());
            double tPlain = best(2, () -> dd.forwardFrames(x, fr, 500, label, null, Set.of()));
            dd.forwardFrames(x, frames, 500, label, nb, vital);
            double tTraj = best(2, () -> dd.forwardFrames(x, fr, 500, label, nb, vital));
            System.out.printf(Locale.ROOT, "  device whole forward: per-frame attention %.3f s, trajectory %.3f s -> %.3fx (%.1f GFLOPS)%n",
                    tPlain, tTraj, tTraj / tPlain, flops * frames / tPlain / 1e9);
            dev.close();
            backend.close();
        }
    }

    /** One vital layer's attention alone on the host: per frame (F x n keys) vs trajectory (own frame + neighbours). */
    private static void attentionOnly(DitConfig c, int frames, int n, TrajectoryNeighbours nb) {
        int hd = c.heads() * c.headDim(), rows = frames * n;
        Random r = new Random(2);
        float[] q = new float[rows * hd], k = new float[rows * hd], v = new float[rows * hd];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) r.nextGaussian();
            k[i] = (float) r.nextGaussian();
            v[i] = (float) r.nextGaussian();
        }
        Ops.framewiseAttention(q, k, v, frames, n, c.heads(), c.headDim());
        Ops.trajectoryAttention(q, k, v, frames, n, c.heads(), c.headDim(), nb.index(), nb.bias(), nb.perToken());
        double plain = best(3, () -> Ops.framewiseAttention(q, k, v, frames, n, c.heads(), c.headDim()));
        double traj = best(3, () -> Ops.trajectoryAttention(q, k, v, frames, n, c.heads(), c.headDim(), nb.index(), nb.bias(), nb.perToken()));
        System.out.printf(Locale.ROOT, "  one layer's attention on the host: per-frame %.1f ms, trajectory %.1f ms -> %.2fx (keys per query %d vs %d)%n",
                plain * 1e3, traj * 1e3, traj / plain, n, n + nb.perToken());
    }

    /** The backend's sgemm at the MLP's shape (tokens x 4d x d), operands on the device. */
    static double deviceSgemmGflops(ComputeBackend backend, DitConfig c) {
        int m = c.grid() * c.grid(), n = 4 * c.dim(), k = c.dim();
        try (var plan = backend.newPlan()) {
            var a = plan.floats(new float[m * k]);
            var b = plan.floats(new float[k * n]);
            var o = plan.floats(m * n);
            for (int i = 0; i < 3; i++) {
                plan.sgemm(a, b, o, m, n, k, 1, 0, false, false);
            }
            plan.finish();
            int reps = 20;
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                plan.sgemm(a, b, o, m, n, k, 1, 0, false, false);
            }
            plan.finish();
            return 2.0 * m * n * k * reps / ((System.nanoTime() - s) / 1e9) / 1e9;
        }
    }

    /** A still scene: every token's 3x3 neighbourhood in the frames within +-2, bias minus half the squared distance. */
    static TrajectoryNeighbours staticScene(int frames, int grid) {
        int n = grid * grid, per = 36;
        int[] idx = new int[frames * n * per];
        float[] bias = new float[idx.length];
        java.util.Arrays.fill(idx, -1);
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    int tok = f * n + y * grid + x, s = 0;
                    for (int dg : new int[]{-2, -1, 1, 2}) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++, s++) {
                                int g = f + dg, qy = y + dy, qx = x + dx;
                                if (g >= 0 && g < frames && qy >= 0 && qx >= 0 && qy < grid && qx < grid) {
                                    idx[tok * per + s] = g * n + qy * grid + qx;
                                    bias[tok * per + s] = -(dx * dx + dy * dy) / 2f;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new TrajectoryNeighbours(frames, n, per, idx, bias);
    }

    private static double best(int reps, Runnable r) {
        double b = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            b = Math.min(b, (System.nanoTime() - s) / 1e9);
        }
        return b;
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound: pools peak at different moments). */
    private static long heapPeakMb() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                s += p.getPeakUsage().getUsed();
            }
        }
        return s >> 20;
    }

    private static long weightsMb(Path dir) throws java.io.IOException {
        return Files.size(dir.resolve("diffusion_pytorch_model.safetensors")) >> 20;
    }

    static long rssPeakMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private DitDeviceBenchmark() {
    }
}
