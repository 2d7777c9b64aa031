package dev.flowsmith.bench.interp;

import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.ncnn.Compute;

import java.nio.file.Path;
import java.util.Locale;

/**
 * RIFE v4.6 seconds per made frame at one size, on the host (OpenBLAS) and, with {@code --device SPEC}, with the
 * convolutions on that compute device, in the same process; prints both, the ratio, how far the two results are
 * apart and where the time goes. For the 1280x720 CPU target and the GPU machine's 1080p target (issue #16).
 * Usage: RifeSpeedBenchmark MODEL_DIR WIDTHxHEIGHT [--device opencl:0] [--frames N]
 */
public final class RifeSpeedBenchmark {
    public static void main(String[] args) {
        RifeModel rife = RifeModel.load(Path.of(args[0]));
        String[] wh = args[1].split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]), frames = 3;
        String device = null;
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals("--device")) {
                device = args[i + 1];
            } else if (args[i].equals("--frames")) {
                frames = Integer.parseInt(args[i + 1]);
            }
        }
        // two frames with structure and motion: a gradient pattern shifted by 3 pixels
        VideoFrame a = new VideoFrame(w, h), b = new VideoFrame(w, h);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    a.data()[(c * h + y) * w + x] = (float) (0.5 + 0.4 * Math.sin((x + 7 * c) * 0.05) * Math.cos(y * 0.07));
                    b.data()[(c * h + y) * w + x] = (float) (0.5 + 0.4 * Math.sin((x + 3 + 7 * c) * 0.05) * Math.cos(y * 0.07));
                }
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        double host;
        VideoFrame hostMid;
        try (Compute c = new Compute(threads)) {
            hostMid = rife.interpolate(a, b, 0.5f, c);
            host = time(rife, a, b, c, frames);
            System.out.printf(Locale.ROOT, "%dx%d host (%s): %.3f s per frame (%.2f frames/s); %s%n", w, h, c.describe(), host, 1 / host,
                    c.timeByLayerType());
        }
        if (device != null) {
            try (Compute c = new Compute(threads, Backends.open(device))) {
                VideoFrame mid = rife.interpolate(a, b, 0.5f, c);
                double dev = time(rife, a, b, c, frames);
                double se = 0;
                for (int i = 0; i < mid.data().length; i++) {
                    double d = mid.data()[i] - hostMid.data()[i];
                    se += d * d;
                }
                System.out.printf(Locale.ROOT, "%dx%d device (%s): %.3f s per frame (%.2f frames/s), %.2fx the host; %.1f dB from the "
                        + "host's frame; %s%n", w, h, c.describe(), dev, 1 / dev, host / dev, 10 * Math.log10(mid.data().length / Math.max(se, 1e-12)),
                        c.timeByLayerType());
            }
        }
    }

    static double time(RifeModel rife, VideoFrame a, VideoFrame b, Compute c, int frames) {
        c.timeByLayerType(); // reset the account
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            rife.interpolate(a, b, 0.5f, c);
        }
        return (System.nanoTime() - t0) / 1e9 / frames;
    }
}
