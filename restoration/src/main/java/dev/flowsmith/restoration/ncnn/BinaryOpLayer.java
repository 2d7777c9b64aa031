package dev.flowsmith.restoration.ncnn;

/**
 * ncnn BinaryOp: add, sub, mul, div, max, min, pow, rsub, rdiv (types 0-8) of two blobs, or of a blob and a
 * scalar ({@code with_scalar}). Two blobs broadcast per dimension where one of them has size 1 (a per-channel
 * vector against a picture, a one-channel mask against three channels).
 */
final class BinaryOpLayer implements Layer {
    private final int op;
    private final boolean withScalar;
    private final float scalar;
    private final String name;

    BinaryOpLayer(String name, ParamDict p) {
        this.name = name;
        op = p.i(0, 0);
        withScalar = p.i(1, 0) != 0;
        scalar = p.f(2, 0f);
        if (op < 0 || op > 8) {
            throw new IllegalArgumentException("layer " + name + " uses BinaryOp type " + op + ", which Flowsmith cannot run");
        }
    }

    /** An add of two blobs (no scalar): what a residual connection is. */
    boolean isPlainAdd() {
        return op == 0 && !withScalar;
    }

    private float apply(float a, float b) {
        return switch (op) {
            case 0 -> a + b;
            case 1 -> a - b;
            case 2 -> a * b;
            case 3 -> a / b;
            case 4 -> Math.max(a, b);
            case 5 -> Math.min(a, b);
            case 6 -> (float) Math.pow(a, b);
            case 7 -> b - a;
            default -> b / a;
        };
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat a = in[0];
        if (withScalar) {
            return ElementwiseLayers.of((c, v) -> apply(v, scalar)).forward(in, compute);
        }
        Mat b = in[1];
        int c = dim(a.c(), b.c()), h = dim(a.h(), b.h()), w = dim(a.w(), b.w());
        if (c < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("layer " + name + " cannot combine blobs " + a.shape() + " and " + b.shape());
        }
        Mat out = Mat.zeros(c, h, w);
        compute.range().run(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                int ca = a.c() == 1 ? 0 : ch, cb = b.c() == 1 ? 0 : ch;
                for (int y = 0; y < h; y++) {
                    int ya = a.h() == 1 ? 0 : y, yb = b.h() == 1 ? 0 : y;
                    int ra = (ca * a.h() + ya) * a.w(), rb = (cb * b.h() + yb) * b.w(), ro = (ch * h + y) * w;
                    for (int x = 0; x < w; x++) {
                        out.data()[ro + x] = apply(a.data()[ra + (a.w() == 1 ? 0 : x)], b.data()[rb + (b.w() == 1 ? 0 : x)]);
                    }
                }
            }
        });
        return Layer.one(out);
    }

    private static int dim(int a, int b) {
        return a == b ? a : a == 1 ? b : b == 1 ? a : -1;
    }
}
