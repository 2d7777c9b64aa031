package dev.flowsmith.ui.common;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Where a window opens and how big: the size last used on a screen of this size (kept per screen, so a laptop panel
 * and a 4K monitor each keep theirs), never larger than the screen's usable area, on screen, centred when there is no
 * saved place. The size is set on the stage itself and applied again once it shows, because some window managers
 * (Openbox among them) otherwise map a JavaFX window at 200x200. Changes are saved a second after they happen, not
 * only on a clean exit.
 */
public final class WindowPlacement {
    private final Stage stage;
    private final StudioSettings settings;
    private final String prefix;
    private final PauseTransition saveLater = new PauseTransition(Duration.seconds(1));
    private String key;
    private double width, height;

    private WindowPlacement(Stage stage, StudioSettings settings, String prefix) {
        this.stage = stage;
        this.settings = settings;
        this.prefix = prefix;
        saveLater.setOnFinished(e -> settings.save());
    }

    /** Sizes and places {@code stage} before it is shown and keeps its settings up to date afterwards. */
    public static WindowPlacement apply(Stage stage, StudioSettings settings, String prefix, double defaultWidth, double defaultHeight,
                                 double minWidth, double minHeight) {
        WindowPlacement p = new WindowPlacement(stage, settings, prefix);
        p.place(defaultWidth, defaultHeight, minWidth, minHeight);
        p.track();
        return p;
    }

    static String screenKey(Rectangle2D bounds) {
        return (int) Math.round(bounds.getWidth()) + "x" + (int) Math.round(bounds.getHeight());
    }

    private void place(double defaultWidth, double defaultHeight, double minWidth, double minHeight) {
        double sx = settings.getDouble(prefix + ".x", Double.NaN), sy = settings.getDouble(prefix + ".y", Double.NaN);
        Screen screen = Screen.getPrimary();
        if (!Double.isNaN(sx) && !Double.isNaN(sy)) {
            var hit = Screen.getScreensForRectangle(sx, sy, 1, 1);
            if (!hit.isEmpty()) {
                screen = hit.get(0);
            }
        }
        Rectangle2D b = screen.getVisualBounds();
        key = prefix + "." + screenKey(b);
        // this screen's size, else the last size used anywhere, else a default that fits
        width = clamp(settings.getDouble(key + ".width", settings.getDouble(prefix + ".width",
                Math.min(defaultWidth, b.getWidth() * 0.92))), Math.min(minWidth, b.getWidth()), b.getWidth());
        height = clamp(settings.getDouble(key + ".height", settings.getDouble(prefix + ".height",
                Math.min(defaultHeight, b.getHeight() * 0.92))), Math.min(minHeight, b.getHeight()), b.getHeight());
        stage.setMinWidth(Math.min(minWidth, b.getWidth()));
        stage.setMinHeight(Math.min(minHeight, b.getHeight()));
        stage.setWidth(width);
        stage.setHeight(height);
        double x = settings.getDouble(key + ".x", Double.NaN), y = settings.getDouble(key + ".y", Double.NaN);
        if (Double.isNaN(x) || Double.isNaN(y) || x < b.getMinX() - 1 || y < b.getMinY() - 1
                || x + width > b.getMaxX() + 1 || y + height > b.getMaxY() + 1) {
            x = b.getMinX() + (b.getWidth() - width) / 2;
            y = b.getMinY() + (b.getHeight() - height) / 2;
        }
        stage.setX(x);
        stage.setY(y);
        if (Boolean.parseBoolean(settings.get(key + ".maximized", "false"))) {
            stage.setMaximized(true); // never setMaximized(false) before showing: GTK then drops the size
        }
        final double px = x, py = y;
        // JavaFX believes the size it asked for even where the window manager mapped something else, so the size is
        // asked for again (changed, then set) once the window is up
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> {
            PauseTransition settle = new PauseTransition(Duration.millis(150));
            settle.setOnFinished(f -> {
                if (!stage.isMaximized()) {
                    stage.setWidth(width - 1);
                    stage.setHeight(height - 1);
                    stage.setWidth(width);
                    stage.setHeight(height);
                    stage.setX(px);
                    stage.setY(py);
                }
            });
            settle.play();
        });
    }

    private void track() {
        stage.widthProperty().addListener((o, a, v) -> remember());
        stage.heightProperty().addListener((o, a, v) -> remember());
        stage.xProperty().addListener((o, a, v) -> remember());
        stage.yProperty().addListener((o, a, v) -> remember());
        stage.maximizedProperty().addListener((o, a, v) -> remember());
    }

    private void remember() {
        if (!stage.isShowing()) {
            return;
        }
        settings.put(key + ".maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            settings.put(key + ".width", stage.getWidth());
            settings.put(key + ".height", stage.getHeight());
            settings.put(key + ".x", stage.getX());
            settings.put(key + ".y", stage.getY());
        }
        settings.put(prefix + ".x", stage.getX());
        settings.put(prefix + ".y", stage.getY());
        if (!stage.isMaximized()) {
            settings.put(prefix + ".width", stage.getWidth());
            settings.put(prefix + ".height", stage.getHeight());
        }
        saveLater.playFromStart();
    }

    /** Saves soon (debounced): for other remembered layout, like divider positions and the theme. */
    public void saveSoon() {
        saveLater.playFromStart();
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? hi : Math.max(lo, Math.min(hi, v));
    }
}
