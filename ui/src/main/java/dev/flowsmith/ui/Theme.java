package dev.flowsmith.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The studio's two looks: AtlantaFX's Primer light and dark, plus our own rules in studio.css. */
public enum Theme {
    LIGHT, DARK;

    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public static String studioCss() {
        return Theme.class.getResource("/dev/flowsmith/assets/studio.css").toExternalForm();
    }

    public static Theme parse(String s) {
        return "LIGHT".equalsIgnoreCase(s) ? LIGHT : DARK;
    }
}
