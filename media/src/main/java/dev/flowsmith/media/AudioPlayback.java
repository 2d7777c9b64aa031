package dev.flowsmith.media;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays a file's sound from a given time to an {@link Output} (the system's sound device through
 * javax.sound, see {@link JavaSoundOutput}) and is the master clock of playback: {@link #clockMicros()}
 * is the time of the sample being heard now (samples the device has played), so pictures are shown
 * against what is heard. Volume is a gain in dB (software, before the device), mute keeps the clock
 * running. Peak and RMS meters (dBFS) follow the sample being heard. With no usable device the sound
 * is dropped, {@link #note()} says so once, and the clock runs on the system timer: playback goes on
 * silently, never in an error loop.
 */
public final class AudioPlayback implements AutoCloseable {
    /** Where samples go. Implementations block in {@link #write} when their buffer is full (that paces decoding). */
    public interface Output extends AutoCloseable {
        /** Opens for 16-bit little-endian stereo at {@code rate}; returns a sentence saying why not, or null. */
        String open(int rate);

        void write(byte[] pcm, int length);

        /** Sample frames the device has played since {@link #open}. */
        long framesPlayed();

        @Override
        void close();
    }

    /** The rate a file's sound is played at (resampled by {@link AudioReader}). */
    public static final int RATE = 48000;
    private final int rate;
    private final java.util.function.Supplier<SoundSource> source;
    private static final int BLOCK = 1024;
    private static final int METER_BLOCKS = 64;
    private final long startMicros;
    private final Output output;
    private final Thread worker;
    private volatile boolean closed;
    private volatile double gain = 1;
    /** A grain (scrubbing): only this many samples, faded in and out over {@link #GRAIN_FADE}; 0 = all. */
    private volatile long limit;
    private static final int GRAIN_FADE = 240;
    private volatile boolean muted;
    private volatile String note;
    private volatile boolean silent;
    private volatile long silentSince;
    private volatile long samplesQueued;
    /** Set when the file's sound has run out: from then on the clock runs on the system timer. */
    private volatile boolean ended;
    private volatile long drainedNanos;
    private final float[][] meterRing = new float[METER_BLOCKS][4];
    private final long[] meterAt = new long[METER_BLOCKS];
    private final AtomicReference<String> error = new AtomicReference<>();

    /** Starts playing {@code file}'s sound from {@code startMicros} (the file's own clock, as {@link AudioReader}). */
    public AudioPlayback(Path file, long startMicros, Output output) {
        this(fileSource(file, startMicros), RATE, startMicros, output, 0);
    }

    private static java.util.function.Supplier<SoundSource> fileSource(Path file, long startMicros) {
        return () -> {
            AudioReader r = AudioReader.open(file, RATE);
            r.seek(Math.max(0, startMicros) * RATE / 1_000_000);
            return r;
        };
    }

    /**
     * Plays what {@code source} makes (opened on the playback thread, already positioned at
     * {@code startMicros}, at {@code rate}): a timeline's mix, for instance.
     */
    public AudioPlayback(java.util.function.Supplier<SoundSource> source, int rate, long startMicros, Output output) {
        this(source, rate, startMicros, output, 0);
    }

    private AudioPlayback(java.util.function.Supplier<SoundSource> source, int rate, long startMicros, Output output,
                          long limitSamples) {
        limit = limitSamples;
        if (rate < 8000 || rate > 192000) {
            throw new IllegalArgumentException("sample rate " + rate);
        }
        this.source = source;
        this.rate = rate;
        this.startMicros = Math.max(0, startMicros);
        this.output = output;
        deviceClock = new DeviceClock(rate);
        worker = new Thread(this::play, "flowsmith-audio");
        worker.setDaemon(true);
        String problem = output.open(rate);
        if (problem != null) {
            note = problem;
            silent = true;
        }
        silentSince = System.nanoTime();
        worker.start();
    }

    private void play() {
        float[] buf = new float[BLOCK * AudioReader.CHANNELS];
        byte[] pcm = new byte[BLOCK * AudioReader.CHANNELS * 2];
        try (SoundSource r = source.get()) {
            if (r instanceof AudioReader ar && !ar.hasAudio()) {
                return;
            }
            int block = 0;
            while (!closed) {
                int want = limit > 0 ? (int) Math.min(BLOCK, limit - samplesQueued) : BLOCK;
                int n = want <= 0 ? 0 : r.read(buf, want);
                if (n <= 0) {
                    break;
                }
                if (limit > 0) {
                    fadeGrain(buf, n);
                }
                float g = muted ? 0 : (float) gain;
                float peakL = 0, peakR = 0;
                double sumL = 0, sumR = 0;
                for (int i = 0; i < n; i++) {
                    float l = buf[2 * i] * g, rr = buf[2 * i + 1] * g;
                    peakL = Math.max(peakL, Math.abs(l));
                    peakR = Math.max(peakR, Math.abs(rr));
                    sumL += l * l;
                    sumR += rr * rr;
                    short sl = toShort(l), sr = toShort(rr);
                    pcm[4 * i] = (byte) sl;
                    pcm[4 * i + 1] = (byte) (sl >> 8);
                    pcm[4 * i + 2] = (byte) sr;
                    pcm[4 * i + 3] = (byte) (sr >> 8);
                }
                int slot = block++ % METER_BLOCKS;
                synchronized (meterRing) {
                    meterRing[slot][0] = peakL;
                    meterRing[slot][1] = peakR;
                    meterRing[slot][2] = (float) Math.sqrt(sumL / n);
                    meterRing[slot][3] = (float) Math.sqrt(sumR / n);
                    meterAt[slot] = samplesQueued;
                }
                if (silent) {
                    // no device: keep pace with the system clock so meters and the clock still make sense
                    long due = silentSince + (samplesQueued + n) * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime() - 200_000_000L;
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } else {
                    output.write(pcm, n * 4);
                    // the write returns as the device frees room, which is when its position moves: the best
                    // moment to see the step (the clock carries it forward from here)
                    checkDeviceProgress(n);
                }
                samplesQueued += n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MediaException e) {
            error.set(e.userMessage());
        } finally {
            markEnd();
        }
    }

    /** The sound has run out: the moment the device played its last sample is when the timer takes over. */
    private void markEnd() {
        try {
            while (!closed && !silent && output.framesPlayed() < samplesQueued) {
                Thread.sleep(5);
                checkDeviceProgress(0); // a device that stopped playing must not hold the clock
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainedNanos = silent ? silentSince + samplesQueued * 1_000_000_000L / rate : System.nanoTime();
        ended = true;
    }

    /** A raised-cosine fade at both ends of a grain, so scrubbing clicks no more than a tape would. */
    private void fadeGrain(float[] buf, int n) {
        for (int i = 0; i < n; i++) {
            long at = samplesQueued + i, fromEnd = limit - 1 - at;
            long edge = Math.min(at, fromEnd);
            if (edge < GRAIN_FADE) {
                float w = (float) (0.5 - 0.5 * Math.cos(Math.PI * edge / GRAIN_FADE));
                buf[2 * i] *= w;
                buf[2 * i + 1] *= w;
            }
        }
    }

    /**
     * A short piece of the sound at {@code startMicros} (scrubbing): {@code millis} long, faded in and
     * out, then it ends by itself.
     */
    public static AudioPlayback grain(Path file, long startMicros, int millis, Output output) {
        if (millis < 10 || millis > 1000) {
            throw new IllegalArgumentException("grain of " + millis + " ms");
        }
        return new AudioPlayback(fileSource(file, startMicros), RATE, startMicros, output, (long) millis * RATE / 1000);
    }

    private final DeviceClock deviceClock;
    private long lastPlayed = -1;
    private long lastProgressNanos;

    /**
     * A device that takes samples but whose play position stands still would freeze the picture (the
     * picture follows it): after 750 ms without progress the sound is given up and the timer takes over
     * from where the device stood.
     */
    private void checkDeviceProgress(int justWritten) {
        long played = output.framesPlayed(), now = System.nanoTime();
        deviceClock.observe(played, now);
        if (played != lastPlayed) {
            lastPlayed = played;
            lastProgressNanos = now;
        } else if (samplesQueued + justWritten > played && now - lastProgressNanos > 750_000_000L) {
            silentSince = now - played * 1_000_000_000L / rate;
            silent = true;
            note = "The sound device does not play (its position stands still), so playback goes on silently.";
        }
    }

    private static short toShort(float v) {
        float s = v * 32767f;
        return (short) (s >= 32767 ? 32767 : s <= -32768 ? -32768 : Math.round(s));
    }

    /** The time (file clock, microseconds) of the sample being heard now. */
    public long clockMicros() {
        if (ended) {
            // the sound ran out (shorter than the picture, or none): time goes on without it
            return startMicros + samplesQueued * 1_000_000L / rate + Math.max(0, System.nanoTime() - drainedNanos) / 1000;
        }
        return startMicros + Math.min(heardSamples(), samplesQueued) * 1_000_000L / rate;
    }

    private long heardSamples() {
        if (silent) {
            return Math.max(0, (System.nanoTime() - silentSince) * rate / 1_000_000_000L);
        }
        long now = System.nanoTime();
        deviceClock.observe(output.framesPlayed(), now);
        return deviceClock.frames(now);
    }

    /** Gain in dB (-60..+12); below -60 is silence. */
    public void setGainDb(double db) {
        if (!Double.isFinite(db)) {
            throw new IllegalArgumentException("gain " + db);
        }
        gain = db <= -60 ? 0 : Math.pow(10, Math.min(12, db) / 20);
    }

    public void setMuted(boolean m) {
        muted = m;
    }

    /**
     * Peak and RMS (left, right) of the block being heard, in dBFS ({@code -inf} for silence):
     * {peakL, peakR, rmsL, rmsR}.
     */
    public double[] meters() {
        long heard = heardSamples();
        float[] best = null;
        long bestAt = -1;
        synchronized (meterRing) {
            for (int i = 0; i < METER_BLOCKS; i++) {
                if (meterAt[i] <= heard && meterAt[i] > bestAt) {
                    bestAt = meterAt[i];
                    best = meterRing[i].clone();
                }
            }
        }
        double[] db = new double[4];
        for (int i = 0; i < 4; i++) {
            db[i] = best == null || best[i] <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(best[i]);
        }
        return db;
    }

    /** Why there is no sound (no device), or null. */
    public String note() {
        return note;
    }

    /** Why the sound stopped early (a damaged audio stream), or null. */
    public String error() {
        return error.get();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.close();
    }
}
