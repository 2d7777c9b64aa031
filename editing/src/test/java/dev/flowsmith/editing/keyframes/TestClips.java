package dev.flowsmith.editing.keyframes;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.Rational;
import dev.flowsmith.media.SharedData;
import dev.flowsmith.media.VideoCodec;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.VideoWriter;
import dev.flowsmith.restoration.quality.Frames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lossless (FFV1) test videos made from shared clips: image sequences, joins with a hard cut, a still shot. */
final class TestClips {
    static final String WOMAN = "videos/tokenflow/data/woman-running.mp4";
    static final String WOLF = "videos/tokenflow/data/wolf.mp4";

    private TestClips() {
    }

    static VideoWriter writer(Path out, int w, int h) {
        return VideoWriter.open(out, new VideoWriter.Config(EncoderSettings.defaults(VideoCodec.FFV1), w, h,
                new Rational(1, 20), new Rational(20, 1), null, true, List.of()));
    }

    /** DAVIS bmx-trees (80 JPEG frames) as a video. */
    static Path bmx(Path dir) throws Exception {
        Path seq = SharedData.file("davis/bmx-trees/00000.jpg").getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(seq)) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        Path out = dir.resolve("bmx-trees.mkv");
        VideoFrame first = Frames.load(files.get(0), 0);
        try (VideoWriter w = writer(out, first.width(), first.height())) {
            for (int i = 0; i < files.size(); i++) {
                VideoFrame f = Frames.load(files.get(i), i);
                f.setPosition(i, i, new Rational(1, 20));
                w.write(f);
            }
            w.finish();
        }
        return out;
    }

    /** {@code n} frames of one clip followed by {@code n} of another: one hard cut at frame n. */
    static Path hardCut(Path dir, int n) {
        Path out = dir.resolve("cut.mkv");
        try (VideoWriter w = writer(out, 512, 512); VideoReader a = VideoReader.open(SharedData.file(WOMAN));
             VideoReader b = VideoReader.open(SharedData.file(WOLF))) {
            int i = 0;
            for (VideoReader r : new VideoReader[]{a, b}) {
                for (int k = 0; k < n; k++) {
                    VideoFrame f = r.read();
                    f.setPosition(i, i, new Rational(1, 20));
                    w.write(f);
                    i++;
                }
            }
            w.finish();
        }
        return out;
    }

    /** One frame shown {@code n} times. */
    static Path still(Path dir, int n) {
        Path out = dir.resolve("still.mkv");
        try (VideoWriter w = writer(out, 512, 512); VideoReader a = VideoReader.open(SharedData.file(WOMAN))) {
            VideoFrame f = a.read();
            for (int i = 0; i < n; i++) {
                f.setPosition(i, i, new Rational(1, 20));
                w.write(f);
            }
            w.finish();
        }
        return out;
    }
}
