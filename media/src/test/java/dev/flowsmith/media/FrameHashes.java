package dev.flowsmith.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One hash per decoded frame of a file: "the same frames" as tests check it (segmented jobs, the farm, encoders). */
public final class FrameHashes {
    private FrameHashes() {
    }

    public static List<Integer> of(Path file) {
        List<Integer> h = new ArrayList<>();
        try (VideoReader r = VideoReader.open(file)) {
            VideoFrame f;
            while ((f = r.read()) != null) {
                h.add(Arrays.hashCode(f.data()));
            }
        }
        return h;
    }
}
