package dev.flowsmith.restoration.sr;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.ncnn.Mat;
import dev.flowsmith.restoration.ncnn.NcnnNet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real-CUGAN (bilibili's cascaded U-Nets for animation, {@code up2x-*} / {@code up4x-*} ncnn models) around its
 * network: the picture divided by 255 is reflected {@link #prepadding} pixels out (plus up to an even size) as
 * realcugan-ncnn-vulkan does, the network trims that border itself (unpadded convolutions and crops), and the x4
 * model's result is a residual over the nearest-upscaled input.
 *
 * <p>Tiles are exact, except for one thing: the network's four squeeze-excite blocks scale channels by means over
 * the whole picture ({@code gap0..gap3}), which a tile cannot see. A frame that fits one tile runs whole (exact);
 * a larger one takes those means from patches sampled over the frame first ({@link #sampledGaps}, what the reference's
 * default "sync gap" mode does) and every tile then runs with the same means, so tiles agree with each other and
 * the seams do not show.
 */
public final class RealCuganUpscaler implements NcnnFrameUpscaler {
    /** Default tile side (output is the same for any tile size; this bounds memory: ~64 channels at full size). */
    public static final int TILE = 256;
    /** Side of the patches the squeeze-excite means are sampled from, and the spacing between them (in patches). */
    static final int PATCH = 64, EVERY = 3;
    static final List<String> GAPS = List.of("gap0", "gap1", "gap2", "gap3");
    private final NcnnNet net;
    private final String name;
    private final String input;
    private final int scale;
    private final int prepadding;
    private final int align;
    private final int tile;

    RealCuganUpscaler(NcnnNet net, String name, int scale, int tile) {
        if (scale < 2 || scale > 4 || tile < 32 || tile > 4096) {
            throw new ModelFormatException("The Real-CUGAN model " + name + " cannot run at scale " + scale
                    + " (its models enlarge 2, 3 or 4 times).", "scale " + scale + ", tile " + tile);
        }
        this.net = net;
        this.name = name;
        this.input = net.inputs().get(0);
        this.scale = scale;
        // realcugan-ncnn-vulkan's prepadding and size alignment for each scale
        this.prepadding = scale == 2 ? 18 : scale == 3 ? 14 : 19;
        this.align = scale == 3 ? 4 : 2;
        this.tile = tile;
    }

    static boolean isRealCugan(NcnnNet net) {
        return GAPS.stream().allMatch(net::makes);
    }

    RealCuganUpscaler withTile(int side) {
        return new RealCuganUpscaler(net, name, scale, side);
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public VideoFrame upscale(VideoFrame in, Compute compute) {
        int w = in.width(), h = in.height();
        if (w <= tile && h <= tile) {
            return upscale(in, Map.of(), compute);
        }
        return upscale(in, sampledGaps(in, compute), compute);
    }

    /** {@code in} upscaled tile by tile with the squeeze-excite means {@code gaps} (none: each tile its own). */
    VideoFrame upscale(VideoFrame in, Map<String, Mat> gaps, Compute compute) {
        int w = in.width(), h = in.height(), ow = w * scale, oh = h * scale;
        VideoFrame out = new VideoFrame(ow, oh);
        for (int ty = 0; ty < h; ty += tile) {
            for (int tx = 0; tx < w; tx += tile) {
                int tw = Math.min(tile, w - tx), th = Math.min(tile, h - ty);
                Mat m = padded(in, tx, ty, tw, th);
                Map<String, Mat> given = new HashMap<>(gaps);
                given.put(input, m);
                Mat r = net.run(given, net.lastOutput(), compute);
                // the network's result covers the tile and its alignment pixels, at the scale it was trained for
                if (r.c() != 3 || r.w() != (m.w() - 2 * prepadding) * scale || r.h() != (m.h() - 2 * prepadding) * scale) {
                    throw new ModelFormatException("The Real-CUGAN model " + name + " gives a " + r.shape() + " result for a " + tw + "x"
                            + th + " tile, not " + scale + " times its size (check that the model's name matches its scale).", r.shape());
                }
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < th * scale; y++) {
                        int src = (c * r.h() + y) * r.w(), dst = (c * oh + ty * scale + y) * ow + tx * scale;
                        int near = (c * h + ty + y / scale) * w + tx;
                        for (int x = 0; x < tw * scale; x++) {
                            float v = r.data()[src + x] + (scale == 4 ? in.data()[near + x / scale] : 0f);
                            out.data()[dst + x] = Math.max(0f, Math.min(1f, v));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The squeeze-excite means averaged over patches of {@link #PATCH} pixels, every {@link #EVERY}th one across and
     * down (about a ninth of the frame; at least the centre patch), each run with its own means.
     */
    Map<String, Mat> sampledGaps(VideoFrame in, Compute compute) {
        int w = in.width(), h = in.height();
        int pw = Math.min(PATCH, w), ph = Math.min(PATCH, h);
        int nx = Math.max(1, w / pw), ny = Math.max(1, h / ph);
        Map<String, float[]> sum = new HashMap<>();
        Map<String, Mat> shapes = new HashMap<>();
        int count = 0;
        for (int py = ny < EVERY ? ny / 2 : EVERY / 2; py < ny; py += EVERY) {
            for (int px = nx < EVERY ? nx / 2 : EVERY / 2; px < nx; px += EVERY) {
                Map<String, Mat> g = net.extract(Map.of(input, padded(in, px * pw, py * ph, pw, ph)), GAPS, compute);
                for (String k : GAPS) {
                    Mat m = g.get(k);
                    shapes.putIfAbsent(k, m);
                    float[] acc = sum.computeIfAbsent(k, x -> new float[m.data().length]);
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] += m.data()[i];
                    }
                }
                count++;
            }
        }
        Map<String, Mat> gaps = new HashMap<>();
        for (String k : GAPS) {
            float[] acc = sum.get(k);
            for (int i = 0; i < acc.length; i++) {
                acc[i] /= count;
            }
            Mat s = shapes.get(k);
            gaps.put(k, new Mat(s.c(), s.h(), s.w(), acc));
        }
        return gaps;
    }

    /** The squeeze-excite means of the whole frame run as one piece (for tests: what a tiled run should reproduce). */
    Map<String, Mat> wholeFrameGaps(VideoFrame in, Compute compute) {
        return net.extract(Map.of(input, padded(in, 0, 0, in.width(), in.height())), GAPS, compute);
    }

    /** The network's input for the tile at (tx, ty): {@code prepadding} around it, to an aligned size, reflected at the frame edge. */
    private Mat padded(VideoFrame in, int tx, int ty, int tw, int th) {
        int w = in.width(), h = in.height();
        int extraW = (tw + align - 1) / align * align - tw, extraH = (th + align - 1) / align * align - th;
        int x0 = tx - prepadding, y0 = ty - prepadding, mw = tw + 2 * prepadding + extraW, mh = th + 2 * prepadding + extraH;
        Mat m = Mat.zeros(3, mh, mw);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < mh; y++) {
                int sy = NcnnUpscaler.mirror(y0 + y, h), row = (c * mh + y) * mw, srow = (c * h + sy) * w;
                for (int x = 0; x < mw; x++) {
                    m.data()[row + x] = in.data()[srow + NcnnUpscaler.mirror(x0 + x, w)];
                }
            }
        }
        return m;
    }
}
