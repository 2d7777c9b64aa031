package dev.flowsmith.ui;

import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.common.DesktopActions;

import dev.flowsmith.media.MediaProbe;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the TestFX tests. */
final class FxTestSupport {
    private FxTestSupport() {
    }

    /** Waits (up to {@code seconds}) until the condition holds, evaluated on the FX thread. */
    static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
    }

    /** A READY media item for a real file (probed here, as the import service would). */
    static MediaItem readyItem(Path file) {
        MediaItem item = new MediaItem(file);
        var info = MediaProbe.probe(file);
        WaitForAsyncUtils.asyncFx(() -> item.ready(info, null));
        WaitForAsyncUtils.waitForFxEvents();
        return item;
    }

    /** Records what the studio asked the desktop to open or reveal. */
    static final class RecordingDesktop implements DesktopActions {
        final List<Path> opened = new ArrayList<>();
        final List<Path> revealed = new ArrayList<>();

        @Override
        public void open(Path file) {
            opened.add(file);
        }

        @Override
        public void reveal(Path file) {
            revealed.add(file);
        }
    }
}
