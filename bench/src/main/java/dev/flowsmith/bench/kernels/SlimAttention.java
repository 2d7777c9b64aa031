package dev.flowsmith.bench.kernels;

import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.Plan;

/**
 * The slimmed path: score the pool against the query frame once, keep the top `keep` tokens, gather
 * them for every head ([heads][pool][d] to [heads][keep][d]) and attend over those only.
 */
final class SlimAttention {
    private SlimAttention() {
    }

    static void run(Plan plan, Buf q, Buf k, Buf v, Buf feat, Buf qFeat, Buf score, Buf idx, Buf val, Buf ks, Buf vs,
                    Buf out, int heads, int pool, int keep, int s, int d) {
        plan.slimScores(feat, qFeat, score, pool, s, d);
        plan.topK(score, idx, val, 1, pool, keep);
        int[] kept = new int[keep];
        plan.read(idx, kept);
        int[] all = new int[heads * keep];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < keep; i++) {
                all[h * keep + i] = h * pool + kept[i];
            }
        }
        Buf allIdx = plan.ints(all);
        plan.gatherRows(k, allIdx, ks, heads * keep, d);
        plan.gatherRows(v, allIdx, vs, heads * keep, d);
        plan.attention(q, ks, vs, out, heads, s, keep, d, 0.125f);
    }
}
