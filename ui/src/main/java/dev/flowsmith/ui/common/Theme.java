package dev.flowsmith.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The studio's two looks: AtlantaFX's Primer light and dark, plus our own rules in studio.css. */
public enum Theme {
    LIGHT, DARK;

    /** The theme in use, for what is painted rather than styled (the timeline's canvas); observable for repaints. */
    private static final javafx.beans.property.ObjectProperty<Theme> CURRENT = new javafx.beans.property.SimpleObjectProperty<>(DARK);

    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        CURRENT.set(this);
    }

    public static javafx.beans.property.ReadOnlyObjectProperty<Theme> currentProperty() {
        return CURRENT;
    }

    public static String studioCss() {
        return Theme.class.getResource("/dev/flowsmith/assets/studio.css").toExternalForm();
    }

    public static Theme parse(String s) {
        return "LIGHT".equalsIgnoreCase(s) ? LIGHT : DARK;
    }
}
