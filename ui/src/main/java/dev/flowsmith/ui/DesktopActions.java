package dev.flowsmith.ui;

import java.nio.file.Path;

/** Opening files and revealing them in the file manager; injected so tests can record the calls. */
public interface DesktopActions {
    void open(Path file);

    void reveal(Path file);

    /** xdg-open / open / explorer, started in the background. */
    static DesktopActions system() {
        return new DesktopActions() {
            @Override
            public void open(Path file) {
                launch(file.toAbsolutePath().toString());
            }

            @Override
            public void reveal(Path file) {
                Path dir = file.toAbsolutePath().getParent();
                launch(dir == null ? file.toString() : dir.toString());
            }

            private void launch(String target) {
                String os = System.getProperty("os.name").toLowerCase();
                String cmd = os.contains("win") ? "explorer" : os.contains("mac") ? "open" : "xdg-open";
                try {
                    new ProcessBuilder(cmd, target).inheritIO().start();
                } catch (java.io.IOException e) {
                    System.getLogger(DesktopActions.class.getName()).log(System.Logger.Level.WARNING,
                            "could not run " + cmd + ": " + e.getMessage());
                }
            }
        };
    }
}
