package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.ncnn.Mat;
import dev.flowsmith.restoration.ncnn.NcnnNet;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * RIFE v4.x frame interpolation (IFNet, the ncnn export rife-ncnn-vulkan ships: {@code flownet.param/.bin},
 * inputs {@code in0}, {@code in1} RGB 0..1 and {@code in2} the timestep as a plane, output {@code out0}). Frames
 * are padded with zeros on the right and bottom to a multiple of {@link #PAD} as the reference does, and the
 * result cut back; any timestep in (0, 1) works (v4 takes it as an input, no recursion).
 */
public final class RifeModel {
    /** The reference pads v4 inputs to a multiple of 32 pixels. */
    public static final int PAD = 32;
    private final NcnnNet net;
    private final Path dir;

    private RifeModel(Path dir, NcnnNet net) {
        this.dir = dir;
        this.net = net;
    }

    /** A RIFE v4 model folder (with {@code flownet.param} and {@code flownet.bin}). */
    public static RifeModel load(Path dir) {
        Path param = dir.resolve("flownet.param"), bin = dir.resolve("flownet.bin");
        if (!Files.isRegularFile(param) || !Files.isRegularFile(bin)) {
            throw new ModelFormatException("The folder " + dir + " is not a RIFE model (it needs flownet.param and flownet.bin; "
                    + "install one with 'flowsmith models download rife-v4.6').", "missing " + param);
        }
        NcnnNet net = NcnnNet.load(param, bin);
        if (!net.inputs().containsAll(java.util.List.of("in0", "in1", "in2"))) {
            throw new ModelFormatException("The model " + param + " is not a RIFE v4 model (it has inputs " + net.inputs()
                    + ", not in0, in1 and in2).", "inputs " + net.inputs());
        }
        return new RifeModel(dir, net);
    }

    public Path folder() {
        return dir;
    }

    /** The frame at {@code t} (0 = a, 1 = b) between {@code a} and {@code b}, same size, RGB 0..1. */
    public VideoFrame interpolate(VideoFrame a, VideoFrame b, float t, Compute compute) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("frames of " + a.width() + "x" + a.height() + " and " + b.width() + "x" + b.height());
        }
        if (!(t > 0 && t < 1)) {
            throw new IllegalArgumentException("timestep " + t);
        }
        int w = a.width(), h = a.height(), pw = (w + PAD - 1) / PAD * PAD, ph = (h + PAD - 1) / PAD * PAD;
        Mat out = net.run(Map.of("in0", padded(a, pw, ph), "in1", padded(b, pw, ph), "in2", Mat.filled(1, ph, pw, t)), "out0", compute);
        VideoFrame f = new VideoFrame(w, h);
        float[] d = f.data();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = Math.max(0f, Math.min(1f, out.data()[(c * ph + y) * pw + x]));
                }
            }
        }
        return f;
    }

    private static Mat padded(VideoFrame f, int pw, int ph) {
        int w = f.width(), h = f.height();
        Mat m = Mat.zeros(3, ph, pw);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(f.data(), (c * h + y) * w, m.data(), (c * ph + y) * pw, w);
            }
        }
        return m;
    }
}
