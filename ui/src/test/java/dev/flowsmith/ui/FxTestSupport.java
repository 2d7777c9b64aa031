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

    /**
     * Scrolls the inspector (or any enclosing ScrollPane) so the node is in view, as a user would before clicking it:
     * on a short window the inspector's lower buttons are below the fold.
     */
    static void scrollIntoView(org.testfx.api.FxRobot robot, String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        javafx.scene.Node p = n.getParent();
        while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
            p = p.getParent();
        }
        if (!(p instanceof javafx.scene.control.ScrollPane sp)) {
            return;
        }
        robot.interact(() -> {
            javafx.scene.Node content = sp.getContent();
            javafx.geometry.Bounds nb = content.sceneToLocal(n.localToScene(n.getLayoutBounds()));
            double viewport = sp.getViewportBounds().getHeight(), total = content.getLayoutBounds().getHeight();
            if (total > viewport) {
                double y = nb.getMinY() - (viewport - nb.getHeight()) / 2;
                sp.setVvalue(Math.max(0, Math.min(1, y / (total - viewport))));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
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
