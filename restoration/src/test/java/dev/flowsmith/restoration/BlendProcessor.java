package dev.flowsmith.restoration;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.job.FrameProcessor;
import dev.flowsmith.restoration.job.FrameWindow;

/**
 * A cheap deterministic processor for job tests: the inverted mean of the previous, current and
 * next frame (so segment seams must get their window right), optionally slowed down.
 */
public final class BlendProcessor implements FrameProcessor {
    private final long sleepMillis;

    public BlendProcessor(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    @Override
    public int radius() {
        return 1;
    }

    @Override
    public void process(FrameWindow window, VideoFrame out) {
        float[] a = window.get(-1).data(), b = window.get(0).data(), c = window.get(1).data(), o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = 1f - (a[i] + b[i] + c[i]) / 3f;
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String describe() {
        return "blend-invert(radius=1)";
    }
}
