package dev.flowsmith.restoration.sr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The learned upscalers Flowsmith runs through OpenCV's dnn_superres, by name: FSRCNN, ESPCN and
 * LapSRN (the published TensorFlow graphs, {@code NAME_xS.pb}), found in the user's model folder
 * ({@code ~/.local/share/flowsmith/models/sr}, or {@code -Dflowsmith.models}/sr). A name without its
 * file for the wanted scale is a sentence saying where to put it, not a failure later in the job.
 */
public final class SrModels {
    /** Names as users know them, in the order the studio lists them. */
    public static final List<String> NAMES = List.of("FSRCNN", "ESPCN", "LapSRN");

    private SrModels() {
    }

    public static Path folder() {
        String p = System.getProperty("flowsmith.models");
        Path models = p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".local", "share", "flowsmith", "models");
        return models.resolve("sr");
    }

    /** The model file {@code NAME_x<scale>.pb} in {@link #folder()} (any letter case), if it is there. */
    public static Optional<Path> find(String name, int scale) {
        String want = (name + "_x" + scale + ".pb").toLowerCase(Locale.ROOT);
        Path dir = folder();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).equals(want))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The model for {@code name} at {@code scale}, or an {@link IllegalArgumentException} saying where to put it. */
    public static Path require(String name, int scale) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not one of " + String.join(", ", NAMES));
        }
        return find(name, scale).orElseThrow(() -> new IllegalArgumentException(name + " x" + scale + " is not installed: put "
                + name + "_x" + scale + ".pb (OpenCV dnn_superres) in " + folder() + ", or choose a model file"));
    }
}
