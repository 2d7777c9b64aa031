package dev.flowsmith.diffusion.nn;

import dev.flowsmith.diffusion.weights.ModelFormatException;
import dev.flowsmith.diffusion.weights.SafetensorsFile;
import dev.flowsmith.kernels.ConvKernels;

import java.util.HashMap;
import java.util.Map;

/**
 * A model's tensors by their published names, widened to float once, and the layers that read them (convolution,
 * group and layer norm, linear), each checking that a tensor's size is what the config implies.
 */
public final class Weights {
    private final Map<String, float[]> w = new HashMap<>();
    private final String model;

    /** Reads every tensor of {@code f}; {@code model} names the model in messages ("The UNet weights lack ..."). */
    public Weights(SafetensorsFile f, String model) {
        this.model = model;
        for (String name : f.names()) {
            w.put(name, f.tensor(name).data());
        }
    }

    public boolean has(String name) {
        return w.containsKey(name);
    }

    public float[] p(String name) {
        float[] v = w.get(name);
        if (v == null) {
            throw new ModelFormatException("The " + model + " weights lack '" + name + "' (not the diffusers layout this config describes?).");
        }
        return v;
    }

    /** {@code p(name)}, checked to hold {@code size} values. */
    public float[] p(String name, long size) {
        float[] v = p(name);
        if (v.length != size) {
            throw new ModelFormatException("'" + name + "' has " + v.length + " values; the " + model + " config implies " + size + ".");
        }
        return v;
    }

    /** A k x k convolution {@code prefix.weight} (+ {@code prefix.bias}) to {@code out} channels. */
    public FeatureMap conv(FeatureMap x, String prefix, int out, int k, int stride, int pad) {
        float[] weight = p(prefix + ".weight", (long) out * x.c() * k * k), bias = p(prefix + ".bias", out);
        int oh = ConvKernels.outSize(x.h(), k, stride, pad), ow = ConvKernels.outSize(x.w(), k, stride, pad);
        return new FeatureMap(Ops.conv2d(x.x(), weight, bias, x.c(), x.h(), x.w(), out, k, stride, pad), out, oh, ow);
    }

    public FeatureMap groupNorm(FeatureMap x, String prefix, int groups, float eps) {
        if (groups < 1 || x.c() % groups != 0) {
            throw new ModelFormatException("The " + model + " config's " + groups + " groups do not divide " + x.c() + " channels at " + prefix + ".");
        }
        return new FeatureMap(Ops.groupNorm(x.x(), p(prefix + ".weight", x.c()), p(prefix + ".bias", x.c()), x.c(), x.plane(), groups, eps),
                x.c(), x.h(), x.w());
    }

    /** torch Linear {@code prefix} on rows {@code [rows][in]}: weight {@code [out][in]}, the bias when the model has one. */
    public float[] linear(float[] x, int rows, int in, String prefix, int out) {
        float[] b = has(prefix + ".bias") ? p(prefix + ".bias", out) : null;
        return Ops.linear(x, rows, in, p(prefix + ".weight", (long) out * in), b, out);
    }

    /** torch LayerNorm {@code prefix} over the last dimension, with its weight and bias. */
    public float[] layerNorm(float[] x, int rows, int cols, String prefix, float eps) {
        float[] y = Ops.layerNorm(x, rows, cols, eps), g = p(prefix + ".weight", cols), b = p(prefix + ".bias", cols);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                y[r * cols + j] = y[r * cols + j] * g[j] + b[j];
            }
        }
        return y;
    }
}
