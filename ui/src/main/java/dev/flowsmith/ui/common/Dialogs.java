package dev.flowsmith.ui.common;

import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * Dialogs belong to the studio window: with an owner they open centred on it (not at the screen's top-left) and the
 * window manager keeps the owner's size and state (Openbox un-maximised and shrank an unowned dialog's window).
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
        return d;
    }
}
