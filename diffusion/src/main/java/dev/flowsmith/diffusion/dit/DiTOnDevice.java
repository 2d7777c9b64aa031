package dev.flowsmith.diffusion.dit;

import dev.flowsmith.diffusion.nn.Ops;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;

import java.util.Set;

/**
 * The same DiT forward as {@link DiTModel#forwardFrames}, run on a {@link ComputeBackend} (the CPU
 * backend or an OpenCL GPU named by {@code --device}): the weights are uploaded once, transposed to
 * [in][out] so every projection is a plain GEMM; activations stay on the device for the whole pass
 * and only the output comes back. Biases are added as rank-1 GEMM updates, adaLN-Zero modulation is
 * the layer norm's own gamma/beta (1 + scale folded into the uploaded bias), the gated residual is
 * {@code addScaledColumns}, heads are split and merged by {@code swapAxes}. The timestep/class
 * conditioning MLP (one row per block) runs on the host. Checked against the host forward by the tests.
 */
public final class DiTOnDevice implements AutoCloseable {
    private final DiTModel model;
    private final Plan plan;
    private final String device;
    private final Buf patchW, patchB, one;
    private final DevBlock[] blocks;
    private final Buf out1Shift, out1ShiftB, out1Scale, out1ScaleB, out2W, out2B;
    /** Working buffers per frame count (a job uses one or two: full windows and a last, shorter one). */
    private final java.util.Map<Integer, Activations> acts = new java.util.HashMap<>();
    private Buf nbrBuf, biasBuf;

    /** A block's weights on the device: the six adaLN chunks separately so each is its own buffer. */
    private record DevBlock(Buf[] adaW, Buf[] adaB, Buf qW, Buf qB, Buf kW, Buf kB, Buf vW, Buf vB, Buf oW, Buf oB,
                            Buf ff1W, Buf ff1B, Buf ff2W, Buf ff2B) {
    }

    /** Per-window working buffers, kept while the frame count stays the same. */
    private record Activations(int frames, Buf latents, Buf conv, Buf x, Buf pos, Buf ones, Buf onesD, Buf cond, Buf[] ada,
                               Buf h, Buf q, Buf k, Buf v, Buf qh, Buf kh, Buf vh, Buf oh, Buf att, Buf a, Buf f1, Buf f2,
                               Buf out) {
    }

    public DiTOnDevice(DiTModel model, ComputeBackend backend) {
        this.model = model;
        this.device = backend.description();
        this.plan = backend.newPlan();
        DitConfig c = model.config();
        int d = c.dim(), hd = c.heads() * c.headDim(), po = c.patchSize() * c.patchSize() * c.outChannels();
        patchW = plan.floats(model.patchW);
        patchB = plan.floats(model.patchB);
        one = plan.floats(new float[]{1f});
        blocks = new DevBlock[model.blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            DiTModel.Block b = model.blocks[i];
            Buf[] aw = new Buf[6], ab = new Buf[6];
            for (int j = 0; j < 6; j++) {
                aw[j] = plan.floats(transposed(b.adaW(), j * d, d, d));
                float[] bias = java.util.Arrays.copyOfRange(b.adaB(), j * d, (j + 1) * d);
                if (j == 1 || j == 4) { // scale chunks: the layer norm's gamma is 1 + scale
                    for (int k = 0; k < d; k++) {
                        bias[k] += 1;
                    }
                }
                ab[j] = plan.floats(bias);
            }
            blocks[i] = new DevBlock(aw, ab, plan.floats(transposed(b.qW(), 0, hd, d)), plan.floats(b.qB()),
                    plan.floats(transposed(b.kW(), 0, hd, d)), plan.floats(b.kB()), plan.floats(transposed(b.vW(), 0, hd, d)),
                    plan.floats(b.vB()), plan.floats(transposed(b.oW(), 0, d, hd)), plan.floats(b.oB()),
                    plan.floats(transposed(b.ff1W(), 0, 4 * d, d)), plan.floats(b.ff1B()),
                    plan.floats(transposed(b.ff2W(), 0, d, 4 * d)), plan.floats(b.ff2B()));
        }
        out1Shift = plan.floats(transposed(model.out1W, 0, d, d));
        out1ShiftB = plan.floats(java.util.Arrays.copyOfRange(model.out1B, 0, d));
        out1Scale = plan.floats(transposed(model.out1W, d, d, d));
        float[] sb = java.util.Arrays.copyOfRange(model.out1B, d, 2 * d);
        for (int k = 0; k < d; k++) {
            sb[k] += 1;
        }
        out1ScaleB = plan.floats(sb);
        out2W = plan.floats(transposed(model.out2W, 0, po, d));
        out2B = plan.floats(model.out2B);
    }

    /** Rows [row0, row0 + rows) of a [*][cols] torch weight as [cols][rows]. */
    private static float[] transposed(float[] w, int row0, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[(row0 + r) * cols + c];
            }
        }
        return t;
    }

    public String device() {
        return device;
    }

    private Activations activations(int frames) {
        Activations cached = acts.get(frames);
        if (cached != null) {
            return cached;
        }
        DitConfig c = model.config();
        int d = c.dim(), n = c.grid() * c.grid(), rows = frames * n, hd = c.heads() * c.headDim();
        int po = c.patchSize() * c.patchSize() * c.outChannels(), s = c.sampleSize();
        float[] pos = new float[rows * d], ones = new float[rows], onesD = new float[d];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(model.pos, 0, pos, f * n * d, n * d);
        }
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(onesD, 1f);
        Buf[] ada = new Buf[6];
        for (int j = 0; j < 6; j++) {
            ada[j] = plan.floats(d);
        }
        Activations act = new Activations(frames, plan.floats(frames * c.inChannels() * s * s), plan.floats(rows * d), plan.floats(rows * d),
                plan.floats(pos), plan.floats(ones), plan.floats(onesD), plan.floats(d), ada, plan.floats(rows * d),
                plan.floats(rows * hd), plan.floats(rows * hd), plan.floats(rows * hd), plan.floats(rows * hd), plan.floats(rows * hd),
                plan.floats(rows * hd), plan.floats(rows * hd), plan.floats(rows * hd), plan.floats(rows * d), plan.floats(rows * 4 * d),
                plan.floats(rows * d), plan.floats(rows * po));
        acts.put(frames, act);
        return act;
    }

    /** {@code y[rows][out] = x[rows][in] . w[in][out] + b}. */
    private void linear(Buf x, Buf w, Buf b, Buf y, Buf ones, int rows, int in, int out) {
        plan.sgemm(x, w, y, rows, out, in, 1f, 0f, false, false);
        plan.sgemm(ones, b, y, rows, out, 1, 1f, 1f, false, false);
    }

    /** As {@link DiTModel#forwardFrames}: latents [frames][inC][S][S] in, [frames][outC][S][S] out. */
    public float[] forwardFrames(float[] latents, int frames, float t, int label, TrajectoryNeighbours nb, Set<Integer> vital) {
        DitConfig c = model.config();
        int d = c.dim(), p = c.patchSize(), g = c.grid(), n = g * g, s = c.sampleSize(), heads = c.heads(), hdim = c.headDim();
        int hd = heads * hdim, rows = frames * n, oc = c.outChannels(), po = p * p * oc;
        if (latents.length != frames * c.inChannels() * s * s) {
            throw new IllegalArgumentException("latents have " + latents.length + " values, expected " + frames + "x" + c.inChannels() + "x" + s + "x" + s);
        }
        if (!vital.isEmpty() && (nb == null || nb.frames() != frames || nb.tokens() != n)) {
            throw new IllegalArgumentException("vital layers " + vital + " need neighbour lists for " + frames + " frames of " + n + " tokens");
        }
        Activations a = activations(frames);
        Buf nbr = null, bias = null;
        if (!vital.isEmpty()) {
            if (nbrBuf == null || nbrBuf.length() < nb.index().length) {
                nbrBuf = plan.ints(nb.index().length);
                biasBuf = plan.floats(nb.bias().length);
            }
            nbr = nbrBuf;
            bias = biasBuf;
            plan.write(nbr, nb.index());
            plan.write(bias, nb.bias());
        }
        float scale = (float) (1 / Math.sqrt(hdim));
        plan.write(a.latents(), latents);
        plan.conv2d(a.latents(), patchW, patchB, a.conv(), frames, c.inChannels(), s, s, d, p, p, p, 0);
        plan.swapAxes(a.conv(), a.x(), frames, d, n, 1);              // [F][d][n] -> [F][n][d]
        plan.addScaledColumns(a.x(), a.pos(), a.onesD(), rows, d);   // + positions
        float[] cond0 = null;
        for (int i = 0; i < blocks.length; i++) {
            float[] cond = model.conditioning(model.blocks[i], t, label);
            if (i == 0) {
                cond0 = cond;
            }
            DevBlock b = blocks[i];
            Buf sc = a.cond();
            plan.write(sc, Ops.silu(cond));
            for (int j = 0; j < 6; j++) {
                linear(sc, b.adaW()[j], b.adaB()[j], a.ada()[j], one, 1, d, d);
            }
            Buf[] ada = a.ada(); // shift_msa, 1+scale_msa, gate_msa, shift_mlp, 1+scale_mlp, gate_mlp
            plan.layerNorm(a.x(), ada[1], ada[0], a.h(), rows, d, 1e-6f);
            linear(a.h(), b.qW(), b.qB(), a.q(), a.ones(), rows, d, hd);
            linear(a.h(), b.kW(), b.kB(), a.k(), a.ones(), rows, d, hd);
            linear(a.h(), b.vW(), b.vB(), a.v(), a.ones(), rows, d, hd);
            if (vital.contains(i)) { // trajectory attention over the window: [heads][F*n][hd]
                plan.swapAxes(a.q(), a.qh(), 1, rows, heads, hdim);
                plan.swapAxes(a.k(), a.kh(), 1, rows, heads, hdim);
                plan.swapAxes(a.v(), a.vh(), 1, rows, heads, hdim);
                plan.gatherAttention(a.qh(), a.kh(), a.vh(), nbr, bias, a.oh(), heads, frames, n, hdim, nb.perToken(), scale);
                plan.swapAxes(a.oh(), a.att(), 1, heads, rows, hdim);
            } else { // per frame: [F][heads][n][hd], every (frame, head) its own attention
                plan.swapAxes(a.q(), a.qh(), frames, n, heads, hdim);
                plan.swapAxes(a.k(), a.kh(), frames, n, heads, hdim);
                plan.swapAxes(a.v(), a.vh(), frames, n, heads, hdim);
                plan.attention(a.qh(), a.kh(), a.vh(), a.oh(), frames * heads, n, n, hdim, scale);
                plan.swapAxes(a.oh(), a.att(), frames, heads, n, hdim);
            }
            linear(a.att(), b.oW(), b.oB(), a.a(), a.ones(), rows, hd, d);
            plan.addScaledColumns(a.x(), a.a(), ada[2], rows, d);
            plan.layerNorm(a.x(), ada[4], ada[3], a.h(), rows, d, (float) c.normEps());
            linear(a.h(), b.ff1W(), b.ff1B(), a.f1(), a.ones(), rows, d, 4 * d);
            plan.geluTanh(a.f1(), a.f1(), rows * 4 * d);
            linear(a.f1(), b.ff2W(), b.ff2B(), a.f2(), a.ones(), rows, 4 * d, d);
            plan.addScaledColumns(a.x(), a.f2(), ada[5], rows, d);
        }
        Buf sc = a.cond();
        plan.write(sc, Ops.silu(cond0));
        linear(sc, out1Shift, out1ShiftB, a.ada()[0], one, 1, d, d);
        linear(sc, out1Scale, out1ScaleB, a.ada()[1], one, 1, d, d);
        plan.layerNorm(a.x(), a.ada()[1], a.ada()[0], a.h(), rows, d, 1e-6f);
        linear(a.h(), out2W, out2B, a.out(), a.ones(), rows, d, po);
        float[] o = new float[rows * po];
        plan.read(a.out(), o);
        return DiTModel.unpatchify(o, frames, g, p, oc);
    }

    @Override
    public void close() {
        plan.close();
    }
}
