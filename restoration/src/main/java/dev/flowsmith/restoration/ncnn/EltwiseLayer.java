package dev.flowsmith.restoration.ncnn;

/** ncnn Eltwise: product, (weighted) sum or max of blobs of one shape. */
final class EltwiseLayer implements Layer {
    private final int op;
    private final float[] coeffs;
    private final String name;

    EltwiseLayer(String name, ParamDict p) {
        this.name = name;
        op = p.i(0, 1);
        coeffs = p.a(1, new float[0]);
        if (op < 0 || op > 2) {
            throw new IllegalArgumentException("layer " + name + " uses Eltwise type " + op + ", which Flowsmith cannot run");
        }
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat first = in[0];
        for (Mat m : in) {
            if (m.c() != first.c() || m.h() != first.h() || m.w() != first.w()) {
                throw new IllegalArgumentException("layer " + name + " gets blobs of different shapes " + first.shape() + " and " + m.shape());
            }
        }
        if (coeffs.length != 0 && coeffs.length != in.length) {
            throw new IllegalArgumentException("layer " + name + " has " + coeffs.length + " coefficients for " + in.length + " inputs");
        }
        Mat out = Mat.zeros(first.c(), first.h(), first.w());
        int plane = first.plane();
        compute.range().run(first.c(), 1, (from, to) -> {
            for (int i = from * plane; i < to * plane; i++) {
                float v = op == 1 && coeffs.length > 0 ? coeffs[0] * in[0].data()[i] : in[0].data()[i];
                for (int k = 1; k < in.length; k++) {
                    float u = in[k].data()[i];
                    v = switch (op) {
                        case 0 -> v * u;
                        case 1 -> v + (coeffs.length > 0 ? coeffs[k] * u : u);
                        default -> Math.max(v, u);
                    };
                }
                out.data()[i] = v;
            }
        });
        return Layer.one(out);
    }
}
