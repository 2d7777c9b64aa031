package dev.flowsmith.editing.keyframes;

import dev.flowsmith.kernels.KeyframeKernels;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.ProgressListener;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive keyframe selection after AdaFlow: walk the video keeping a reference frame; a frame whose
 * patches no longer find good matches in it (mean below {@code tauMean}, or any region below
 * {@code tauRegion}), or that is {@code maxLength} frames away, starts a new segment and becomes the
 * reference (the boundary frame itself, not the one after it as in AdaFlow's code). Each segment's
 * keyframe is its medoid: the frame whose mean-pooled descriptor is closest to all the others (most
 * representative, never random). Memory: one reference and one frame of features, plus one pooled
 * descriptor per frame of the current segment.
 */
public final class KeyframeSelector {
    /** Thresholds; {@link #ofSensitivity} maps the studio's single "segment sensitivity" onto them. */
    public record Params(double tauMean, double tauRegion, int maxLength) {
        /** 12 frames at most: on the shared clips stylisation propagates at 31 dB with 12, 25 dB with 24, 23 dB with 48. */
        public static final Params DEFAULTS = new Params(0.75, 0.6, 12);

        /** Sensitivity 0..1: 0.5 gives the defaults; higher cuts more segments (more keyframes). */
        public static Params ofSensitivity(double s, int maxLength) {
            double d = (s - 0.5) * 0.4;
            return new Params(Math.min(0.98, 0.75 + d), Math.min(0.95, 0.6 + d), maxLength);
        }
    }

    /** A segment [start, end) of frames and its keyframe. */
    public record Segment(int start, int end, int keyframe) {
    }

    /** Mean similarity above which a frame counts as unchanged (a still shot needs no extra keyframes). */
    static final double STILL = 0.97;
    /** Proxy pixels between the candidate patches a reference patch is matched against (the grid: {@value FrameFeatures#PATCH}). */
    static final int DENSE_STRIDE = 2;

    private KeyframeSelector() {
    }

    public static List<Segment> select(Path video, Params p, ProgressListener progress, CancellationToken cancel) {
        try (VideoReader r = VideoReader.open(video)) {
            long total = r.info().frameCount();
            int[] g = FrameFeatures.grid(r.width(), r.height());
            List<Segment> out = new ArrayList<>();
            float[] ref = null;
            List<float[]> pooled = new ArrayList<>();
            int start = 0, index = 0;
            VideoFrame f;
            FeatureCache cache = FeatureCache.open(video, g[0] * g[1] * FrameFeatures.DIM);
            while ((f = r.read()) != null) {
                cancel.check();
                float[] feat = cache.get(index, f);
                if (ref == null) {
                    ref = feat;
                } else {
                    Similarity s = Similarity.of(ref, feat, g[0], g[1]);
                    if (cuts(s, p, index - start)) {
                        // before cutting, the frame's patches at every other proxy pixel, not only on the grid: a reference
                        // patch finds its content moved by part of a patch (fast motion), so motion alone does not start a
                        // segment. The dense candidates include the grid's, so they only ever raise the similarity: where
                        // the grid already keeps the segment, the dense test would too.
                        s = Similarity.of(ref, FrameFeatures.dense(f, DENSE_STRIDE), g[0], g[1]);
                    }
                    // (the length cap in cuts() only cuts content that moves: a static shot stays one segment)
                    if (cuts(s, p, index - start)) {
                        out.add(new Segment(start, index, start + medoid(pooled)));
                        pooled.clear();
                        start = index;
                        ref = feat;
                    }
                }
                pooled.add(pool(feat));
                index++;
                progress.onProgress(index, total);
            }
            if (index > start) {
                out.add(new Segment(start, index, start + medoid(pooled)));
            }
            cache.finish(index);
            return out;
        }
    }

    /** Whether similarity {@code s} at {@code length} frames into the segment starts a new one. */
    private static boolean cuts(Similarity s, Params p, int length) {
        return s.mean() < p.tauMean() || s.worstRegion() < p.tauRegion() || length >= p.maxLength() && s.mean() < STILL;
    }

    /** Mean of a frame's patch descriptors, unit length: a whole-frame descriptor. */
    static float[] pool(float[] feat) {
        int c = FrameFeatures.DIM, n = feat.length / c;
        float[] m = new float[c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                m[k] += feat[i * c + k];
            }
        }
        KeyframeKernels.normalizeRows(m, m, c, 0, 1);
        return m;
    }

    /** Index of the vector with the largest summed cosine to all others. */
    static int medoid(List<float[]> v) {
        int best = 0;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.size(); i++) {
            double sum = 0;
            for (float[] o : v) {
                double dot = 0;
                for (int k = 0; k < o.length; k++) {
                    dot += v.get(i)[k] * o[k];
                }
                sum += dot;
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = i;
            }
        }
        return best;
    }
}
