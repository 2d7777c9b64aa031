// Flowsmith's OpenCL kernels: line-by-line ports of the Java kernels in dev.flowsmith.kernels, one
// work-item per value of the Java method's parallel index (get_global_id(0) == the index), except
// where noted (sgemm is register-blocked). OpenCL C 1.2, float only, no extensions.

__kernel void sgemm_nn(__global const float* a, __global const float* b, __global float* c,
                       int m, int n, int k, float alpha, float beta) {
    // each work-item computes a 4 x 8 block of C (register blocking; rows i0.., cols j0..)
    int j0 = get_global_id(0) * 8, i0 = get_global_id(1) * 4;
    if (i0 >= m || j0 >= n) return;
    float acc[4][8];
    for (int r = 0; r < 4; r++) for (int s = 0; s < 8; s++) acc[r][s] = 0.0f;
    int rows = min(4, m - i0), cols = min(8, n - j0);
    if (rows == 4 && cols == 8 && (n % 8) == 0) {
        for (int p = 0; p < k; p++) {
            float8 bv = vload8(0, b + p * n + j0);
            float a0 = a[(i0 + 0) * k + p], a1 = a[(i0 + 1) * k + p], a2 = a[(i0 + 2) * k + p], a3 = a[(i0 + 3) * k + p];
            float8 r0 = vload8(0, &acc[0][0]), r1 = vload8(0, &acc[1][0]), r2 = vload8(0, &acc[2][0]), r3 = vload8(0, &acc[3][0]);
            r0 = fma((float8) a0, bv, r0); r1 = fma((float8) a1, bv, r1);
            r2 = fma((float8) a2, bv, r2); r3 = fma((float8) a3, bv, r3);
            vstore8(r0, 0, &acc[0][0]); vstore8(r1, 0, &acc[1][0]); vstore8(r2, 0, &acc[2][0]); vstore8(r3, 0, &acc[3][0]);
        }
    } else {
        for (int p = 0; p < k; p++)
            for (int r = 0; r < rows; r++) {
                float av = a[(i0 + r) * k + p];
                for (int s = 0; s < cols; s++) acc[r][s] += av * b[p * n + j0 + s];
            }
    }
    for (int r = 0; r < rows; r++)
        for (int s = 0; s < cols; s++) {
            int o = (i0 + r) * n + j0 + s;
            c[o] = alpha * acc[r][s] + (beta == 0.0f ? 0.0f : beta * c[o]);
        }
}

// dst[cols][rows] = src[rows][cols], per batch item; global (cols, rows, batch)
__kernel void transpose(__global const float* src, __global float* dst, int rows, int cols) {
    int x = get_global_id(0), y = get_global_id(1), bi = get_global_id(2);
    if (x >= cols || y >= rows) return;
    dst[bi * rows * cols + x * rows + y] = src[bi * rows * cols + y * cols + x];
}

__kernel void sgemm_batched_nn(__global const float* a, __global const float* b, __global float* c,
                               int batch, int m, int n, int k, float alpha, float beta) {
    int r = get_global_id(0);
    int bi = r / m, i = r % m;
    __global const float* A = a + bi * m * k;
    __global const float* B = b + bi * k * n;
    __global float* C = c + bi * m * n;
    for (int j = 0; j < n; j++) {
        float s = 0.0f;
        for (int p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
        C[i * n + j] = alpha * s + (beta == 0.0f ? 0.0f : beta * C[i * n + j]);
    }
}

static double erf_nr(double x) {
    double z = fabs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1.0 - r : r - 1.0;
}

__kernel void gelu(__global const float* x, __global float* out) {
    int i = get_global_id(0);
    float v = x[i];
    out[i] = (float) (0.5 * v * (1.0 + erf_nr(v * 0.7071067811865476)));
}

__kernel void gelu_tanh(__global const float* x, __global float* out) {
    int i = get_global_id(0);
    float v = x[i];
    out[i] = (float) (0.5 * v * (1.0 + tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
}

// out[bi][j][i][t] = in[bi][i][j][t], in of shape [batch][a][b][c]; one element per work-item
__kernel void swap_axes(__global const float* in, __global float* out, int a, int b, int c) {
    long e = get_global_id(0);
    long r = e / c;
    int t = (int) (e % c), j = (int) (r % b), i = (int) ((r / b) % a);
    long bi = r / ((long) a * b);
    out[((bi * b + j) * a + i) * c + t] = in[e];
}

__kernel void copy_range(__global const float* src, int src_off, __global float* dst, int dst_off) {
    long e = get_global_id(0);
    dst[dst_off + e] = src[src_off + e];
}

// out[r][j] = hidden[r][j] * gelu(gate[r][j]), rows of x are [hidden | gate] (2 * inner wide)
__kernel void geglu(__global const float* x, __global float* out, int inner) {
    long e = get_global_id(0);
    long r = e / inner;
    int j = (int) (e - r * inner);
    float h = x[2 * r * inner + j], g = x[2 * r * inner + inner + j];
    out[e] = (float) (h * (0.5 * g * (1.0 + erf_nr(g * 0.7071067811865476))));
}

__kernel void add_scaled_columns(__global float* x, __global const float* y, __global const float* gate, int cols) {
    long e = get_global_id(0);
    x[e] += y[e] * gate[e % cols];
}

__kernel void silu(__global const float* x, __global float* out) {
    int i = get_global_id(0);
    float v = x[i];
    out[i] = (float) (v / (1.0 + exp(-(double) v)));
}

__kernel void softmax_rows(__global const float* x, __global float* out, int cols) {
    int r = get_global_id(0), o = r * cols;
    float mx = -INFINITY;
    for (int j = 0; j < cols; j++) mx = fmax(mx, x[o + j]);
    double sum = 0;
    for (int j = 0; j < cols; j++) { float e = exp(x[o + j] - mx); out[o + j] = e; sum += e; }
    float inv = (float) (1.0 / sum);
    for (int j = 0; j < cols; j++) out[o + j] *= inv;
}

__kernel void layer_norm(__global const float* x, __global const float* gamma, __global const float* beta,
                         __global float* out, int cols, float eps) {
    int r = get_global_id(0), o = r * cols;
    double mean = 0;
    for (int j = 0; j < cols; j++) mean += x[o + j];
    mean /= cols;
    double var = 0;
    for (int j = 0; j < cols; j++) { double d = x[o + j] - mean; var += d * d; }
    var /= cols;
    float inv = (float) (1.0 / sqrt(var + eps));
    for (int j = 0; j < cols; j++) out[o + j] = (float) ((x[o + j] - mean) * inv) * gamma[j] + beta[j];
}

__kernel void group_norm(__global const float* x, __global const float* gamma, __global const float* beta,
                         __global float* out, int c, int hw, int groups, float eps) {
    int idx = get_global_id(0);
    int cpg = c / groups, n = idx / groups, g = idx % groups;
    int base = (n * c + g * cpg) * hw, len = cpg * hw;
    double mean = 0;
    for (int i = 0; i < len; i++) mean += x[base + i];
    mean /= len;
    double var = 0;
    for (int i = 0; i < len; i++) { double d = x[base + i] - mean; var += d * d; }
    var /= len;
    float inv = (float) (1.0 / sqrt(var + eps));
    for (int ch = 0; ch < cpg; ch++) {
        int cc = g * cpg + ch, o = base + ch * hw;
        for (int i = 0; i < hw; i++) out[o + i] = (float) ((x[o + i] - mean) * inv) * gamma[cc] + beta[cc];
    }
}

__kernel void conv2d(__global const float* in, __global const float* w, __global const float* bias, __global float* out,
                     int cin, int h, int wd, int cout, int kh, int kw, int stride, int pad, int oh, int ow) {
    int r = get_global_id(0);
    int y = r % oh, o = (r / oh) % cout, b = r / (oh * cout), orow = r * ow;
    for (int x = 0; x < ow; x++) out[orow + x] = bias[o];
    for (int i = 0; i < cin; i++) {
        int inPlane = (b * cin + i) * h * wd, wBase = (o * cin + i) * kh * kw;
        for (int ky = 0; ky < kh; ky++) {
            int sy = y * stride - pad + ky;
            if (sy < 0 || sy >= h) continue;
            int inRow = inPlane + sy * wd;
            for (int kx = 0; kx < kw; kx++) {
                float wv = w[wBase + ky * kw + kx];
                for (int x = 0; x < ow; x++) {
                    int sx = x * stride - pad + kx;
                    if (sx >= 0 && sx < wd) out[orow + x] += wv * in[inRow + sx];
                }
            }
        }
    }
}

__kernel void resample_nearest(__global const float* in, __global float* out, int h, int w, int oh, int ow) {
    int r = get_global_id(0), p = r / oh, y = r % oh;
    int sy = min(h - 1, (int) ((long) y * h / oh));
    int src = (p * h + sy) * w, dst = r * ow;
    for (int x = 0; x < ow; x++) out[dst + x] = in[src + min(w - 1, (int) ((long) x * w / ow))];
}

__kernel void resample_bilinear(__global const float* in, __global float* out, int h, int w, int oh, int ow) {
    int r = get_global_id(0), p = r / oh, y = r % oh;
    float sh = (float) h / oh, sw = (float) w / ow;
    float fy = fmax(0.0f, (y + 0.5f) * sh - 0.5f);
    int y0 = min(h - 1, (int) fy), y1 = min(h - 1, y0 + 1);
    float ay = fy - y0;
    int base = p * h * w, dst = r * ow;
    for (int x = 0; x < ow; x++) {
        float fx = fmax(0.0f, (x + 0.5f) * sw - 0.5f);
        int x0 = min(w - 1, (int) fx), x1 = min(w - 1, x0 + 1);
        float ax = fx - x0;
        float top = in[base + y0 * w + x0] * (1 - ax) + in[base + y0 * w + x1] * ax;
        float bot = in[base + y1 * w + x0] * (1 - ax) + in[base + y1 * w + x1] * ax;
        out[dst + x] = top * (1 - ay) + bot * ay;
    }
}

__kernel void resample_area(__global const float* in, __global float* out, int h, int w, int factor, int oh, int ow) {
    int r = get_global_id(0), p = r / oh, y = r % oh;
    int y0 = y * factor, y1 = min(h, y0 + factor);
    for (int x = 0; x < ow; x++) {
        int x0 = x * factor, x1 = min(w, x0 + factor);
        float s = 0;
        for (int yy = y0; yy < y1; yy++) for (int xx = x0; xx < x1; xx++) s += in[(p * h + yy) * w + xx];
        out[r * ow + x] = s / ((y1 - y0) * (x1 - x0));
    }
}

static float cubic(float x) {
    float ax = fabs(x), ax2 = ax * ax, ax3 = ax2 * ax;
    if (ax <= 1) return 1.5f * ax3 - 2.5f * ax2 + 1;
    if (ax < 2) return -0.5f * ax3 + 2.5f * ax2 - 4 * ax + 2;
    return 0;
}

__kernel void bicubic_rows(__global const float* in, __global float* out, int w, int ow) {
    int r = get_global_id(0);
    float scale = (float) ow / w;
    float support = scale < 1 ? 2.0f / scale : 2.0f, kscale = scale < 1 ? scale : 1.0f;
    int src = r * w, dst = r * ow;
    for (int x = 0; x < ow; x++) {
        float center = (x + 0.5f) / scale - 0.5f;
        int lo = (int) floor(center - support) + 1, hi = (int) floor(center + support);
        float s = 0, wsum = 0;
        for (int i = lo; i <= hi; i++) {
            float wt = cubic((i - center) * kscale);
            if (wt == 0) continue;
            s += wt * in[src + max(0, min(w - 1, i))];
            wsum += wt;
        }
        out[dst + x] = s / wsum;
    }
}

__kernel void bicubic_columns(__global const float* in, __global float* out, int h, int w, int oh) {
    int r = get_global_id(0), p = r / oh, y = r % oh;
    float scale = (float) oh / h;
    float support = scale < 1 ? 2.0f / scale : 2.0f, kscale = scale < 1 ? scale : 1.0f;
    float center = (y + 0.5f) / scale - 0.5f;
    int lo = (int) floor(center - support) + 1, hi = (int) floor(center + support), dst = r * w;
    for (int x = 0; x < w; x++) out[dst + x] = 0;
    float wsum = 0;
    for (int i = lo; i <= hi; i++) {
        float wt = cubic((i - center) * kscale);
        if (wt == 0) continue;
        wsum += wt;
        int src = (p * h + max(0, min(h - 1, i))) * w;
        for (int x = 0; x < w; x++) out[dst + x] += wt * in[src + x];
    }
    float inv = 1.0f / wsum;
    for (int x = 0; x < w; x++) out[dst + x] *= inv;
}

__kernel void convolve_rows(__global const float* in, __global const float* taps, __global float* out, int w, int ntaps) {
    int r = get_global_id(0), radius = ntaps / 2, base = r * w;
    for (int x = 0; x < w; x++) {
        float s = 0;
        for (int t = -radius; t <= radius; t++) s += taps[t + radius] * in[base + max(0, min(w - 1, x + t))];
        out[base + x] = s;
    }
}

__kernel void convolve_columns(__global const float* in, __global const float* taps, __global float* out, int h, int w,
                               int ntaps) {
    int r = get_global_id(0), radius = ntaps / 2, p = r / h, y = r % h;
    for (int x = 0; x < w; x++) {
        float s = 0;
        for (int t = -radius; t <= radius; t++) s += taps[t + radius] * in[(p * h + max(0, min(h - 1, y + t))) * w + x];
        out[r * w + x] = s;
    }
}

static float pixel(__global const float* img, int plane, int h, int w, int x, int y) {
    if (x < 0 || y < 0 || x >= w || y >= h) return 0.0f;
    return img[plane + y * w + x];
}

// one work-item per output pixel (finer than the Java kernel's row: PoCL and GPUs vectorise across items)
__kernel void warp_bilinear(__global const float* img, __global const float* flow, __global float* out, int h, int w,
                            int border) {
    int gid = get_global_id(0), r = gid / w, x = gid % w, c = r / h, y = r % h, plane = c * h * w;
    int f = 2 * (y * w + x);
    float sx = x + flow[f], sy = y + flow[f + 1];
    if (border == 1) { sx = fmax(0.0f, fmin(w - 1.0f, sx)); sy = fmax(0.0f, fmin(h - 1.0f, sy)); }
    int x0 = (int) floor(sx), y0 = (int) floor(sy);
    float ax = sx - x0, ay = sy - y0;
    float v00 = pixel(img, plane, h, w, x0, y0), v10 = pixel(img, plane, h, w, x0 + 1, y0);
    float v01 = pixel(img, plane, h, w, x0, y0 + 1), v11 = pixel(img, plane, h, w, x0 + 1, y0 + 1);
    out[gid] = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
}

static float sample_interleaved(__global const float* f, int h, int w, float sx, float sy, int comp) {
    int x0 = min(w - 1, (int) floor(sx)), y0 = min(h - 1, (int) floor(sy));
    int x1 = min(w - 1, x0 + 1), y1 = min(h - 1, y0 + 1);
    float ax = sx - x0, ay = sy - y0;
    float v00 = f[2 * (y0 * w + x0) + comp], v10 = f[2 * (y0 * w + x1) + comp];
    float v01 = f[2 * (y1 * w + x0) + comp], v11 = f[2 * (y1 * w + x1) + comp];
    return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
}

__kernel void fb_check(__global const float* fwd, __global const float* bwd, __global float* occ, __global float* conf,
                       int h, int w, float alpha1, float alpha2) {
    int y = get_global_id(0);
    for (int x = 0; x < w; x++) {
        int i = y * w + x;
        float fx = fwd[2 * i], fy = fwd[2 * i + 1];
        float tx = x + fx, ty = y + fy;
        if (tx < 0 || ty < 0 || tx > w - 1 || ty > h - 1) { occ[i] = 1.0f; conf[i] = 0.0f; continue; }
        float bx = sample_interleaved(bwd, h, w, tx, ty, 0), by = sample_interleaved(bwd, h, w, tx, ty, 1);
        float dx = fx + bx, dy = fy + by;
        float diff = sqrt(dx * dx + dy * dy);
        float thr = alpha1 * (sqrt(fx * fx + fy * fy) + sqrt(bx * bx + by * by)) + alpha2;
        occ[i] = diff > thr ? 1.0f : 0.0f;
        conf[i] = exp(-diff);
    }
}

__kernel void resize_flow(__global const float* flow, __global float* out, int h, int w, int oh, int ow) {
    int y = get_global_id(0);
    float sx = (float) ow / w, sy = (float) oh / h;
    int y0 = (int) ((long) y * h / oh), y1 = max(y0 + 1, (int) ((long) (y + 1) * h / oh));
    for (int x = 0; x < ow; x++) {
        int x0 = (int) ((long) x * w / ow), x1 = max(x0 + 1, (int) ((long) (x + 1) * w / ow));
        float ax = 0, ay = 0;
        for (int yy = y0; yy < y1; yy++)
            for (int xx = x0; xx < x1; xx++) { ax += flow[2 * (yy * w + xx)]; ay += flow[2 * (yy * w + xx) + 1]; }
        float n = (y1 - y0) * (x1 - x0);
        out[2 * (y * ow + x)] = ax / n * sx;
        out[2 * (y * ow + x) + 1] = ay / n * sy;
    }
}

__kernel void haar_forward_level(__global const float* in, __global float* out, int h, int w, int lh, int lw) {
    int r = get_global_id(0), hh = lh / 2, hw = lw / 2, p = r / hh, y = r % hh, base = p * h * w;
    int row0 = base + 2 * y * w, row1 = row0 + w;
    for (int x = 0; x < hw; x++) {
        float a = in[row0 + 2 * x], b = in[row0 + 2 * x + 1], c = in[row1 + 2 * x], d = in[row1 + 2 * x + 1];
        out[base + y * w + x] = (a + b + c + d) * 0.5f;
        out[base + y * w + hw + x] = (a - b + c - d) * 0.5f;
        out[base + (hh + y) * w + x] = (a + b - c - d) * 0.5f;
        out[base + (hh + y) * w + hw + x] = (a - b - c + d) * 0.5f;
    }
}

__kernel void haar_inverse_level(__global const float* in, __global float* out, int h, int w, int lh, int lw) {
    int r = get_global_id(0), hh = lh / 2, hw = lw / 2, p = r / hh, y = r % hh, base = p * h * w;
    int row0 = base + 2 * y * w, row1 = row0 + w;
    for (int x = 0; x < hw; x++) {
        float ll = in[base + y * w + x], hl = in[base + y * w + hw + x];
        float lhv = in[base + (hh + y) * w + x], hhv = in[base + (hh + y) * w + hw + x];
        out[row0 + 2 * x] = (ll + lhv + hl + hhv) * 0.5f;
        out[row0 + 2 * x + 1] = (ll + lhv - hl - hhv) * 0.5f;
        out[row1 + 2 * x] = (ll - lhv + hl - hhv) * 0.5f;
        out[row1 + 2 * x + 1] = (ll - lhv - hl + hhv) * 0.5f;
    }
}

__kernel void project_low_band(__global const float* in, __global float* out, int h, int w, int block) {
    int r = get_global_id(0), bh = (h + block - 1) / block, p = r / bh, by = r % bh, base = p * h * w;
    int y0 = by * block, y1 = min(h, y0 + block);
    for (int x0 = 0; x0 < w; x0 += block) {
        int x1 = min(w, x0 + block);
        float s = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s += in[base + y * w + x];
        float mean = s / ((y1 - y0) * (x1 - x0));
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) out[base + y * w + x] = mean;
    }
}

// online-softmax attention, one query row per work-item; d <= 256 (private accumulator)
__kernel void attention_dense(__global const float* q, __global const float* k, __global const float* v,
                              __global float* out, int n, int m, int d, float scale) {
    int r = get_global_id(0), head = r / n, qo = r * d, kvBase = head * m * d;
    float acc[256];
    float mx = -INFINITY, sum = 0;
    for (int t = 0; t < d; t++) acc[t] = 0;
    for (int j = 0; j < m; j++) {
        int ko = kvBase + j * d;
        float s = 0;
        for (int t = 0; t < d; t++) s += q[qo + t] * k[ko + t];
        s *= scale;
        if (s > mx) {
            float corr = exp(mx - s);
            sum = sum * corr + 1;
            for (int t = 0; t < d; t++) acc[t] = acc[t] * corr + v[ko + t];
            mx = s;
        } else {
            float p = exp(s - mx);
            sum += p;
            for (int t = 0; t < d; t++) acc[t] += p * v[ko + t];
        }
    }
    float inv = 1.0f / sum;
    for (int t = 0; t < d; t++) out[qo + t] = acc[t] * inv;
}

__kernel void attention_gather(__global const float* q, __global const float* k, __global const float* v,
                               __global const int* nbr, __global const float* bias, __global float* out,
                               int frames, int t, int d, int mNbr, float scale) {
    int tokens = frames * t;
    int r = get_global_id(0), head = r / tokens, tok = r % tokens, f = tok / t, qo = r * d, hb = head * tokens;
    float acc[256];
    float mx = -INFINITY, sum = 0;
    for (int c = 0; c < d; c++) acc[c] = 0;
    int own = f * t;
    for (int j = 0; j < t + mNbr; j++) {
        int key; float b;
        if (j < t) { key = own + j; b = 0; }
        else {
            int idx = tok * mNbr + (j - t);
            key = nbr[idx];
            if (key < 0) continue;
            b = bias[idx];
        }
        int ko = (hb + key) * d;
        float s = 0;
        for (int c = 0; c < d; c++) s += q[qo + c] * k[ko + c];
        s = s * scale + b;
        if (s > mx) {
            float corr = exp(mx - s);
            sum = sum * corr + 1;
            for (int c = 0; c < d; c++) acc[c] = acc[c] * corr + v[ko + c];
            mx = s;
        } else {
            float p = exp(s - mx);
            sum += p;
            for (int c = 0; c < d; c++) acc[c] += p * v[ko + c];
        }
    }
    float inv = 1.0f / sum;
    for (int c = 0; c < d; c++) out[qo + c] = acc[c] * inv;
}

__kernel void slim_scores(__global const float* pool, __global const float* query, __global float* score, int s, int c) {
    int u = get_global_id(0);
    float best = -INFINITY;
    for (int vq = 0; vq < s; vq++) {
        float dot = 0;
        for (int t = 0; t < c; t++) dot += pool[u * c + t] * query[vq * c + t];
        best = fmax(best, dot);
    }
    score[u] = best;
}

__kernel void gather_rows(__global const float* src, __global const int* idx, __global float* dst, int c) {
    int i = get_global_id(0);
    for (int t = 0; t < c; t++) dst[i * c + t] = src[idx[i] * c + t];
}

__kernel void normalize_rows(__global const float* x, __global float* out, int c) {
    int r = get_global_id(0);
    double s = 0;
    for (int t = 0; t < c; t++) s += x[r * c + t] * x[r * c + t];
    float inv = s > 0 ? (float) (1 / sqrt(s)) : 0.0f;
    for (int t = 0; t < c; t++) out[r * c + t] = x[r * c + t] * inv;
}

__kernel void cosine_nearest(__global const float* a, __global const float* b, __global int* argmax, __global float* mx,
                             int nb, int c) {
    int i = get_global_id(0);
    double na = 0;
    for (int t = 0; t < c; t++) na += a[i * c + t] * a[i * c + t];
    float best = -INFINITY;
    int bestJ = -1;
    for (int j = 0; j < nb; j++) {
        double dot = 0, nbn = 0;
        for (int t = 0; t < c; t++) { dot += a[i * c + t] * b[j * c + t]; nbn += b[j * c + t] * b[j * c + t]; }
        float cs = na > 0 && nbn > 0 ? (float) (dot / sqrt(na * nbn)) : 0.0f;
        if (cs > best) { best = cs; bestJ = j; }
    }
    argmax[i] = bestJ;
    mx[i] = best;
}

__kernel void top_k(__global const float* x, __global int* idx, __global float* val, int n, int k) {
    int r = get_global_id(0), o = r * k, filled = 0;
    for (int j = 0; j < n; j++) {
        float v = x[r * n + j];
        if (filled == k && v <= val[o + k - 1]) continue;
        int pos = filled < k ? filled++ : k - 1;
        while (pos > 0 && val[o + pos - 1] < v) { val[o + pos] = val[o + pos - 1]; idx[o + pos] = idx[o + pos - 1]; pos--; }
        val[o + pos] = v;
        idx[o + pos] = j;
    }
}

__kernel void k_center_update(__global const float* x, __global float* minDist, int center, int c) {
    int i = get_global_id(0);
    float s = 0;
    for (int t = 0; t < c; t++) { float d = x[i * c + t] - x[center * c + t]; s += d * d; }
    minDist[i] = fmin(minDist[i], s);
}

// ---- scopes (ScopeKernels): pixels 0xAARRGGBB, counts ----
inline int scope_luma(int p) {
    int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
    return (2126 * r + 7152 * g + 722 * b + 5000) / 10000;
}

__kernel void scope_waveform(__global const int* rgb, __global int* out, int w, int h) {
    int x = get_global_id(0), o = x * 256;
    for (int l = 0; l < 256; l++) out[o + l] = 0;
    for (int y = 0; y < h; y++) out[o + scope_luma(rgb[y * w + x])]++;
}

__kernel void scope_parade(__global const int* rgb, __global int* out, int w, int h) {
    int i = get_global_id(0), c = i / w, x = i % w, shift = 16 - 8 * c, o = i * 256;
    for (int l = 0; l < 256; l++) out[o + l] = 0;
    for (int y = 0; y < h; y++) out[o + ((rgb[y * w + x] >> shift) & 255)]++;
}

__kernel void scope_histogram_partial(__global const int* rgb, int w, int h, int rows, __global int* partial) {
    int chunk = get_global_id(0), o = chunk * 4 * 256;
    for (int l = 0; l < 4 * 256; l++) partial[o + l] = 0;
    int y1 = min(h, (chunk + 1) * rows);
    for (int y = chunk * rows; y < y1; y++) {
        for (int x = 0; x < w; x++) {
            int p = rgb[y * w + x];
            partial[o + ((p >> 16) & 255)]++;
            partial[o + 256 + ((p >> 8) & 255)]++;
            partial[o + 512 + (p & 255)]++;
            partial[o + 768 + scope_luma(p)]++;
        }
    }
}

__kernel void scope_vectorscope_partial(__global const int* rgb, int w, int h, int rows, int size, __global int* partial) {
    int chunk = get_global_id(0), o = chunk * size * size;
    for (int l = 0; l < size * size; l++) partial[o + l] = 0;
    int y1 = min(h, (chunk + 1) * rows);
    for (int y = chunk * rows; y < y1; y++) {
        for (int x = 0; x < w; x++) {
            int p = rgb[y * w + x];
            float r = ((p >> 16) & 255) / 255.0f, g = ((p >> 8) & 255) / 255.0f, b = (p & 255) / 255.0f;
            float cb = -0.1146f * r - 0.3854f * g + 0.5f * b;
            float cr = 0.5f * r - 0.4542f * g - 0.0458f * b;
            int u = min(size - 1, max(0, (int) ((cb + 0.5f) * size)));
            int v = min(size - 1, max(0, (int) ((0.5f - cr) * size)));
            partial[o + v * size + u]++;
        }
    }
}

__kernel void scope_sum_partials(__global const int* partial, int chunks, int n, __global int* out) {
    int i = get_global_id(0);
    int s = 0;
    for (int c = 0; c < chunks; c++) s += partial[c * n + i];
    out[i] = s;
}
