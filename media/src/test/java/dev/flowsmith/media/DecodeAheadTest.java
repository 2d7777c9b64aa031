package dev.flowsmith.media;

import dev.flowsmith.media.color.DisplayOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playback decoding: every frame in order forward, exactly the same frames backwards, drops counted. */
class DecodeAheadTest {
    private static final Path FLOWER = SharedData.file("videos/mdn/live-examples/media/cc0-videos/flower.mp4");

    /** Waits until frame {@code due} is decoded, then takes it when it is due (so it is on time). */
    private static PreviewImage waitFor(DecodeAhead d, long due) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            if (d.available(due) == due) {
                PreviewImage p = d.frameFor(due);
                if (p != null) {
                    return p;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("frame " + due + " never came (" + d.error() + ")");
    }

    @Test
    void forwardPlaybackPresentsEveryFrameInOrderWhenItKeepsUp() throws InterruptedException {
        try (DecodeAhead d = new DecodeAhead(FLOWER, 100, 1, 320, 180, DisplayOptions.DEFAULT, 4)) {
            for (long i = 100; i < 150; i++) {
                PreviewImage p = waitFor(d, i);
                assertEquals(i, p.index());
                d.release(p);
            }
            assertEquals(0, d.dropped());
            assertEquals(50, d.presented());
            for (int i = 0; i < 200 && !d.finished(); i++) {
                Thread.sleep(5);
            }
            assertTrue(d.finished(), "the end of the clip ends decoding");
        }
    }

    @Test
    void reversePlaybackGivesTheSameFramesBackwards() throws InterruptedException {
        List<byte[]> forward = new ArrayList<>();
        try (VideoReader r = VideoReader.open(FLOWER)) {
            r.seek(20);
            PreviewImage p = new PreviewImage();
            for (int i = 20; i <= 60; i++) {
                assertTrue(r.readPreview(p, 320, 180));
                forward.add(p.bgra().clone());
            }
        }
        try (DecodeAhead d = new DecodeAhead(FLOWER, 60, -1, 320, 180, DisplayOptions.DEFAULT, 4)) {
            for (long i = 60; i >= 20; i--) {
                PreviewImage p = waitFor(d, i);
                assertEquals(i, p.index(), "backwards, one by one");
                assertArrayEquals(forward.get((int) i - 20), p.bgra(), "frame " + i + " decoded backwards = forwards");
                d.release(p);
            }
            assertEquals(0, d.dropped());
        }
    }

    @Test
    void framesSkippedBecauseALaterOneWasDueCountAsDropped() throws InterruptedException {
        try (DecodeAhead d = new DecodeAhead(FLOWER, 0, 1, 160, 90, DisplayOptions.DEFAULT, 16)) {
            PreviewImage p = waitFor(d, 0);
            d.release(p);
            Thread.sleep(300); // let the queue fill
            p = waitFor(d, 5); // 1..4 were never shown
            assertEquals(5, p.index());
            d.release(p);
            assertEquals(4, d.dropped());
            assertNull(d.frameFor(5), "nothing newer is due yet");
            assertEquals(4, d.dropped(), "asking again for the same due frame is not another drop");
            // compare mode: held back to frame 7 while 9 is due: 6..9 are not on screen on time (8 dropped in all)
            for (int i = 0; i < 400 && d.available(9) < 9; i++) {
                Thread.sleep(5);
            }
            p = d.frameFor(9, 7);
            assertEquals(7, p.index());
            d.release(p);
            assertEquals(8, d.dropped());
        }
    }
}
