package dev.flowsmith.restoration.sr;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.ncnn.NcnnNet;

import java.nio.file.Path;

/** An ncnn super-resolution network with the picture handling its family needs around it (tiles, borders, ranges). */
public interface NcnnFrameUpscaler {
    int scale();

    /** {@code in} (RGB 0..1) enlarged {@link #scale()} times, RGB 0..1. */
    VideoFrame upscale(VideoFrame in, Compute compute);

    /**
     * The upscaler for {@code NAME.param} (beside {@code NAME.bin}): Real-CUGAN when the graph has its
     * squeeze-excite blobs ({@code gap0..gap3}), otherwise a plain single-input network (Real-ESRGAN and kin).
     */
    static NcnnFrameUpscaler forParam(Path param, int scale) {
        String name = param.getFileName().toString();
        Path bin = param.resolveSibling(name.substring(0, name.length() - ".param".length()) + ".bin");
        NcnnNet net = NcnnNet.load(param, bin);
        if (net.inputs().size() != 1) {
            throw new ModelFormatException("The model " + name + " takes " + net.inputs().size() + " inputs; an upscaler takes one picture.",
                    net.inputs().toString());
        }
        if (RealCuganUpscaler.isRealCugan(net)) {
            return new RealCuganUpscaler(net, name, scale, RealCuganUpscaler.TILE);
        }
        return new NcnnUpscaler(net, scale, net.inputs().get(0), net.lastOutput(), 192);
    }
}
