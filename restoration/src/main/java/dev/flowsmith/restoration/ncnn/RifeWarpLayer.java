package dev.flowsmith.restoration.ncnn;

/**
 * RIFE's custom {@code rife.Warp}: backward warp of an image by a two-channel flow (x, y displacement in
 * pixels), bilinear, the sample position clamped to the picture (PyTorch grid_sample, border padding,
 * align_corners=True, which RIFE uses).
 */
final class RifeWarpLayer implements Layer {
    private final String name;

    RifeWarpLayer(String name) {
        this.name = name;
    }

    @Override
    public Mat[] forward(Mat[] in, Compute compute) {
        Mat img = in[0], flow = in[1];
        if (flow.c() != 2 || flow.h() != img.h() || flow.w() != img.w()) {
            throw new IllegalArgumentException("layer " + name + " warps " + img.shape() + " by a flow of " + flow.shape());
        }
        int h = img.h(), w = img.w(), plane = h * w;
        Mat out = Mat.zeros(img.c(), h, w);
        compute.range().run(h, 4, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    float sx = Math.max(0f, Math.min(w - 1f, x + flow.data()[i]));
                    float sy = Math.max(0f, Math.min(h - 1f, y + flow.data()[plane + i]));
                    int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                    int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
                    float ax = sx - x0, ay = sy - y0;
                    for (int c = 0; c < img.c(); c++) {
                        int b = c * plane;
                        float[] d = img.data();
                        float top = d[b + y0 * w + x0] * (1 - ax) + d[b + y0 * w + x1] * ax;
                        float bot = d[b + y1 * w + x0] * (1 - ax) + d[b + y1 * w + x1] * ax;
                        out.data()[b + i] = top * (1 - ay) + bot * ay;
                    }
                }
            }
        });
        return Layer.one(out);
    }
}
