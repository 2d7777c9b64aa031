package dev.flowsmith.kernels.backend;

import java.util.Arrays;

/**
 * Top-k of one row for large k (attention slimming keeps thousands of tokens): every value is packed
 * with its index into one long whose natural order is "larger value first, lower index first on
 * ties", the longs are sorted (O(n log n)), and the first k are unpacked. Same result as
 * {@code KeyframeKernels.topK}, whose insertion buffer costs O(n k).
 */
final class TopKSort {
    private TopKSort() {
    }

    static void row(float[] x, int off, int n, int k, int[] idx, float[] val, int outOff) {
        long[] keys = new long[n];
        for (int j = 0; j < n; j++) {
            int bits = Float.floatToIntBits(x[off + j]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // signed int order == float order
            keys[j] = ((long) ~sortable << 32) | j;             // ~ reverses the order: descending values
        }
        Arrays.sort(keys);
        for (int i = 0; i < k; i++) {
            int j = (int) keys[i];
            idx[outOff + i] = j;
            val[outOff + i] = x[off + j];
        }
    }
}
