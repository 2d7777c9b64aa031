package dev.flowsmith.media;

/**
 * Interleaved stereo float samples read in order: a file's sound ({@link AudioReader}) or a timeline's
 * mix. What {@link AudioPlayback} plays.
 */
public interface SoundSource extends AutoCloseable {
    int sampleRate();

    /** Reads up to {@code frames} stereo frames into {@code out}; the number read, 0 at the end. */
    int read(float[] out, int frames);

    @Override
    void close();
}
