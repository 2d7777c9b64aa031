package dev.flowsmith.restoration.ditvr;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.flow.FlowEstimator;

import java.util.List;

/**
 * Optical flow between the frames of a processing window, estimated once on the observed (input)
 * frames: for every ordered pair (f, g) with {@code 0 < |f - g| <= reach} the direct flow f -> g
 * (direct, not chained, so errors do not add up) and its forward-backward confidence (0 where the
 * pixel is occluded or leaves the frame). Interleaved [h][w][2] flows in input pixels.
 */
final class WindowFlows {
    private final int frames, reach, w, h;
    private final float[][] flow, conf;

    private WindowFlows(int frames, int reach, int w, int h) {
        this.frames = frames;
        this.reach = reach;
        this.w = w;
        this.h = h;
        this.flow = new float[frames * frames][];
        this.conf = new float[frames * frames][];
    }

    /** Flows among {@code inputs} (all one size) up to {@code reach} frames apart (DIS, fast preset). */
    static WindowFlows estimate(List<VideoFrame> inputs, int reach) {
        int f = inputs.size(), w = inputs.get(0).width(), h = inputs.get(0).height();
        WindowFlows wf = new WindowFlows(f, reach, w, h);
        FlowEstimator fe = FlowEstimator.forThisThread(FlowEstimator.Preset.FAST);
        float[] occ = new float[w * h];
        for (int a = 0; a < f; a++) {
            for (int b = a + 1; b < f && b - a <= reach; b++) {
                float[] ab = new float[2 * w * h], ba = new float[2 * w * h], cab = new float[w * h], cba = new float[w * h];
                fe.flow(inputs.get(a), inputs.get(b), ab);
                fe.flow(inputs.get(b), inputs.get(a), ba);
                FlowEstimator.check(ab, ba, occ, cab, w, h);
                maskOccluded(cab, occ);
                FlowEstimator.check(ba, ab, occ, cba, w, h);
                maskOccluded(cba, occ);
                wf.flow[a * f + b] = ab;
                wf.conf[a * f + b] = cab;
                wf.flow[b * f + a] = ba;
                wf.conf[b * f + a] = cba;
            }
        }
        return wf;
    }

    /** Every pair moves by {@code (g - f) * (dx, dy)} pixels with confidence {@code c} (tests of the neighbour cache). */
    static WindowFlows uniform(int frames, int reach, int w, int h, float dx, float dy, float c) {
        WindowFlows wf = new WindowFlows(frames, reach, w, h);
        for (int a = 0; a < frames; a++) {
            for (int b = 0; b < frames; b++) {
                if (a != b && Math.abs(a - b) <= reach) {
                    float[] fl = new float[2 * w * h], cf = new float[w * h];
                    for (int i = 0; i < w * h; i++) {
                        fl[2 * i] = (b - a) * dx;
                        fl[2 * i + 1] = (b - a) * dy;
                        cf[i] = c;
                    }
                    wf.flow[a * frames + b] = fl;
                    wf.conf[a * frames + b] = cf;
                }
            }
        }
        return wf;
    }

    private static void maskOccluded(float[] conf, float[] occ) {
        for (int i = 0; i < conf.length; i++) {
            if (occ[i] > 0) {
                conf[i] = 0;
            }
        }
    }

    int frames() {
        return frames;
    }

    int reach() {
        return reach;
    }

    int width() {
        return w;
    }

    int height() {
        return h;
    }

    /** Flow from frame a to frame b, or null when they are further apart than the reach. */
    float[] flow(int a, int b) {
        return flow[a * frames + b];
    }

    float[] confidence(int a, int b) {
        return conf[a * frames + b];
    }
}
