package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audio playback as the master clock, gain, mute, meters and the no-device path, on a device stand-in. */
class AudioPlaybackTest {
    @TempDir
    Path dir;

    private Path sine(double dbfs) {
        Path f = dir.resolve("sine.m4a");
        double amp = Math.pow(10, dbfs / 20);
        ReferenceTools.run(List.of(FFmpegLibrary.ffmpegExecutable().toString(), "-v", "error", "-y", "-f", "lavfi", "-i",
                "aevalsrc=" + amp + "*sin(2*PI*1000*t)|" + amp + "*sin(2*PI*1000*t):s=48000:d=3", "-c:a", "pcm_s16le",
                dir.resolve("sine.wav").toString()));
        return dir.resolve("sine.wav");
    }

    @Test
    void theClockFollowsWhatTheDeviceHasPlayedAndMetersReadTheLevel() throws InterruptedException {
        Path f = sine(-6);
        FakeAudioDevice out = new FakeAudioDevice(FakeAudioDevice.Kind.REAL_TIME);
        try (AudioPlayback p = new AudioPlayback(f, 500_000, out)) {
            assertNull(p.note());
            Thread.sleep(600);
            long clock = p.clockMicros();
            assertTrue(clock > 500_000 + 400_000 && clock < 500_000 + 2_000_000, "clock " + clock + " after 0.6 s from 0.5 s");
            double[] m = p.meters();
            assertEquals(-6.0, m[0], 0.3, "peak L dBFS");
            assertEquals(-6.0 - 3.01, m[2], 0.3, "RMS of a sine is 3 dB under its peak");
            p.setGainDb(-12);
            Thread.sleep(400);
            assertEquals(-18.0, p.meters()[1], 0.5, "gain applies to what is heard");
            p.setMuted(true);
            Thread.sleep(400);
            assertEquals(Double.NEGATIVE_INFINITY, p.meters()[0], "muted: silence, clock still running");
            assertTrue(p.clockMicros() > clock + 600_000);
        }
        byte[] pcm = out.written();
        int last = (pcm[pcm.length - 4] & 255) | (pcm[pcm.length - 3] << 8);
        assertEquals(0, last, "muted samples are zero");
    }

    @Test
    void aScrubGrainIsShortAndFadedAtBothEnds() throws InterruptedException {
        Path f = sine(-6);
        FakeAudioDevice out = new FakeAudioDevice(FakeAudioDevice.Kind.REAL_TIME);
        try (AudioPlayback g = AudioPlayback.grain(f, 1_000_000, 80, out)) {
            Thread.sleep(400);
        }
        byte[] pcm = out.written();
        assertEquals(80 * 48 * 4, pcm.length, "80 ms of stereo 16-bit");
        int first = Math.abs((short) ((pcm[0] & 255) | (pcm[1] << 8)));
        int lastS = Math.abs((short) ((pcm[pcm.length - 4] & 255) | (pcm[pcm.length - 3] << 8)));
        int max = 0;
        for (int i = 0; i < pcm.length; i += 4) {
            max = Math.max(max, Math.abs((short) ((pcm[i] & 255) | (pcm[i + 1] << 8))));
        }
        assertTrue(first < 200 && lastS < 200, "faded in and out: " + first + ", " + lastS);
        assertTrue(max > 15000, "full level in the middle: " + max);
    }

    @Test
    void theClockGoesOnWhenTheSoundRunsOut() throws InterruptedException {
        Path f = sine(-6); // 3 s of sound
        try (AudioPlayback p = new AudioPlayback(f, 2_700_000, new FakeAudioDevice(FakeAudioDevice.Kind.REAL_TIME))) {
            Thread.sleep(800);
            assertTrue(p.clockMicros() > 3_300_000, "past the sound's end the clock runs on: " + p.clockMicros());
        }
    }

    @Test
    void noSoundDeviceIsANoteAndSilentPlaybackOnTheSystemClock() throws InterruptedException {
        Path f = sine(-6);
        AudioPlayback.Output none = new FakeAudioDevice(FakeAudioDevice.Kind.ABSENT);
        try (AudioPlayback p = new AudioPlayback(f, 0, none)) {
            assertNotNull(p.note());
            assertTrue(p.note().startsWith("No sound device"));
            Thread.sleep(500);
            assertTrue(p.clockMicros() > 350_000 && p.clockMicros() < 2_500_000, "the system clock runs: " + p.clockMicros());
            assertNull(p.error());
        }
    }

    @Test
    void aDeviceThatStandsStillIsGivenUpAndTheClockGoesOn() throws InterruptedException {
        Path f = sine(-6);
        AudioPlayback.Output stuck = new FakeAudioDevice(FakeAudioDevice.Kind.STUCK); // takes samples, plays nothing
        try (AudioPlayback p = new AudioPlayback(f, 0, stuck)) {
            Thread.sleep(1500);
            assertNotNull(p.note(), "said");
            assertTrue(p.note().contains("stands still"), p.note());
            assertTrue(p.clockMicros() > 300_000, "the clock runs on the timer: " + p.clockMicros());
        }
    }

    @Test
    void theRealDeviceOpensOrSaysWhyNot() {
        JavaSoundOutput o = new JavaSoundOutput();
        String problem = o.open(48000);
        try {
            if (problem != null) {
                assertTrue(problem.startsWith("No sound device"), problem);
            } else {
                o.write(new byte[4800 * 4], 4800 * 4);
            }
        } finally {
            o.close();
        }
    }
}
