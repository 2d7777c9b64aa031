package dev.flowsmith.diffusion.models;

import dev.flowsmith.diffusion.weights.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * Fetches one file over HTTP(S) into {@code target}: bytes go to {@code target.part}, an interrupted
 * download continues from where it stopped (HTTP Range; a server that ignores ranges restarts it),
 * and the file is moved into place only when its size and SHA-256 match the catalogue (a mismatch
 * deletes it and says so). Progress is reported in bytes; {@code cancelled} stops between chunks.
 */
public final class Downloader {
    public interface Progress {
        void bytes(long done, long total);
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();

    /** Downloads; returns the file's SHA-256 (as computed over the whole file). */
    public String fetch(ModelCatalogue.ModelFile f, Path target, Progress progress, BooleanSupplier cancelled) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(f.url())).timeout(Duration.ofMinutes(5)).GET();
            if (have > 0) {
                rb.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            int code = resp.statusCode();
            boolean append = code == 206 && have > 0;
            if (code != 200 && code != 206) {
                resp.body().close();
                throw new ModelFormatException("Downloading '" + f.path() + "' failed: the server answered HTTP " + code
                        + " for " + f.url() + ".");
            }
            long total = f.size() >= 0 ? f.size() : resp.headers().firstValueAsLong("Content-Length").orElse(-1) + (append ? have : 0);
            long done = append ? have : 0;
            try (InputStream in = resp.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (cancelled.getAsBoolean()) {
                        throw new ModelFormatException("Download of '" + f.path() + "' cancelled; " + done
                                + " bytes kept, it continues from there next time.");
                    }
                    out.write(buf, 0, n);
                    done += n;
                    progress.bytes(done, total);
                }
            }
            return verifyAndInstall(f, part, target);
        } catch (IOException e) {
            throw new ModelFormatException("Downloading '" + f.path() + "' stopped (" + e.getMessage() + "); the bytes so far are "
                    + "kept and the next download continues from them.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFormatException("Download of '" + f.path() + "' interrupted.", e);
        }
    }

    private static String verifyAndInstall(ModelCatalogue.ModelFile f, Path part, Path target) throws IOException {
        long size = Files.size(part);
        String sha = sha256(part);
        if (f.size() >= 0 && size != f.size() || f.sha256() != null && !f.sha256().equalsIgnoreCase(sha)) {
            Files.deleteIfExists(part);
            throw new ModelFormatException("'" + f.path() + "' arrived damaged or changed (size " + size + ", SHA-256 " + sha
                    + "; the catalogue says size " + f.size() + ", SHA-256 " + f.sha256() + "); it was deleted. Download it again.");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return sha;
    }

    public static String sha256(Path p) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digest as we go
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
