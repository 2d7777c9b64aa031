package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A 10-bit source is not squeezed through 8 bits on its way to float RGB. */
class HighBitDepthTest {
    @Test
    void tenBitSourceKeepsItsPrecision() {
        var file = SharedData.file("videos/androidx/vp9/roadtrip-vp92-10bit.webm");
        float[] full = ReferenceTools.ffmpegFrame(file, 0);
        float[] squeezed = ReferenceTools.ffmpegFrame(file, 0, ",format=yuv420p");
        try (VideoReader r = VideoReader.open(file)) {
            assertThat(r.info().bitDepth()).isEqualTo(10);
            float[] ours = r.read().data();
            double errOurs = mad(ours, full), errEightBit = mad(squeezed, full);
            assertThat(errEightBit).as("an 8-bit path loses this much").isGreaterThan(5e-4);
            assertThat(errOurs).as("ours vs full-precision reference").isLessThan(errEightBit / 4);
        }
    }

    private static double mad(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
