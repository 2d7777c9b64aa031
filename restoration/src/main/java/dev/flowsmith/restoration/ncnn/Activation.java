package dev.flowsmith.restoration.ncnn;

/** The activation fused into Convolution / Deconvolution / InnerProduct (ncnn's activation_type 0-6). */
final class Activation {
    private final int type;
    private final float a;
    private final float b;

    private Activation(int type, float a, float b) {
        this.type = type;
        this.a = a;
        this.b = b;
    }

    static Activation of(ParamDict p, String where) {
        int type = p.i(9, 0);
        float[] params = p.a(10, new float[0]);
        if (type < 0 || type > 6) {
            throw new IllegalArgumentException(where + ": activation type " + type + " is not one ncnn defines (0-6)");
        }
        float a = params.length > 0 ? params[0] : type == 3 ? -Float.MAX_VALUE : type == 6 ? 1f / 6 : 0f;
        float b = params.length > 1 ? params[1] : type == 6 ? 0.5f : Float.MAX_VALUE;
        return new Activation(type, a, b);
    }

    boolean none() {
        return type == 0;
    }

    /** The slope below zero when this is ReLU (0) or leaky ReLU; -1 for any other activation. */
    float leakySlope() {
        return type == 1 ? 0f : type == 2 && a >= 0 ? a : -1f;
    }

    float apply(float v) {
        return switch (type) {
            case 1 -> Math.max(v, 0f);
            case 2 -> v > 0 ? v : v * a;
            case 3 -> Math.min(Math.max(v, a), b);
            case 4 -> (float) (1 / (1 + Math.exp(-v)));
            case 5 -> (float) (v * Math.tanh(Math.log1p(Math.exp(v))));
            case 6 -> v * Math.min(Math.max(v * a + b, 0f), 1f); // hardswish with alpha, beta
            default -> v;
        };
    }

    void applyAll(float[] x, int from, int to) {
        if (type == 0) {
            return;
        }
        for (int i = from; i < to; i++) {
            x[i] = apply(x[i]);
        }
    }
}
