package dev.flowsmith.restoration;

import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.deflicker.Deflicker;
import dev.flowsmith.restoration.quality.Frames;
import dev.flowsmith.restoration.quality.QualityMetrics;
import dev.flowsmith.restoration.quality.SyntheticFlicker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deflicker on real frames (Vid4 calendar and city, DAVIS bmx-trees' fast motion) with synthetic per-frame,
 * per-region and per-channel flicker: PSNR against the clean frames rises by a margin; a steady fade is left alone
 * (it is light, not flicker); a cut is not averaged across; the same window gives the same frame.
 */
class DeflickerTest {
    static List<VideoFrame> frames(String folder, String pattern, int first, int n, int index0) {
        List<VideoFrame> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Frames.load(SharedData.root().resolve(folder).resolve(String.format(pattern, first + i)), index0 + i));
        }
        return l;
    }

    static List<VideoFrame> run(Deflicker d, List<VideoFrame> in) {
        return dev.flowsmith.restoration.job.FrameProcessor.processAll(d, in);
    }

    static double meanPsnr(List<VideoFrame> a, List<VideoFrame> ref) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += QualityMetrics.psnrY(a.get(i), ref.get(i), 0);
        }
        return s / a.size();
    }

    @Test
    void flickerIsRemovedOnRealFramesWithAndWithoutMotion() {
        for (List<VideoFrame> clean : List.of(frames("vid4/calendar", "Frame %03d.png", 1, 16, 0),
                frames("davis/bmx-trees", "%05d.jpg", 0, 16, 0))) {
            List<VideoFrame> flicker = new ArrayList<>();
            for (VideoFrame f : clean) {
                flicker.add(Frames.quantize(SyntheticFlicker.apply(f, 0.15, 3)));
            }
            double before = meanPsnr(flicker, clean);
            try (Deflicker d = new Deflicker(Deflicker.Params.defaults())) {
                List<VideoFrame> out = run(d, flicker);
                double after = meanPsnr(out, clean);
                System.out.printf("deflicker: %.2f -> %.2f dB%n", before, after);
                assertThat(after - before).as("deflicker gain, dB (%.2f -> %.2f)", before, after).isGreaterThan(5);
                assertThat(run(d, flicker).get(7).data()).as("the same window, the same frame").isEqualTo(out.get(7).data());
            }
        }
    }

    @Test
    void aSteadyFadeStaysAndACutIsNotAveragedAcross() {
        List<VideoFrame> a = new ArrayList<>();
        for (VideoFrame f : frames("vid4/calendar", "Frame %03d.png", 1, 10, 0)) {
            a.add(Frames.crop(f, 704, 576)); // city's width, for the cut below
        }
        List<VideoFrame> fade = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) { // darker by 4 % a frame: a fade to black, which must survive
            VideoFrame f = a.get(i).copy();
            float[] d = f.data();
            for (int j = 0; j < d.length; j++) {
                d[j] *= 1 - 0.04f * i;
            }
            fade.add(f);
        }
        try (Deflicker d = new Deflicker(Deflicker.Params.defaults())) {
            List<VideoFrame> out = run(d, fade);
            for (int i = 2; i < 8; i++) {
                assertThat(QualityMetrics.psnrY(out.get(i), fade.get(i), 0)).as("fade frame " + i).isGreaterThan(40);
            }
        }
        // calendar, then a much brighter shot of city: the last calendar frame keeps its own brightness
        List<VideoFrame> cut = new ArrayList<>(a.subList(0, 6));
        for (VideoFrame f : frames("vid4/city", "Frame %03d.png", 1, 6, 6)) {
            float[] d = f.data();
            for (int j = 0; j < d.length; j++) {
                d[j] = Math.min(1f, d[j] * 1.4f);
            }
            cut.add(f);
        }
        try (Deflicker d = new Deflicker(Deflicker.Params.defaults())) {
            List<VideoFrame> out = run(d, cut);
            assertThat(QualityMetrics.psnrY(out.get(5), cut.get(5), 0)).as("before the cut").isGreaterThan(40);
            assertThat(QualityMetrics.psnrY(out.get(6), cut.get(6), 0)).as("after the cut").isGreaterThan(40);
        }
    }
}
