package dev.flowsmith.restoration.quality;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deinterlace.FieldOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * Progressive frames woven into interlaced ones the way an interlaced camera takes them (as FFmpeg's
 * {@code tinterlace=interleave_top|bottom} does): interlaced frame k holds the earlier field's rows of progressive frame
 * 2k and the later field's rows of frame 2k+1. A field-rate deinterlacer's output 2k+s is then scored against
 * progressive frame 2k+s.
 */
public final class SyntheticInterlace {
    private SyntheticInterlace() {
    }

    public static List<VideoFrame> weave(List<VideoFrame> progressive, FieldOrder order) {
        if (order == FieldOrder.PROGRESSIVE) {
            throw new IllegalArgumentException("weave needs a field order");
        }
        List<VideoFrame> out = new ArrayList<>();
        int later = order.parity(1);
        for (int k = 0; 2 * k + 1 < progressive.size(); k++) {
            VideoFrame a = progressive.get(2 * k), b = progressive.get(2 * k + 1);
            int w = a.width(), h = a.height();
            VideoFrame f = a.copy();
            for (int c = 0; c < 3; c++) {
                for (int y = later; y < h; y += 2) {
                    System.arraycopy(b.data(), c * w * h + y * w, f.data(), c * w * h + y * w, w);
                }
            }
            f.setPosition(k, k, a.timeBase());
            out.add(f);
        }
        return out;
    }
}
