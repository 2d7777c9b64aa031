package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sample-exact audio reading and AAC writing on real files. */
class AudioReaderTest {
    static final String SPEECH = "videos/androidx/mp4/sample_with_increasing_timestamps_320w_240h_5s.mp4";

    @TempDir
    Path dir;

    @Test
    void seekLandsOnTheSameSamplesAsReadingThrough() {
        Path f = SharedData.file(SPEECH);
        float[] all = new float[2 * 96_000];
        try (AudioReader r = AudioReader.open(f, 48_000)) {
            assertThat(r.hasAudio()).isTrue();
            assertThat(r.read(all, 96_000)).isEqualTo(96_000);
            for (long at : new long[]{12_345, 50_000, 70_001}) {
                r.seek(at);
                float[] part = new float[2 * 2000];
                assertThat(r.read(part, 2000)).isEqualTo(2000);
                double maxDiff = 0, energy = 0;
                for (int i = 0; i < part.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(part[i] - all[(int) (2 * at) + i]));
                    energy += part[i] * part[i];
                }
                assertThat(energy).as("not silence").isGreaterThan(1e-3);
                assertThat(maxDiff).as("seek to %d", at).isLessThan(1e-3);
                assertThat(r.position()).isEqualTo(at + 2000);
            }
        }
    }

    @Test
    void aFileWithoutSoundOpensAndReadsNothing() {
        try (AudioReader r = AudioReader.open(SharedData.file("videos/tokenflow/data/wolf.mp4"), 48_000)) {
            assertThat(r.hasAudio()).isFalse();
            assertThat(r.read(new float[200], 100)).isZero();
        }
    }

    @Test
    void writtenAacIsAsLongAsWhatWasWrittenAndSoundsTheSame() {
        Path out = dir.resolve("tone.m4a");
        int n = 70_000; // not a multiple of the AAC frame
        float[] tone = new float[2 * n];
        for (int i = 0; i < n; i++) {
            tone[2 * i] = tone[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
        }
        try (AudioFileWriter w = AudioFileWriter.open(out, 48_000, 192_000, false, List.of())) {
            w.write(tone, 1000);
            w.write(java.util.Arrays.copyOfRange(tone, 2000, tone.length), n - 1000);
            assertThat(w.samplesWritten()).isEqualTo(n);
            w.finish();
        }
        MediaInfo info = MediaProbe.probe(out);
        assertThat(info.audioStreams().get(0).durationSeconds()).isCloseTo(n / 48_000.0, org.assertj.core.data.Offset.offset(0.001));
        try (AudioReader r = AudioReader.open(out, 48_000)) {
            float[] back = new float[2 * n];
            int got = r.read(back, n);
            assertThat(got).isBetween(n - 1, n + 1);
            double err = 0, sig = 0;
            for (int i = 2000; i < 2 * (n - 2000); i++) {
                err += (back[i] - tone[i]) * (back[i] - tone[i]);
                sig += tone[i] * tone[i];
            }
            assertThat(10 * Math.log10(sig / err)).as("SNR of the AAC round trip, no offset").isGreaterThan(20);
        }
    }
}
