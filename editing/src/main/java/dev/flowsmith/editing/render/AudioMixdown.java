package dev.flowsmith.editing.render;

import dev.flowsmith.editing.model.Project;
import dev.flowsmith.media.AudioFileWriter;
import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.CancellationToken;

import java.nio.file.Path;
import java.util.List;

/**
 * The timeline's sound as one file (AAC, FLAC or PCM) exactly as long as the picture: the {@link TimelineSound} mix
 * (the same samples the studio plays), written in chunks.
 */
public final class AudioMixdown {
    static final int CHUNK = 4096;
    private static final int BIT_RATE = 192_000;

    private AudioMixdown() {
    }

    /** Sample index at which timeline frame {@code frame} starts. */
    static long sampleAt(Project p, long frame) {
        return TimelineSound.sampleAt(p, frame);
    }

    public static Path render(Project p, Path target, List<Path> inputs, CancellationToken cancel) {
        return render(p, target, inputs, cancel, dev.flowsmith.media.AudioCodec.AAC, BIT_RATE);
    }

    /** With another encoder and bit rate (bits per second, AAC only). */
    public static Path render(Project p, Path target, List<Path> inputs, CancellationToken cancel, dev.flowsmith.media.AudioCodec codec,
                              int bitRate) {
        float[] mix = new float[CHUNK * AudioReader.CHANNELS];
        try (TimelineSound sound = new TimelineSound(p, 0);
             AudioFileWriter w = AudioFileWriter.open(target, codec, p.settings().sampleRate(), bitRate, true, inputs)) {
            int n;
            while (true) {
                cancel.check();
                if ((n = sound.read(mix, CHUNK)) <= 0) {
                    break;
                }
                w.write(mix, n);
            }
            return w.finish();
        }
    }
}
