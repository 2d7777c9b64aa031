package dev.flowsmith.ui;

import dev.flowsmith.ui.common.DesktopActions;
import dev.flowsmith.ui.common.StudioSettings;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The studio as a JavaFX application. Parameters: files to import at start, and
 * {@code --screenshot=FILE.png} (with {@code --screenshot-delay=MS}) to write a picture of the window
 * and quit, which is how the README's screenshot is made under Xvfb.
 */
public final class StudioApp extends Application {
    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow(stage, StudioSettings.load(), DesktopActions.system());
        List<Path> files = new ArrayList<>();
        String shot = null;
        long delay = 5000;
        for (String a : getParameters().getRaw()) {
            if (a.startsWith("--screenshot=")) {
                shot = a.substring("--screenshot=".length());
            } else if (a.startsWith("--screenshot-delay=")) {
                delay = Long.parseLong(a.substring("--screenshot-delay=".length()));
            } else if (!a.startsWith("--")) {
                files.add(Path.of(a));
            }
        }
        stage.show();
        if (shot == null) {
            // once the window is up and styled: asked from inside start(), the dialog was laid out before its styles
            // and opened at about 200 px, cutting its sentence
            Platform.runLater(() -> {
                window.offerRecovery(MainWindow::askRecovery);
                window.open(files);
            });
        } else {
            window.open(files);
        }
        if (shot != null) {
            Path target = Path.of(shot);
            long wait = delay;
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ignored) {
                    return;
                }
                Platform.runLater(() -> {
                    snapshot(stage, target);
                    stage.close();
                    Platform.exit();
                });
            }, "flowsmith-screenshot");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Writes the window's scene as PNG (no javafx-swing needed). */
    public static void snapshot(Stage stage, Path target) {
        WritableImage img = stage.getScene().snapshot(null);
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            ImageIO.write(out, "png", target.toFile());
        } catch (IOException e) {
            System.err.println("screenshot not written: " + e.getMessage());
        }
    }
}
