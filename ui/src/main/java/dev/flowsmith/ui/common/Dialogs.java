package dev.flowsmith.ui.common;

import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * Dialogs belong to the studio window: with an owner they open centred on it (not at the screen's top-left) and the
 * window manager keeps the owner's size and state (Openbox un-maximised and shrank the owner when a dialog opened:
 * a maximised owner is maximised again when the dialog closes).
 */
public final class Dialogs {
    private Dialogs() {
    }

    /** Gives {@code d} the focused studio window (else any showing one) as owner; returns it for chaining. */
    public static <T extends Dialog<?>> T owned(T d) {
        if (d.getOwner() == null) {
            Window owner = Window.getWindows().stream().filter(Window::isFocused).findFirst()
                    .orElse(Window.getWindows().stream().filter(Window::isShowing).findFirst().orElse(null));
            if (owner != null) {
                d.initOwner(owner);
            }
        }
        d.setResizable(true);
        if (d.getOwner() instanceof javafx.stage.Stage owner && owner.isMaximized()) {
            d.setOnHidden(e -> remaximize(owner));
        }
        return d;
    }

    /**
     * Runs a native file or folder chooser for {@code owner} and maximises the owner again if the window manager
     * took that away while the chooser was up (Openbox does, for GTK's modal choosers).
     */
    public static <T> T keepingMaximized(Window owner, java.util.function.Supplier<T> chooser) {
        boolean was = owner instanceof javafx.stage.Stage s && s.isMaximized();
        try {
            return chooser.get();
        } finally {
            if (was) {
                remaximize((javafx.stage.Stage) owner);
            }
        }
    }

    private static void remaximize(javafx.stage.Stage owner) {
        // after the chooser's own event loop has ended and the owner is enabled again; asked at once, the window
        // manager ignores it
        javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(250));
        later.setOnFinished(e -> {
            if (owner.isMaximized()) {
                owner.setMaximized(false); // JavaFX may still believe it is maximised while the window manager shrank it
            }
            owner.setMaximized(true);
        });
        later.play();
    }
}
