package dev.flowsmith.media;

import java.nio.file.Path;
import java.util.List;

/** Tiny lossless clips cut from real test media, for tests whose models work on a few pixels (the generative tier's). */
public final class SmallClips {
    private SmallClips() {
    }

    /**
     * The first {@code frames} frames of a ../shared/data file shrunk (nearest) to {@code size} x {@code size},
     * FFV1 at 25 fps, written to {@code out} once (later calls return it).
     */
    public static synchronized Path of(String source, Path out, int frames, int size) {
        if (java.nio.file.Files.exists(out)) {
            return out;
        }
        EncoderSettings ffv1 = EncoderSettings.defaults(VideoCodec.FFV1);
        try (VideoReader r = VideoReader.open(SharedData.file(source));
             VideoWriter w = VideoWriter.open(out, new VideoWriter.Config(ffv1, size, size, new Rational(1, 25),
                     new Rational(25, 1), null, true, List.of()))) {
            for (int i = 0; i < frames; i++) {
                VideoFrame f = r.read(), small = new VideoFrame(size, size);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            small.data()[(c * size + y) * size + x] = f.get(c, x * f.width() / size, y * f.height() / size);
                        }
                    }
                }
                small.setPosition(i, i, new Rational(1, 25));
                w.write(small);
            }
            w.finish();
        }
        return out;
    }
}
