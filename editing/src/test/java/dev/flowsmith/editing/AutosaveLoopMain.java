package dev.flowsmith.editing;

import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.model.ProjectSettings;
import dev.flowsmith.editing.project.Autosaver;
import dev.flowsmith.editing.project.RecoveryStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child process of the crash test: edits a 2,000-clip project and autosaves it as fast as it can,
 * forever, printing "saving" once it is under way; the test kills it with SIGKILL at a random moment.
 */
public final class AutosaveLoopMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        MediaRef m = EditCommandsPropertyTest.media(dir).get(0);
        EditHistory h = new EditHistory(Project.empty(ProjectSettings.DEFAULT), 10);
        for (int i = 0; i < 1000; i++) {
            h.perform(new InsertClip(m, (long) i * 10, i, 10));
        }
        try (Autosaver a = new Autosaver(h, new RecoveryStore(dir), () -> null, Duration.ofDays(1), e -> { throw e; })) {
            for (long i = 0; ; i++) {
                h.perform(new InsertClip(m, 0, 0, 1 + i % 7));
                a.autosaveIfChanged();
                if (i == 0) {
                    Files.writeString(dir.resolve("started"), a.recoveryFile().toString()); // one autosave exists
                }
            }
        }
    }

    private AutosaveLoopMain() {
    }

    static List<String> command(Path dir) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AutosaveLoopMain.class.getName(), dir.toString());
    }
}
