package dev.flowsmith.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outputs: nothing replaced without permission, nothing left behind by a killed run, every check before the work. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatAppearsWhileWritingIsNeverReplaced() throws Exception {
        Path target = dir.resolve("out.mp4");
        try (AtomicOutput out = AtomicOutput.create(target, false, List.of())) {
            Files.writeString(out.temp(), "our result");
            Files.writeString(target, "the user's file, saved meanwhile");
            assertThatThrownBy(out::commit).isInstanceOf(OutputExistsException.class)
                    .hasMessageContaining("appeared while Flowsmith was writing it");
            assertThat(Files.readString(target)).isEqualTo("the user's file, saved meanwhile");
            assertThat(Files.readString(out.temp())).as("the work is kept").isEqualTo("our result");
        }
    }

    @Test
    void withOverwriteTheCommitReplaces() throws Exception {
        Path target = dir.resolve("out.mp4");
        Files.writeString(target, "old");
        try (AtomicOutput out = AtomicOutput.create(target, true, List.of())) {
            Files.writeString(out.temp(), "new");
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("new");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void aFolderOrATooLongNameIsRefusedFirst() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("out.mkv"));
        assertThatThrownBy(() -> AtomicOutput.create(folder, true, List.of())).hasMessageContaining("is a folder");
        Path longName = dir.resolve("n".repeat(235) + ".mkv");
        assertThatThrownBy(() -> AtomicOutput.create(longName, false, List.of())).hasMessageContaining("too long");
    }

    @Test
    void staleTempFilesOfDeadRunsAreRemovedLiveOnesKept() throws Exception {
        long dead = deadPid();
        Path stale = dir.resolve(".clip" + AtomicOutput.TAG + dead + "-abc123.part.mp4");
        Path recent = dir.resolve(".clip2" + AtomicOutput.TAG + dead + "-abc124.part.mp4");
        Path live = dir.resolve(".clip3" + AtomicOutput.TAG + ProcessHandle.current().pid() + "-abc125.part.mp4");
        Path users = dir.resolve(".notes.part.mp4");
        for (Path p : List.of(stale, recent, live, users)) {
            Files.writeString(p, "x");
        }
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 2 * 3_600_000L);
        for (Path p : List.of(stale, live, users)) {
            Files.setLastModifiedTime(p, old);
        }
        assertThat(AtomicOutput.removeStale(dir)).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(recent).as("modified within the hour: maybe another machine's live job").exists();
        assertThat(live).as("its process runs").exists();
        assertThat(users).as("not our name pattern").exists();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aSecondJobOnTheSameFolderIsToldItRuns() {
        Path jobDir = dir.resolve(".out.mp4.flowsmith-job");
        try (JobFolderLock first = JobFolderLock.acquire(jobDir, dir.resolve("out.mp4"))) {
            assertThatThrownBy(() -> JobFolderLock.acquire(jobDir, dir.resolve("out.mp4")))
                    .isInstanceOf(MediaException.class).hasMessageContaining("is running now").hasMessageContaining("pid");
        }
        JobFolderLock.acquire(jobDir, dir.resolve("out.mp4")).close(); // released: free again
    }

    @Test
    void theFingerprintSeesAContentChangeOfTheSameSize() throws Exception {
        Path f = dir.resolve("a.bin");
        byte[] data = new byte[3 << 20];
        Files.write(f, data);
        String before = FileFingerprint.of(f);
        data[data.length - 10] = 1; // in the last MiB
        Files.write(f, data);
        assertThat(FileFingerprint.of(f)).isNotEqualTo(before);
        assertThat(FileFingerprint.of(f)).isEqualTo(FileFingerprint.of(f));
    }
}
