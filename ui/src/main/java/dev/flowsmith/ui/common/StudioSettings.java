package dev.flowsmith.ui.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the studio remembers between runs (window size and place, divider positions, theme), in
 * {@code ~/.config/flowsmith/studio.properties} (folder overridable with {@code -Dflowsmith.config}).
 * Saved through a temp file and an atomic move, like everything Flowsmith writes.
 */
public final class StudioSettings {
    private final Path file;
    private final Properties props = new Properties();

    public StudioSettings(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                props.clear(); // unreadable settings are not worth failing the studio for
            }
        }
    }

    public static StudioSettings load() {
        String dir = System.getProperty("flowsmith.config");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".config", "flowsmith");
        return new StudioSettings(base.resolve("studio.properties"));
    }

    public double getDouble(String key, double fallback) {
        try {
            return Double.parseDouble(props.getProperty(key, Double.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public String get(String key, String fallback) {
        return props.getProperty(key, fallback);
    }

    public void put(String key, Object value) {
        props.setProperty(key, String.valueOf(value));
    }

    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "Flowsmith studio");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.getLogger(StudioSettings.class.getName()).log(System.Logger.Level.WARNING,
                    "settings not saved: " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }
}
