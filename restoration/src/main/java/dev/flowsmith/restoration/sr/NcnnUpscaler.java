package dev.flowsmith.restoration.sr;

import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.ncnn.Mat;
import dev.flowsmith.restoration.ncnn.NcnnNet;

import java.nio.file.Path;
import java.util.Map;

/**
 * A super-resolution network in ncnn form (Real-ESRGAN animevideov3 x2/x3/x4: RGB 0..1 in, RGB 0..1 out at
 * {@code scale} times the size), run tile by tile: each tile is cut with {@link #CONTEXT} pixels of the
 * picture around it, upscaled, and only its own part kept, so any frame size runs in bounded memory and the
 * seams match an untiled run. At the picture's border the picture is mirrored {@link #EDGE} pixels out (about the
 * edge pixel), as the reference binaries do (their "prepadding"), so the outermost pixels match theirs too.
 */
public final class NcnnUpscaler implements NcnnFrameUpscaler {
    /** Pixels of context on each side of a tile: more than the network's reach (18 3x3 convolutions). */
    public static final int CONTEXT = 20;
    /** Pixels mirrored outside the picture (realesrgan-ncnn-vulkan's prepadding for these models). */
    public static final int EDGE = 10;
    private final NcnnNet net;
    private final int scale;
    private final String input;
    private final String output;
    private final int tile;

    public NcnnUpscaler(NcnnNet net, int scale, String input, String output, int tile) {
        if (scale < 1 || scale > 8 || tile < 16 || tile > 4096) {
            throw new IllegalArgumentException("scale " + scale + ", tile " + tile);
        }
        this.net = net;
        this.scale = scale;
        this.input = input;
        this.output = output;
        this.tile = tile;
    }

    /** Real-ESRGAN {@code realesr-animevideov3-xN} from {@code dir}. */
    public static NcnnUpscaler realEsrganAnimeVideo(Path dir, int scale) {
        String base = "realesr-animevideov3-x" + scale;
        NcnnNet net = NcnnNet.load(dir.resolve(base + ".param"), dir.resolve(base + ".bin"));
        return new NcnnUpscaler(net, scale, "data", "output", 192);
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public VideoFrame upscale(VideoFrame in, Compute compute) {
        int w = in.width(), h = in.height(), ow = w * scale, oh = h * scale;
        VideoFrame out = new VideoFrame(ow, oh);
        for (int ty = 0; ty < h; ty += tile) {
            for (int tx = 0; tx < w; tx += tile) {
                int tw = Math.min(tile, w - tx), th = Math.min(tile, h - ty);
                int x0 = tx == 0 ? -EDGE : Math.max(0, tx - CONTEXT), y0 = ty == 0 ? -EDGE : Math.max(0, ty - CONTEXT);
                int x1 = tx + tw == w ? w + EDGE : Math.min(w, tx + tw + CONTEXT);
                int y1 = ty + th == h ? h + EDGE : Math.min(h, ty + th + CONTEXT);
                Mat m = Mat.zeros(3, y1 - y0, x1 - x0);
                for (int c = 0; c < 3; c++) {
                    for (int y = y0; y < y1; y++) {
                        int sy = mirror(y, h), row = (c * m.h() + y - y0) * m.w();
                        for (int x = x0; x < x1; x++) {
                            m.data()[row + x - x0] = in.data()[(c * h + sy) * w + mirror(x, w)];
                        }
                    }
                }
                Mat r = net.run(Map.of(input, m), output, compute);
                if (r.c() != 3 || r.w() != m.w() * scale || r.h() != m.h() * scale) {
                    throw new ModelFormatException("The upscaling model gives a " + r.shape() + " result for a " + m.shape()
                            + " tile, not " + scale + " times its size (check the model's scale).", r.shape());
                }
                int offX = (tx - x0) * scale, offY = (ty - y0) * scale;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < th * scale; y++) {
                        int src = (c * r.h() + offY + y) * r.w() + offX, dst = (c * oh + ty * scale + y) * ow + tx * scale;
                        for (int x = 0; x < tw * scale; x++) {
                            out.data()[dst + x] = Math.max(0f, Math.min(1f, r.data()[src + x]));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Index {@code i} reflected into {@code [0, n)} about the edge pixels (no edge repeat). */
    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int a = Math.abs(i);
        a = (n - 1) - Math.abs(a - (n - 1));
        return Math.max(0, Math.min(n - 1, a));
    }
}
