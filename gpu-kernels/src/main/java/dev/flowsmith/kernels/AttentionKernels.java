package dev.flowsmith.kernels;

/**
 * Attention with an online (streaming) softmax: each query row keeps a running maximum, a running
 * sum and its output accumulator (the output row itself), so memory is O(n d), never O(n m).
 * Layouts: q[heads][n][d], k and v[heads][m][d], out[heads][n][d]. Parallel index: query row
 * {@code head * n + i}.
 */
public final class AttentionKernels {
    private AttentionKernels() {
    }

    /** {@code out_i = sum_j softmax_j(scale * q_i . k_j) v_j} over all m keys of the same head. */
    public static void dense(float[] q, float[] k, float[] v, float[] out, int n, int m, int d, float scale,
                             int from, int to) {
        for (int r = from; r < to; r++) {
            int head = r / n, qo = r * d, kvBase = head * m * d;
            float max = Float.NEGATIVE_INFINITY, sum = 0;
            for (int t = 0; t < d; t++) {
                out[qo + t] = 0;
            }
            for (int j = 0; j < m; j++) {
                int ko = kvBase + j * d;
                float s = 0;
                for (int t = 0; t < d; t++) {
                    s += q[qo + t] * k[ko + t];
                }
                s *= scale;
                if (s > max) {
                    float corr = (float) Math.exp(max - s);
                    sum = sum * corr + 1;
                    for (int t = 0; t < d; t++) {
                        out[qo + t] = out[qo + t] * corr + v[ko + t];
                    }
                    max = s;
                } else {
                    float p = (float) Math.exp(s - max);
                    sum += p;
                    for (int t = 0; t < d; t++) {
                        out[qo + t] += p * v[ko + t];
                    }
                }
            }
            float inv = 1f / sum;
            for (int t = 0; t < d; t++) {
                out[qo + t] *= inv;
            }
        }
    }

    /**
     * Gather attention (trajectory attention of DiTVR). Tokens are {@code frames * t} per head; query
     * (f, i) attends to all t keys of its own frame f plus M neighbour keys given by global token index
     * {@code nbr[(f*t+i)*M + j]} (any frame; -1 = masked, skipped) with an additive score bias
     * {@code bias[(f*t+i)*M + j]} (log confidence minus distance penalty). Neighbour lists are shared by
     * all heads. q, k, v, out: [heads][frames*t][d]. Parallel index: {@code head * frames * t + token}.
     */
    public static void gather(float[] q, float[] k, float[] v, int[] nbr, float[] bias, float[] out, int frames,
                              int t, int d, int mNbr, float scale, int from, int to) {
        int tokens = frames * t;
        for (int r = from; r < to; r++) {
            int head = r / tokens, tok = r % tokens, f = tok / t, qo = r * d, hb = head * tokens;
            float max = Float.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < d; c++) {
                out[qo + c] = 0;
            }
            int own = f * t;
            for (int j = 0; j < t + mNbr; j++) {
                int key;
                float b;
                if (j < t) {
                    key = own + j;
                    b = 0;
                } else {
                    int idx = tok * mNbr + (j - t);
                    key = nbr[idx];
                    if (key < 0) {
                        continue;
                    }
                    b = bias[idx];
                }
                int ko = (hb + key) * d;
                float s = 0;
                for (int c = 0; c < d; c++) {
                    s += q[qo + c] * k[ko + c];
                }
                s = s * scale + b;
                if (s > max) {
                    float corr = (float) Math.exp(max - s);
                    sum = sum * corr + 1;
                    for (int c = 0; c < d; c++) {
                        out[qo + c] = out[qo + c] * corr + v[ko + c];
                    }
                    max = s;
                } else {
                    float p = (float) Math.exp(s - max);
                    sum += p;
                    for (int c = 0; c < d; c++) {
                        out[qo + c] += p * v[ko + c];
                    }
                }
            }
            float inv = 1f / sum;
            for (int c = 0; c < d; c++) {
                out[qo + c] *= inv;
            }
        }
    }

    /**
     * Adaptive attention slimming, step 1 (AdaFlow): how well each pooled key token u is matched in
     * the query frame, {@code score[u] = max_v <pool[u], query[v]>} over the query frame's s tokens
     * (features normalised by the caller). pool[nPool][c], query[s][c]. Parallel index: u.
     */
    public static void slimScores(float[] pool, float[] query, float[] score, int s, int c, int from, int to) {
        for (int u = from; u < to; u++) {
            float best = Float.NEGATIVE_INFINITY;
            for (int vq = 0; vq < s; vq++) {
                float dot = 0;
                for (int t = 0; t < c; t++) {
                    dot += pool[u * c + t] * query[vq * c + t];
                }
                best = Math.max(best, dot);
            }
            score[u] = best;
        }
    }

    /** Copies rows {@code idx[i]} of src[*][c] to dst[i][c]. Parallel index: i. */
    public static void gatherRows(float[] src, int[] idx, float[] dst, int c, int from, int to) {
        for (int i = from; i < to; i++) {
            System.arraycopy(src, idx[i] * c, dst, i * c, c);
        }
    }
}
