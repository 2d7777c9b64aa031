package dev.flowsmith.ui;

import dev.flowsmith.ui.inspector.InspectorView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Default outputs go beside the source, but never into a write-protected folder, even for root (who may write
 * anywhere): a test run as root once left a transcode in the shared, read-only test media this way.
 */
class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void aWriteProtectedFolderIsNotUsedForResults() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Path clip = Files.writeString(open.resolve("clip.mp4"), "x");
        assertThat(InspectorView.outputFolder(clip)).isEqualTo(open);

        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path old = Files.writeString(archive.resolve("reel.mp4"), "x");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThat(InspectorView.outputFolder(old)).isNotEqualTo(archive)
                    .isIn(Path.of(System.getProperty("user.home")), Path.of(System.getProperty("user.home"), "Videos"));
        } finally {
            Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
