package dev.flowsmith.restoration.denoise;

import dev.flowsmith.media.VideoFrame;

/**
 * Gaussian noise level of a frame (Immerkaer 1996): the mean absolute response of the Laplacian-
 * difference mask [1 -2 1; -2 4 -2; 1 -2 1] on luma, times sqrt(pi/2)/6, which cancels image structure
 * to first order. Returns sigma in the 0..1 scale of the frame.
 */
public final class NoiseEstimator {
    private NoiseEstimator() {
    }

    public static double sigma(VideoFrame f) {
        int w = f.width(), h = f.height(), plane = w * h;
        if (w < 3 || h < 3) {
            return 0;
        }
        float[] d = f.data();
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double acc = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int i = (y + dy) * w + x + dx;
                        double l = 0.299 * d[i] + 0.587 * d[plane + i] + 0.114 * d[2 * plane + i];
                        int k = (dx == 0 ? 2 : 1) * (dy == 0 ? 2 : 1) * ((dx == 0) == (dy == 0) ? 1 : -1);
                        acc += k * l;
                    }
                }
                sum += Math.abs(acc);
            }
        }
        // luma of i.i.d. RGB noise has sigma * sqrt(0.299^2 + 0.587^2 + 0.114^2) = 0.668 sigma
        return Math.sqrt(Math.PI / 2) * sum / (6.0 * (w - 2) * (h - 2)) / 0.6684;
    }
}
