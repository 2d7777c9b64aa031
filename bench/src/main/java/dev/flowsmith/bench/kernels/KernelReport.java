package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import dev.flowsmith.kernels.device.Backends;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kernel JMH benchmarks in one go and prints the table: sgemm GFLOPS per
 * implementation, attention GFLOPS and its ratio to OpenBLAS sgemm, gather vs per-frame attention,
 * KV slimming vs full extended attention, and bytes allocated per call (the working memory of each
 * method, measured over all threads). {@code -Dflowsmith.device=gpu:0} points the OpenCL rows at a GPU.
 * Usage: {@code bench/kernel-bench.sh [quick]}.
 */
public final class KernelReport {
    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        String device = System.getProperty("flowsmith.device", "opencl:0");
        OptionsBuilder builder = new OptionsBuilder();
        if (args.length > 1) {
            builder.include(args[1]); // e.g. KvSlimBench: re-run one table
        } else {
            builder.include(SgemmBench.class.getSimpleName()).include(AttentionBench.class.getSimpleName())
                    .include(GatherAttentionBench.class.getSimpleName()).include(KvSlimBench.class.getSimpleName());
        }
        Options opt = builder
                .mode(Mode.AverageTime).timeUnit(TimeUnit.MILLISECONDS)
                .warmupIterations(1).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .forks(1).jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx8g", "-Dflowsmith.device=" + device)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        Map<String, Double> ms = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            for (String p : r.getParams().getParamsKeys()) {
                key.append(' ').append(p).append('=').append(r.getParams().getParam(p));
            }
            ms.put(key.toString(), r.getPrimaryResult().getScore());
        }
        ms.forEach((k, v) -> System.out.printf(Locale.ROOT, "raw %-70s %10.2f ms%n", k, v));
        if (args.length > 1) {
            printSlim(ms);
        } else {
            printTable(ms, device);
        }
    }

    private static double get(Map<String, Double> ms, String key) {
        Double v = ms.get(key);
        if (v == null) {
            for (Map.Entry<String, Double> e : ms.entrySet()) {
                if (sameParams(e.getKey(), key)) {
                    return e.getValue();
                }
            }
            return Double.NaN;
        }
        return v;
    }

    private static boolean sameParams(String a, String b) {
        java.util.Set<String> sa = new java.util.HashSet<>(java.util.List.of(a.split(" ")));
        java.util.Set<String> sb = new java.util.HashSet<>(java.util.List.of(b.split(" ")));
        return sa.equals(sb);
    }

    private static void printTable(Map<String, Double> ms, String device) {
        System.out.println();
        System.out.println("| sgemm GFLOPS | Java oracle (1 thread) | cpu backend | OpenBLAS | OpenCL (" + device + ") |");
        System.out.println("|---|---|---|---|---|");
        double bestBlas = 0;
        for (String shape : new String[]{"1024x1024x1024", "4096x1024x1152"}) {
            String[] s = shape.split("x");
            double flop = 2.0 * Long.parseLong(s[0]) * Long.parseLong(s[1]) * Long.parseLong(s[2]);
            StringBuilder row = new StringBuilder("| " + shape + " |");
            for (String impl : new String[]{"oracle", "cpu", "openblas", "opencl"}) {
                double t = get(ms, "SgemmBench.sgemm impl=" + impl + " shape=" + shape);
                double gf = flop / (t * 1e-3) / 1e9;
                if (impl.equals("openblas")) {
                    bestBlas = Math.max(bestBlas, gf);
                }
                row.append(String.format(Locale.ROOT, " %.1f |", gf));
            }
            System.out.println(row);
        }
        double flopAttn = 4.0 * AttentionBench.HEADS * AttentionBench.N * (double) AttentionBench.N * AttentionBench.D;
        System.out.println();
        System.out.println("| dense attention n=4096 d=64 16 heads | ms | GFLOPS | vs OpenBLAS sgemm | bytes allocated per call |");
        System.out.println("|---|---|---|---|---|");
        long[] mem = attentionMemory();
        String[][] impls = {{"cpu", "cpu backend (tiled, online softmax)"}, {"naive-openblas", "naive (scores materialised, OpenBLAS)"},
                {"opencl", "OpenCL (" + device + ")"}};
        for (int i = 0; i < impls.length; i++) {
            double t = get(ms, "AttentionBench.attention impl=" + impls[i][0]);
            double gf = flopAttn / (t * 1e-3) / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.0f%% | %s |%n", impls[i][1], t, gf, 100 * gf / bestBlas,
                    i < 2 ? mb(mem[i]) : "device");
        }
        System.out.println();
        System.out.println("| gather attention 8 frames x 1024 tokens x 36 neighbours, d=64, 8 heads | gather ms | per-frame ms | ratio |");
        System.out.println("|---|---|---|---|");
        for (String dev : new String[]{"cpu", "opencl"}) {
            double g = get(ms, "GatherAttentionBench.attention device=" + dev + " kind=gather");
            double p = get(ms, "GatherAttentionBench.attention device=" + dev + " kind=per-frame");
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx |%n", dev.equals("cpu") ? "cpu backend" : "OpenCL (" + device + ")",
                    g, p, g / p);
        }
        printSlim(ms);
    }

    private static void printSlim(Map<String, Double> ms) {
        System.out.println();
        System.out.println("| KV slimming (query keyframe 1024 tokens, 8 heads, keep 20 keyframes' tokens), cpu | slim ms | full ms | slim bytes/call | full bytes/call |");
        System.out.println("|---|---|---|---|---|");
        for (int kf : new int[]{16, 64}) {
            long[] m = slimMemory(kf);
            System.out.printf(Locale.ROOT, "| %d keyframes | %.1f | %.1f | %s | %s |%n", kf,
                    get(ms, "KvSlimBench.attention keyframes=" + kf + " kind=slim"),
                    get(ms, "KvSlimBench.attention keyframes=" + kf + " kind=full"), mb(m[0]), mb(m[1]));
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /** Bytes allocated by all threads together while {@code r} runs (after one warm-up call). */
    static long allocated(Runnable r) {
        com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        r.run();
        long before = sum(tm.getThreadAllocatedBytes(tm.getAllThreadIds()));
        r.run();
        return sum(tm.getThreadAllocatedBytes(tm.getAllThreadIds())) - before;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += Math.max(0, x);
        }
        return s;
    }

    private static long[] attentionMemory() {
        int h = AttentionBench.HEADS, n = AttentionBench.N, d = AttentionBench.D;
        float[] q = Fixtures.random(h * n * d, 1), k = Fixtures.random(h * n * d, 2), v = Fixtures.random(h * n * d, 3);
        float[] out = new float[q.length];
        try (ComputeBackend cpu = Backends.open("cpu"); Plan plan = cpu.newPlan()) {
            Buf bq = plan.floats(q), bk = plan.floats(k), bv = plan.floats(v), bo = plan.floats(q.length);
            long tiled = allocated(() -> plan.attention(bq, bk, bv, bo, h, n, n, d, 0.125f));
            long naive = allocated(() -> NaiveAttention.run(q, k, v, out, h, n, n, d, 0.125f));
            return new long[]{tiled, naive};
        }
    }

    private static long[] slimMemory(int keyframes) {
        int s = KvSlimBench.S, d = KvSlimBench.D, h = KvSlimBench.HEADS, pool = keyframes * s,
                keep = Math.min(pool, KvSlimBench.KEEP_FRAMES * s);
        try (ComputeBackend cpu = Backends.open("cpu"); Plan plan = cpu.newPlan()) {
            Buf q = plan.floats(Fixtures.random(h * s * d, 1)), k = plan.floats(Fixtures.random(h * pool * d, 2)),
                    v = plan.floats(Fixtures.random(h * pool * d, 3)), feat = plan.floats(Fixtures.random(pool * d, 4)),
                    qf = plan.floats(Fixtures.random(s * d, 5)), score = plan.floats(pool), idx = plan.ints(keep),
                    val = plan.floats(keep), ks = plan.floats(h * keep * d), vs = plan.floats(h * keep * d),
                    out = plan.floats(h * s * d);
            long slim = allocated(() -> SlimAttention.run(plan, q, k, v, feat, qf, score, idx, val, ks, vs, out, h, pool,
                    keep, s, d));
            long full = allocated(() -> plan.attention(q, k, v, out, h, s, pool, d, 0.125f));
            return new long[]{slim, full};
        }
    }
}
