package dev.flowsmith.ui.inspector;

import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.media.FileFingerprint;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * "Run on: Here | Farm" for a section that starts jobs: shown only once a render farm is set (Tools > Render Farm…),
 * and the farm job a section sends there, its paths absolute and its input's identity as this machine sees it.
 */
final class RunOnChoice {
    // short, so the choice fits the inspector at 1280x720 (checked under Xvfb); the tooltip names the server
    static final String HERE = "Here", FARM = "Farm";
    private final ChoiceBox<String> choice = new ChoiceBox<>();
    private final Label label = new Label("Run on");
    private String server;

    /** {@code id}: the choice's node id; {@code what}: what runs, for screen readers ("the restore"). */
    RunOnChoice(String id, String what) {
        choice.setId(id);
        choice.setAccessibleText("Where " + what + " runs");
        use(null);
    }

    void addTo(GridPane form, int row) {
        form.addRow(row, label, choice);
    }

    /** The farm's server (HOST:PORT), or null: with one the choice is shown and offers it. */
    void use(String farmServer) {
        server = farmServer == null || farmServer.isBlank() ? null : farmServer.trim();
        String keep = choice.getValue();
        choice.getItems().setAll(server == null ? List.of(HERE) : List.of(HERE, FARM));
        choice.setValue(server != null && FARM.equals(keep) ? FARM : HERE);
        choice.setTooltip(new Tooltip(server == null ? "This computer"
                : "Here: this computer; Farm: the render farm at " + server + " (Tools > Render Farm…)"));
        for (Node n : List.of(choice, label)) {
            n.setVisible(server != null);
            n.setManaged(server != null);
        }
    }

    /** {@code true}: the farm (when one is set); {@code false}: this computer. */
    void select(boolean farm) {
        choice.setValue(farm && server != null ? FARM : HERE);
    }

    boolean onFarm() {
        return server != null && FARM.equals(choice.getValue());
    }

    String server() {
        return server;
    }

    /**
     * {@code command IN OUT arguments} as a farm job on the given queue; empty (and {@code note} told why) when the input
     * cannot be read.
     */
    static Optional<FarmJob> job(String command, List<String> arguments, Path in, Path out, boolean overwrite, String queue,
                                 Consumer<String> note) {
        try {
            return Optional.of(new FarmJob(FarmJob.defaultId(command, out), command, arguments,
                    in.toAbsolutePath().normalize().toString(), out.toAbsolutePath().normalize().toString(), Files.size(in),
                    FileFingerprint.of(in), overwrite, queue, 5, 60, false));
        } catch (IOException | dev.flowsmith.media.MediaException e) {
            note.accept("'" + in.getFileName() + "' cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }
}
