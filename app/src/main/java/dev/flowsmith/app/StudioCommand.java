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
        List<String> args = new ArrayList<>();
        files.forEach(f -> args.add(f.toAbsolutePath().toString()));
        if (screenshot != null) {
            args.add("--screenshot=" + screenshot.toAbsolutePath());
            args.add("--screenshot-delay=" + delay);
        }
        Application.launch(StudioApp.class, args.toArray(new String[0]));
        return 0;
    }
}
