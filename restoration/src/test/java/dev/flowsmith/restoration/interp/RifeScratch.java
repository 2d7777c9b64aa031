package dev.flowsmith.restoration.interp;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.ncnn.Compute;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;

import java.nio.file.Path;

public class RifeScratch {
    public static void main(String[] args) {
        RifeModel m = RifeModel.load(Path.of(args[0]));
        VideoFrame a = Frames.load(Path.of(args[1]), 0), b = Frames.load(Path.of(args[2]), 1), ref = Frames.load(Path.of(args[3]), 2);
        try (Compute c = new Compute(2)) {
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                VideoFrame mid = m.interpolate(a, b, 0.5f, c);
                System.out.printf("%.2f s  PSNR vs reference %.2f dB, vs a %.2f%n", (System.nanoTime() - t0) / 1e9,
                        rgbPsnr(Frames.quantize(mid), ref), rgbPsnr(a, ref));
            }
        }
    }

    static double rgbPsnr(VideoFrame a, VideoFrame b) {
        double se = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            se += d * d;
        }
        return 10 * Math.log10(1 / (se / a.data().length));
    }
}
