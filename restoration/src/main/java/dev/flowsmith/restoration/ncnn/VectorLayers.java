package dev.flowsmith.restoration.ncnn;

/** Global pooling to a per-channel vector and InnerProduct on it (the squeeze-excite blocks of Real-CUGAN). */
final class VectorLayers {
    private VectorLayers() {
    }

    static Layer pooling(String name, ParamDict p) {
        int type = p.i(0, 0);
        boolean global = p.i(4, 0) != 0;
        if (!global || type < 0 || type > 1) {
            throw new IllegalArgumentException("layer " + name + " uses windowed or type-" + type
                    + " Pooling; Flowsmith runs global max and average pooling only");
        }
        return (in, compute) -> {
            Mat m = in[0];
            Mat out = Mat.zeros(m.c(), 1, 1);
            int plane = m.plane();
            for (int c = 0; c < m.c(); c++) {
                double acc = type == 0 ? Double.NEGATIVE_INFINITY : 0;
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    acc = type == 0 ? Math.max(acc, m.data()[i]) : acc + m.data()[i];
                }
                out.data()[c] = (float) (type == 0 ? acc : acc / plane);
            }
            return Layer.one(out);
        };
    }

    static Layer innerProduct(String name, ParamDict p, WeightReader wr) {
        int n = p.i(0, 0), size = p.i(2, 0);
        boolean hasBias = p.i(1, 0) != 0;
        if (n < 1 || size < n || size % n != 0 || p.i(8, 0) != 0) {
            throw new IllegalArgumentException("layer " + name + " has num_output " + n + " and weight_data_size " + size);
        }
        Activation act = Activation.of(p, "layer " + name);
        float[] w = wr.load(size, true, name);
        float[] b = hasBias ? wr.load(n, false, name) : new float[n];
        int k = size / n;
        return (in, compute) -> {
            Mat m = in[0];
            if (m.data().length != k) {
                throw new IllegalArgumentException("layer " + name + " expects " + k + " inputs, got " + m.shape());
            }
            Mat out = Mat.zeros(n, 1, 1);
            for (int o = 0; o < n; o++) {
                float s = b[o];
                for (int i = 0; i < k; i++) {
                    s += w[o * k + i] * m.data()[i];
                }
                out.data()[o] = act.apply(s);
            }
            return Layer.one(out);
        };
    }
}
