package dev.flowsmith.app;

import dev.flowsmith.ui.StudioApp;
import javafx.application.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith studio [FILE...]}: opens the desktop studio, importing the given files. Launched
 * from this class (not an {@code Application} subclass), which is what lets JavaFX start from the
 * class path.
 */
@Command(name = "studio", description = "Open the Flowsmith studio (the desktop application).")
final class StudioCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "media files or folders to import")
    List<Path> files = new ArrayList<>();

    @Option(names = "--screenshot", paramLabel = "PNG", description = "write a picture of the window after a delay, then quit")
    Path screenshot;

    @Option(names = "--screenshot-delay", defaultValue = "5000", paramLabel = "MS", description = "delay before the screenshot")
    long delay;

    @Override
    public Integer call() {
        OptionCheck.range("--screenshot-delay", delay, 0, 600_000);
        List<String> args = new ArrayList<>();
        files.forEach(f -> args.add(f.toAbsolutePath().toString()));
        if (screenshot != null) {
            args.add("--screenshot=" + screenshot.toAbsolutePath());
            args.add("--screenshot-delay=" + delay);
        }
        checkDesktop();
        try {
            Application.launch(StudioApp.class, args.toArray(new String[0]));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw whyNoWindow(e);
        }
        return 0;
    }

    /** Before JavaFX prints its own lines: GTK 3 (and with it X11) installed, a display to open. */
    static void checkDesktop() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return;
        }
        if (dev.flowsmith.kernels.device.SystemLibraries.find("libgtk-3.so.0").isEmpty()) {
            throw whyNoWindow(new RuntimeException("libgtk-3.so.0 missing"));
        }
        String display = System.getenv("DISPLAY"), wayland = System.getenv("WAYLAND_DISPLAY");
        boolean headlessTest = "Monocle".equals(System.getProperty("glass.platform"));
        if (!headlessTest && (display == null || display.isBlank()) && (wayland == null || wayland.isBlank())) {
            throw whyNoWindow(new RuntimeException("DISPLAY is not set"));
        }
    }

    /** JavaFX's own words for a machine without a desktop, turned into what to install or do. */
    static RuntimeException whyNoWindow(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String m = all.toString();
        if (m.contains("GTK") || m.contains("libgtk") || m.contains("libX11") || m.contains("no glass")) {
            return new CommandFailedException("The studio needs GTK 3, which is not installed: install it (Debian/Ubuntu: "
                    + "sudo apt-get install libgtk-3-0), or use the command line, which needs no desktop (flowsmith --help).");
        }
        if (m.contains("DISPLAY") || m.contains("display")) {
            return new CommandFailedException("The studio needs a desktop session, and no display was found (DISPLAY is "
                    + "not set or cannot be opened): start it from a desktop, or use the command line (flowsmith --help).");
        }
        return e instanceof RuntimeException r ? r : new CommandFailedException("The studio could not start: " + e.getMessage());
    }
}
