package dev.flowsmith.diffusion.nn;

/** A planar feature map of one image, {@code [c][h][w]}: what the convolutional parts of the VAE and the UNet pass on. */
public record FeatureMap(float[] x, int c, int h, int w) {
    public FeatureMap {
        if (x.length != c * h * w) {
            throw new IllegalArgumentException(x.length + " values for a " + c + "x" + h + "x" + w + " feature map");
        }
    }

    public int plane() {
        return h * w;
    }

    public FeatureMap silu() {
        return new FeatureMap(Ops.silu(x), c, h, w);
    }

    /** Elementwise sum with a map of the same shape (residual connections). */
    public FeatureMap plus(FeatureMap o) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += o.x[i];
        }
        return new FeatureMap(y, c, h, w);
    }

    /** {@code this} with {@code o}'s channels after its own (the UNet's skip connections, torch.cat on dim 1). */
    public FeatureMap concat(FeatureMap o) {
        float[] y = java.util.Arrays.copyOf(x, x.length + o.x.length);
        System.arraycopy(o.x, 0, y, x.length, o.x.length);
        return new FeatureMap(y, c + o.c, h, w);
    }

    /** Nearest-neighbour 2x enlargement (diffusers' Upsample2D before its convolution). */
    public FeatureMap upsample2x() {
        int oh = 2 * h, ow = 2 * w;
        float[] y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < oh; r++) {
                for (int col = 0; col < ow; col++) {
                    y[(ch * oh + r) * ow + col] = x[(ch * h + r / 2) * w + col / 2];
                }
            }
        }
        return new FeatureMap(y, c, oh, ow);
    }

    /** One zero row and column at the bottom and right (the VAE's Downsample2D before its stride-2 convolution). */
    public FeatureMap padRightBottom() {
        int oh = h + 1, ow = w + 1;
        float[] y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, (ch * h + r) * w, y, (ch * oh + r) * ow, w);
            }
        }
        return new FeatureMap(y, c, oh, ow);
    }

    /** The map as tokens, one row of {@code c} values per position: {@code [h*w][c]}. */
    public float[] tokens() {
        int n = plane();
        float[] t = new float[n * c];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                t[i * c + ch] = x[ch * n + i];
            }
        }
        return t;
    }

    /** {@code this} plus tokens {@code [h*w][c]} laid back on the map (attention blocks' residual). */
    public FeatureMap plusTokens(float[] t) {
        int n = plane();
        float[] y = x.clone();
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                y[ch * n + i] += t[i * c + ch];
            }
        }
        return new FeatureMap(y, c, h, w);
    }
}
