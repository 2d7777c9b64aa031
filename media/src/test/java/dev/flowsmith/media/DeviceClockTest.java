package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceClockTest {
    static final long MS = 1_000_000L;

    @Test
    void carriesAPositionThatMovesInStepsForwardByTheTimer() {
        DeviceClock c = new DeviceClock(48000);
        // the device moves 960 frames (20 ms) every 20 ms
        for (int step = 0; step <= 5; step++) {
            c.observe(step * 960L, step * 20 * MS);
        }
        // 10 ms after the last step the sound heard is half a step further than the device says
        assertEquals(5 * 960 + 480, c.frames(110 * MS));
    }

    @Test
    void neverRunsMoreThanAStepAheadOfADeviceThatStopped() {
        DeviceClock c = new DeviceClock(48000);
        c.observe(0, 0);
        c.observe(960, 20 * MS);
        assertEquals(960 + 960, c.frames(500 * MS), "a stalled device holds the clock one step on");
    }

    @Test
    void neverGoesBackwards() {
        DeviceClock c = new DeviceClock(48000);
        c.observe(0, 0);
        c.observe(960, 20 * MS);
        long before = c.frames(39 * MS); // carried to 960 + 912
        c.observe(1920, 41 * MS); // the device's step came in late, behind nothing
        c.observe(1920, 42 * MS);
        assertTrue(c.frames(42 * MS) >= before);
        c.observe(1000, 43 * MS); // a position that jumps back (a device glitch) does not pull the clock back
        assertTrue(c.frames(43 * MS) >= before);
    }

    @Test
    void isZeroBeforeTheDeviceSaysAnything() {
        assertEquals(0, new DeviceClock(48000).frames(5 * MS));
    }
}
