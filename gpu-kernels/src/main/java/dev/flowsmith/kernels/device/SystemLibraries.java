package dev.flowsmith.kernels.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a shared library the way the dynamic loader would (LD_LIBRARY_PATH, the folders of /etc/ld.so.conf and its
 * includes, the standard folders), without loading it: so a missing system package (GTK 3, the OpenCL loader) is
 * named in one sentence before a native loader prints its own lines, and a found one can be loaded by full path.
 */
public final class SystemLibraries {
    private SystemLibraries() {
    }

    /** The first file named {@code soname} (e.g. "libgtk-3.so.0") in the loader's folders. */
    public static Optional<Path> find(String soname) {
        for (Path dir : folders()) {
            Path f = dir.resolve(soname);
            if (Files.exists(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    static List<Path> folders() {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        readConf(Path.of("/etc/ld.so.conf"), dirs, 0);
        for (String d : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")) {
            dirs.add(Path.of(d));
        }
        return new ArrayList<>(dirs);
    }

    private static void readConf(Path conf, Set<Path> dirs, int depth) {
        if (depth > 4 || !Files.isRegularFile(conf)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(conf)) {
                String l = line.replaceFirst("#.*", "").trim();
                if (l.startsWith("include ")) {
                    String pattern = l.substring(8).trim();
                    Path p = Path.of(pattern);
                    Path parent = p.getParent();
                    if (parent != null && Files.isDirectory(parent)) {
                        try (var s = Files.newDirectoryStream(parent, p.getFileName().toString())) {
                            for (Path inc : s) {
                                readConf(inc, dirs, depth + 1);
                            }
                        }
                    }
                } else if (l.startsWith("/")) {
                    dirs.add(Path.of(l));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable configuration only narrows the search
        }
    }
}
