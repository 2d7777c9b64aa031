package dev.flowsmith.editing;

import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.project.RecoveryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Killing the process (SIGKILL) while it autosaves always leaves a recovery file that loads. */
class AutosaveCrashTest {
    @TempDir
    Path dir;

    @Test
    void killDuringAutosaveLeavesALoadableProject() throws Exception {
        Random rnd = new Random(42);
        for (int round = 0; round < 4; round++) {
            Path d = Files.createDirectories(dir.resolve("round" + round));
            Process child = new ProcessBuilder(AutosaveLoopMain.command(d)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path started = d.resolve("started");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(started) && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(started).as("the child started autosaving").exists();
            Thread.sleep(150 + rnd.nextInt(600)); // somewhere inside one of many autosaves
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            var entries = new RecoveryStore(d).list();
            assertThat(entries).as("round %d", round).hasSize(1);
            var loaded = ProjectFile.load(entries.get(0).file());
            assertThat(loaded.project().clipCount()).isGreaterThan(2000);
            try (var s = Files.list(d)) {
                // temp files may be left (hidden, ignored); never a second project
                assertThat(s.filter(p -> p.toString().endsWith(".recovery.fsproj")).count()).isEqualTo(1);
            }
        }
    }
}
