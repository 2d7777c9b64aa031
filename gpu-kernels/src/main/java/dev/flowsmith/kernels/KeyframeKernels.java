package dev.flowsmith.kernels;

/** Kernels of adaptive keyframe selection and matching. Row-major feature matrices. */
public final class KeyframeKernels {
    private KeyframeKernels() {
    }

    /** Scales each row of x[rows][c] to unit length (zero rows stay zero). Parallel index: row. */
    public static void normalizeRows(float[] x, float[] out, int c, int from, int to) {
        for (int r = from; r < to; r++) {
            double s = 0;
            for (int t = 0; t < c; t++) {
                s += x[r * c + t] * x[r * c + t];
            }
            float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
            for (int t = 0; t < c; t++) {
                out[r * c + t] = x[r * c + t] * inv;
            }
        }
    }

    /**
     * Cosine nearest neighbour: for each row i of a[na][c], the row j of b[nb][c] with the largest
     * cosine similarity ({@code argmax[i]}, lowest j on ties) and that similarity ({@code max[i]}).
     * Parallel index: i.
     */
    public static void cosineNearest(float[] a, float[] b, int[] argmax, float[] max, int nb, int c, int from, int to) {
        for (int i = from; i < to; i++) {
            double na = 0;
            for (int t = 0; t < c; t++) {
                na += a[i * c + t] * a[i * c + t];
            }
            float best = Float.NEGATIVE_INFINITY;
            int bestJ = -1;
            for (int j = 0; j < nb; j++) {
                double dot = 0, nbn = 0;
                for (int t = 0; t < c; t++) {
                    dot += a[i * c + t] * b[j * c + t];
                    nbn += b[j * c + t] * b[j * c + t];
                }
                float cos = na > 0 && nbn > 0 ? (float) (dot / Math.sqrt(na * nbn)) : 0f;
                if (cos > best) {
                    best = cos;
                    bestJ = j;
                }
            }
            argmax[i] = bestJ;
            max[i] = best;
        }
    }

    /**
     * The k largest values of each row of x[rows][n], in descending order (lower index first on ties):
     * idx[rows][k], val[rows][k]. Insertion into a sorted buffer of k: O(n k) per row, fine for the
     * small k used here. Parallel index: row.
     */
    public static void topK(float[] x, int[] idx, float[] val, int n, int k, int from, int to) {
        for (int r = from; r < to; r++) {
            int o = r * k, filled = 0;
            for (int j = 0; j < n; j++) {
                float v = x[r * n + j];
                if (filled == k && v <= val[o + k - 1]) {
                    continue;
                }
                int pos = filled < k ? filled++ : k - 1;
                while (pos > 0 && val[o + pos - 1] < v) {
                    val[o + pos] = val[o + pos - 1];
                    idx[o + pos] = idx[o + pos - 1];
                    pos--;
                }
                val[o + pos] = v;
                idx[o + pos] = j;
            }
        }
    }

    /**
     * One step of k-center greedy: after choosing center row {@code center} of x[n][c], lowers
     * {@code minDist[i]} to the squared distance to it. Parallel index: i. The next center is the
     * argmax of minDist (see {@link #kCenterGreedy}).
     */
    public static void kCenterUpdate(float[] x, float[] minDist, int center, int c, int from, int to) {
        for (int i = from; i < to; i++) {
            float s = 0;
            for (int t = 0; t < c; t++) {
                float d = x[i * c + t] - x[center * c + t];
                s += d * d;
            }
            minDist[i] = Math.min(minDist[i], s);
        }
    }

    /**
     * k-center greedy (farthest-point) selection of k rows of x[n][c], starting from {@code first}:
     * each next pick is the row farthest from all picks so far (lowest index on ties). Sequential
     * reference of what backends run as {@link #kCenterUpdate} plus an argmax per step.
     */
    public static int[] kCenterGreedy(float[] x, int n, int c, int k, int first) {
        float[] minDist = new float[n];
        java.util.Arrays.fill(minDist, Float.POSITIVE_INFINITY);
        int[] picks = new int[Math.min(k, n)];
        int center = first;
        for (int p = 0; p < picks.length; p++) {
            picks[p] = center;
            kCenterUpdate(x, minDist, center, c, 0, n);
            center = argmax(minDist, n);
        }
        return picks;
    }

    static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
