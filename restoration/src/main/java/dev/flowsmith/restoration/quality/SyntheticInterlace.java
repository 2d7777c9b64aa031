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

    /**
     * 3:2 pulldown (telecine), as film is put on 29.97 frames/s video: every four film frames A B C D become five woven
     * frames, top and bottom fields AA BB BC CD DD (fields A A B B B C C D D D paired in order), so two in five frames
     * are combed and the film frames come back by matching each top field with the right bottom field.
     */
    public static List<VideoFrame> telecine(List<VideoFrame> film) {
        List<VideoFrame> fields = new ArrayList<>(); // the film frame each field comes from, in field order
        int[] counts = {2, 3};
        for (int i = 0; i < film.size(); i++) {
            for (int k = 0; k < counts[i % 2]; k++) {
                fields.add(film.get(i));
            }
        }
        List<VideoFrame> out = new ArrayList<>();
        for (int k = 0; 2 * k + 1 < fields.size(); k++) {
            VideoFrame top = fields.get(2 * k), bottom = fields.get(2 * k + 1);
            int w = top.width(), h = top.height();
            VideoFrame f = top.copy();
            for (int c = 0; c < 3; c++) {
                for (int y = 1; y < h; y += 2) {
                    System.arraycopy(bottom.data(), c * w * h + y * w, f.data(), c * w * h + y * w, w);
                }
            }
            f.setPosition(k, k, top.timeBase());
            out.add(f);
        }
        return out;
    }
}
