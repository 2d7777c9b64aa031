package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudioTempoTest {
    /** Stretches one second of a 1 kHz tone; returns the left channel of the result. */
    static float[] stretch(double tempo) {
        int rate = 48000;
        float[] tone = new float[2 * rate];
        for (int i = 0; i < rate; i++) {
            tone[2 * i] = tone[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        List<Float> out = new ArrayList<>();
        try (AudioTempo t = new AudioTempo(rate, tempo)) {
            AudioTempo.Sink sink = (d, n) -> {
                for (int i = 0; i < n; i++) {
                    out.add(d[2 * i]);
                }
            };
            for (int at = 0; at < rate; at += 1000) {
                t.push(java.util.Arrays.copyOfRange(tone, 2 * at, 2 * (at + 1000)), 1000, sink);
            }
            t.finish(sink);
        }
        float[] l = new float[out.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = out.get(i);
        }
        return l;
    }

    /** Rising zero crossings per second in the middle of the sound (away from the filter's start and end). */
    static double pitch(float[] s) {
        int from = s.length / 4, to = 3 * s.length / 4, n = 0;
        for (int i = from + 1; i < to; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                n++;
            }
        }
        return n * 48000.0 / (to - from);
    }

    @Test
    void halfAndQuarterSpeedLastTwiceAndFourTimesAsLongAtTheSamePitch() {
        for (double tempo : new double[]{0.5, 0.25}) {
            float[] s = stretch(tempo);
            assertThat(s.length / 48000.0).as("duration at tempo " + tempo).isBetween(1 / tempo - 0.1, 1 / tempo + 0.05);
            assertThat(pitch(s)).as("pitch at tempo " + tempo).isBetween(990.0, 1010.0);
        }
    }

    @Test
    void absurdTemposAreRefused() {
        assertThatThrownBy(() -> new AudioTempo(48000, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AudioTempo(48000, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
