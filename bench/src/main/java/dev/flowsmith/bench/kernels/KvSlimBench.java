package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import dev.flowsmith.kernels.device.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Adaptive attention slimming (AdaFlow): one query keyframe of 1024 tokens against the K/V pool of
 * all keyframes (1024 tokens each), keeping m = 20 keyframes' worth of tokens, versus full extended
 * attention over the whole pool. 8 heads of d = 64; the keep-set is scored once (c = 64 features) and
 * serves every head, as in AdaFlow where one selection per resolution serves all heads of the layer.
 */
@State(Scope.Benchmark)
public class KvSlimBench {
    public static final int S = 1024, D = 64, HEADS = 8, KEEP_FRAMES = 20;

    @Param({"16", "64"})
    public int keyframes;

    @Param({"slim", "full"})
    public String kind;

    ComputeBackend backend;
    Plan plan;
    Buf q, k, v, feat, qFeat, score, idx, val, ks, vs, out;
    int pool, keep;

    @Setup(Level.Trial)
    public void setUp() {
        pool = keyframes * S;
        keep = Math.min(pool, KEEP_FRAMES * S);
        backend = Backends.open("cpu");
        plan = backend.newPlan();
        q = plan.floats(Fixtures.random(HEADS * S * D, 1));
        k = plan.floats(Fixtures.random(HEADS * pool * D, 2));
        v = plan.floats(Fixtures.random(HEADS * pool * D, 3));
        feat = plan.floats(Fixtures.random(pool * D, 4));
        qFeat = plan.floats(Fixtures.random(S * D, 5));
        score = plan.floats(pool);
        idx = plan.ints(keep);
        val = plan.floats(keep);
        ks = plan.floats(HEADS * keep * D);
        vs = plan.floats(HEADS * keep * D);
        out = plan.floats(HEADS * S * D);
    }

    @Benchmark
    public void attention() {
        if (kind.equals("slim")) {
            SlimAttention.run(plan, q, k, v, feat, qFeat, score, idx, val, ks, vs, out, HEADS, pool, keep, S, D);
        } else {
            plan.attention(q, k, v, out, HEADS, S, pool, D, 0.125f);
        }
        plan.finish();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        backend.close();
    }
}
