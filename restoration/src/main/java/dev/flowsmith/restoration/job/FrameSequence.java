package dev.flowsmith.restoration.job;

import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.media.VideoReader;

import java.util.List;

/** Where a {@link FrameWindow} reads frames from: a decoder, or frames in memory (tests, the quality harness). */
public interface FrameSequence {
    /** Positions so that the next read returns frame {@code index}. */
    void seek(long index);

    /** Reads the next frame into {@code into}; false at the end. */
    boolean read(VideoFrame into);

    static FrameSequence of(VideoReader reader) {
        return new FrameSequence() {
            @Override
            public void seek(long index) {
                reader.seek(index);
            }

            @Override
            public boolean read(VideoFrame into) {
                return reader.read(into);
            }
        };
    }

    static FrameSequence of(List<VideoFrame> frames) {
        return new FrameSequence() {
            private int next;

            @Override
            public void seek(long index) {
                next = (int) index;
            }

            @Override
            public boolean read(VideoFrame into) {
                if (next >= frames.size()) {
                    return false;
                }
                VideoFrame f = frames.get(next++);
                into.resize(f.width(), f.height());
                System.arraycopy(f.data(), 0, into.data(), 0, f.data().length);
                into.setPosition(f.index(), f.pts(), f.timeBase());
                return true;
            }
        };
    }
}
