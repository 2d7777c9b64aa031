package dev.flowsmith.restoration.ncnn;

/** The per-value layers: ReLU (with slope: leaky), PReLU, Sigmoid, Clip. */
final class ElementwiseLayers {
    private ElementwiseLayers() {
    }

    interface Fn {
        float apply(int channel, float v);
    }

    static Layer of(Fn fn) {
        return (in, compute) -> {
            Mat x = in[0];
            Mat out = Mat.zeros(x.c(), x.h(), x.w());
            int plane = x.plane();
            compute.range().run(x.c(), 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    for (int i = c * plane; i < (c + 1) * plane; i++) {
                        out.data()[i] = fn.apply(c, x.data()[i]);
                    }
                }
            });
            return Layer.one(out);
        };
    }

    /** ReLU with a slope below zero (0: plain ReLU, else leaky), kept as a type so the graph can fold it into a convolution. */
    record Slope(float slope) implements Layer {
        @Override
        public Mat[] forward(Mat[] in, Compute compute) {
            return of((c, v) -> v > 0 ? v : v * slope).forward(in, compute);
        }
    }

    static Layer sigmoid() {
        return of((c, v) -> (float) (1 / (1 + Math.exp(-v))));
    }

    static Layer clip(ParamDict p) {
        float lo = p.f(0, -Float.MAX_VALUE), hi = p.f(1, Float.MAX_VALUE);
        return of((c, v) -> Math.min(Math.max(v, lo), hi));
    }

    static Layer prelu(String name, ParamDict p, WeightReader wr) {
        int n = p.i(0, 0);
        if (n < 1) {
            throw new IllegalArgumentException("layer " + name + " has num_slope " + n);
        }
        float[] slope = wr.load(n, false, name);
        return (in, compute) -> {
            if (n != 1 && n != in[0].c()) {
                throw new IllegalArgumentException("layer " + name + " has " + n + " slopes for " + in[0].c() + " channels");
            }
            return of((c, v) -> v > 0 ? v : v * slope[n == 1 ? 0 : c]).forward(in, compute);
        };
    }
}
