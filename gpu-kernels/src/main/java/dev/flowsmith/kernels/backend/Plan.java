package dev.flowsmith.kernels.backend;

/**
 * A unit of GPU-style work: buffers are uploaded once, kernels run on them one after another, and
 * only what is {@linkplain #read(Buf, float[]) read} comes back. Every operation has the semantics of
 * the Java kernel of the same name in {@code dev.flowsmith.kernels} (layouts and formulas are in
 * their Javadoc); backends are tested against those kernels. Not thread-safe. Close it to free device memory.
 */
public interface Plan extends AutoCloseable {
    Buf floats(float[] data);

    Buf floats(int length);

    Buf ints(int[] data);

    Buf ints(int length);

    void read(Buf b, float[] dst);

    /** Copies {@code src} into the start of an existing buffer (after the kernels queued before it). */
    void write(Buf b, float[] src);

    void write(Buf b, int[] src);

    void read(Buf b, int[] dst);

    /** Waits until every queued kernel has finished (a no-op on the CPU). */
    void finish();

    /**
     * Gives {@code b}'s memory back before the plan closes (a device buffer; nothing on the CPU). For work that makes
     * fresh buffers on every call of a long job, so device memory stays flat.
     */
    default void free(Buf b) {
    }

    // --- GEMM ---
    void sgemm(Buf a, Buf b, Buf c, int m, int n, int k, float alpha, float beta, boolean transA, boolean transB);

    void sgemmBatched(Buf a, Buf b, Buf c, int batch, int m, int n, int k, float alpha, float beta, boolean transA,
                      boolean transB);

    // --- layout and per-column arithmetic ---
    /** [batch][a][b][c] -> [batch][b][a][c] ({@code LayoutKernels.swapAxes}). */
    void swapAxes(Buf in, Buf out, int batch, int a, int b, int c);

    /** {@code dst[dstOff + e] = src[srcOff + e]} for {@code e < n} ({@code LayoutKernels.copy}): concatenation, pooling. */
    void copy(Buf src, int srcOff, Buf dst, int dstOff, int n);

    /** {@code x[r][col] += y[r][col] * gate[col]} over rows x cols. */
    void addScaledColumns(Buf x, Buf y, Buf gate, int rows, int cols);

    // --- activations and norms ---
    void gelu(Buf x, Buf out, int n);

    void geluTanh(Buf x, Buf out, int n);

    void silu(Buf x, Buf out, int n);

    /** {@code out[rows][inner]} from rows of {@code [hidden | gate]} ({@code ActivationKernels.geglu}). */
    void geglu(Buf x, Buf out, int rows, int inner);

    void softmaxRows(Buf x, Buf out, int rows, int cols);

    void layerNorm(Buf x, Buf gamma, Buf beta, Buf out, int rows, int cols, float eps);

    void groupNorm(Buf x, Buf gamma, Buf beta, Buf out, int n, int c, int hw, int groups, float eps);

    // --- convolution and resampling (planar images) ---
    void conv2d(Buf in, Buf w, Buf bias, Buf out, int n, int cin, int h, int wd, int cout, int kh, int kw, int stride,
                int pad);

    void nearest(Buf in, Buf out, int planes, int h, int w, int oh, int ow);

    void bilinear(Buf in, Buf out, int planes, int h, int w, int oh, int ow);

    void area(Buf in, Buf out, int planes, int h, int w, int factor);

    /** Antialiased bicubic resize (x pass, then y pass through a plan-owned temporary). */
    void bicubic(Buf in, Buf out, int planes, int h, int w, int oh, int ow);

    void gaussianBlur(Buf in, Buf out, int planes, int h, int w, float sigma);

    // --- flow ---
    void warpBilinear(Buf img, Buf flow, Buf out, int planes, int h, int w, int border);

    void forwardBackwardCheck(Buf fwd, Buf bwd, Buf occ, Buf conf, int h, int w, float alpha1, float alpha2);

    void resizeFlow(Buf flow, Buf out, int h, int w, int oh, int ow);

    // --- wavelets ---
    void haarForward(Buf in, Buf out, int planes, int h, int w, int levels);

    void haarInverse(Buf in, Buf out, int planes, int h, int w, int levels);

    void projectLowBand(Buf in, Buf out, int planes, int h, int w, int levels);

    // --- attention ---
    void attention(Buf q, Buf k, Buf v, Buf out, int heads, int n, int m, int d, float scale);

    void gatherAttention(Buf q, Buf k, Buf v, Buf nbr, Buf bias, Buf out, int heads, int frames, int t, int d,
                         int mNbr, float scale);

    void slimScores(Buf pool, Buf query, Buf score, int nPool, int s, int c);

    void gatherRows(Buf src, Buf idx, Buf dst, int rows, int c);

    // --- keyframes ---
    void normalizeRows(Buf x, Buf out, int rows, int c);

    void cosineNearest(Buf a, Buf b, Buf argmax, Buf max, int na, int nb, int c);

    void topK(Buf x, Buf idx, Buf val, int rows, int n, int k);

    int[] kCenterGreedy(Buf x, int n, int c, int k, int first);

    // --- scopes (ScopeKernels: pixels packed 0xAARRGGBB, outputs are counts) ---
    /** Rows per partial of the scatter-style scopes; both backends use it, so results are identical. */
    int SCOPE_ROWS_PER_CHUNK = 16;

    /** out[w][256] ({@code ScopeKernels.waveform}). */
    void waveform(Buf rgb, Buf out, int w, int h);

    /** out[3][w][256] ({@code ScopeKernels.parade}). */
    void parade(Buf rgb, Buf out, int w, int h);

    /** out[4][256]: R, G, B, luma ({@code histogramPartial} then {@code sumPartials}, plan-owned temporary). */
    void histogram(Buf rgb, Buf out, int w, int h);

    /** out[size][size] ({@code vectorscopePartial} then {@code sumPartials}). */
    void vectorscope(Buf rgb, Buf out, int w, int h, int size);

    @Override
    void close();
}
