package dev.flowsmith.ui.common;

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
                    // never silent: say what is missing and where the file is
                    String why = cmd.equals("xdg-open") ? "Opening files from Flowsmith needs xdg-open, which is not "
                            + "installed (Debian/Ubuntu: sudo apt-get install xdg-utils)." : "'" + cmd + "' could not be started.";
                    javafx.application.Platform.runLater(() -> Dialogs.owned(new javafx.scene.control.Alert(
                            javafx.scene.control.Alert.AlertType.WARNING, why + "\n\nThe file is at:\n" + target)).show());
                }
            }
        };
    }
}
