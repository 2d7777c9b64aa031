package dev.flowsmith.media;

import java.io.ByteArrayOutputStream;

/**
 * A sound device stand-in for tests (test machines may have none): plays in real time with a 100 ms
 * buffer and keeps what it was given, or is absent, or takes samples without ever playing them.
 */
public final class FakeAudioDevice implements AudioPlayback.Output {
    public enum Kind { REAL_TIME, ABSENT, STUCK }

    public static final String ABSENT_NOTE = "No sound device is available, so playback is silent (check the system's sound output).";
    private final Kind kind;
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private long opened;
    private long written;
    private int rate;

    public FakeAudioDevice(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String open(int r) {
        rate = r;
        opened = System.nanoTime();
        return kind == Kind.ABSENT ? ABSENT_NOTE : null;
    }

    @Override
    public synchronized void write(byte[] pcm, int length) {
        if (kind == Kind.ABSENT) {
            throw new AssertionError("nothing is written without a device");
        }
        got.write(pcm, 0, length);
        written += length / 4;
        long ahead = kind == Kind.STUCK ? rate / 100 : written - framesPlayed() - rate / 10;
        if (ahead > 0) {
            try {
                Thread.sleep(ahead * 1000 / rate);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long framesPlayed() {
        return kind == Kind.REAL_TIME ? Math.min(written, (System.nanoTime() - opened) * rate / 1_000_000_000L) : 0;
    }

    /** The 16-bit stereo samples written so far. */
    public synchronized byte[] written() {
        return got.toByteArray();
    }

    @Override
    public void close() {
    }
}
