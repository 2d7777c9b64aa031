package dev.flowsmith.restoration.quality;

import dev.flowsmith.media.VideoFrame;

import java.util.SplittableRandom;

/**
 * Flicker made on purpose, to score a deflicker against the clean frames: every frame gets a gain drawn per frame
 * (global, within +-{@code amount}), a left-to-right gradient of gain (per-region flicker, up to +-amount/2 across the
 * frame) and a small per-channel tint (+-amount/5), seeded so a run repeats; values are clipped to 0..1 as a real
 * camera or scanner would.
 */
public final class SyntheticFlicker {
    private SyntheticFlicker() {
    }

    public static VideoFrame apply(VideoFrame f, double amount, long seed) {
        // SplittableRandom mixes its seed: java.util.Random's first draws for consecutive seeds are nearly equal
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + f.index());
        double global = 1 + amount * (2 * r.nextDouble() - 1), slope = amount * (2 * r.nextDouble() - 1);
        double[] tint = {1 + amount / 5 * (2 * r.nextDouble() - 1), 1 + amount / 5 * (2 * r.nextDouble() - 1),
                1 + amount / 5 * (2 * r.nextDouble() - 1)};
        int w = f.width(), h = f.height(), plane = w * h;
        VideoFrame out = f.copy();
        float[] d = f.data(), o = out.data();
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = ch * plane + y * w + x;
                    double g = global * tint[ch] * (1 + slope * ((x + 0.5) / w - 0.5));
                    o[i] = (float) Math.max(0, Math.min(1, d[i] * g));
                }
            }
        }
        return out;
    }
}
