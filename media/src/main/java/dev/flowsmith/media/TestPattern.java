package dev.flowsmith.media;

import java.nio.file.Path;
import java.util.List;

/**
 * A synthetic moving test clip (colour bars, a gradient and a moving disc) written through
 * {@link VideoWriter}: sample media for the demo command and for tests, with no files needed.
 */
public final class TestPattern {
    private TestPattern() {
    }

    /** Writes {@code frames} frames of {@code width x height} at {@code fps} as H.264 to {@code target}. */
    public static Path write(Path target, int width, int height, int fps, int frames, boolean overwrite) {
        Rational tb = new Rational(1, fps);
        VideoWriter.Config cfg = new VideoWriter.Config(new EncoderSettings(VideoCodec.H264, 20, "veryfast", 8),
                width, height, tb, new Rational(fps, 1), ColorInfo.bt709(), overwrite, List.of());
        VideoFrame f = new VideoFrame(width, height);
        try (VideoWriter w = VideoWriter.open(target, cfg)) {
            for (int i = 0; i < frames; i++) {
                render(f, i, frames);
                f.setPosition(i, i, tb);
                w.write(f);
            }
            return w.finish();
        }
    }

    /** Draws frame {@code i} of {@code n} into {@code f}. */
    public static void render(VideoFrame f, int i, int n) {
        int w = f.width(), h = f.height(), plane = w * h;
        float[] d = f.data();
        float[][] bars = {{1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0}, {1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0}};
        double cx = w * (0.15 + 0.7 * (double) i / Math.max(1, n - 1)), cy = h * 0.7, r = h * 0.12;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float rr, gg, bb;
                if (y < h / 2) {
                    float[] c = bars[Math.min(7, x * 8 / w)];
                    rr = 0.1f + 0.8f * c[0];
                    gg = 0.1f + 0.8f * c[1];
                    bb = 0.1f + 0.8f * c[2];
                } else {
                    float g = (float) x / w;
                    rr = g;
                    gg = g * 0.5f + 0.25f * (float) Math.sin((x + 4 * i) * 0.05);
                    bb = 1 - g;
                }
                double dx = x - cx, dy = y - cy;
                if (dx * dx + dy * dy < r * r) {
                    rr = 0.95f;
                    gg = 0.85f;
                    bb = 0.2f;
                }
                d[p] = clamp(rr);
                d[plane + p] = clamp(gg);
                d[2 * plane + p] = clamp(bb);
            }
        }
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
