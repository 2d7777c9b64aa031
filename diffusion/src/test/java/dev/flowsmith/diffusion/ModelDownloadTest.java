package dev.flowsmith.diffusion;

import com.sun.net.httpserver.HttpServer;
import dev.flowsmith.diffusion.dit.DiTModel;
import dev.flowsmith.diffusion.models.Downloader;
import dev.flowsmith.diffusion.models.ModelCatalogue;
import dev.flowsmith.diffusion.models.ModelStore;
import dev.flowsmith.diffusion.weights.ModelFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The downloader against a local HTTP server serving the tiny test model: a whole download, one cut
 * off half-way that resumes with a Range request, and a corrupted file that is refused.
 */
class ModelDownloadTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cutNext = new AtomicBoolean();
    private final AtomicBoolean corrupt = new AtomicBoolean();
    private Path weights;

    @BeforeEach
    void serve() throws Exception {
        Path model = DiTGoldenTest.golden("tiny-dit");
        weights = model.resolve("diffusion_pytorch_model.safetensors");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = Files.readAllBytes(model.resolve(ex.getRequestURI().getPath().substring(1)));
            if (corrupt.get()) {
                body = body.clone();
                body[body.length - 1] ^= 1;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                ranges.add(range);
                from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                ex.sendResponseHeaders(206, body.length - from);
            } else {
                ex.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                boolean cut = ex.getRequestURI().getPath().endsWith(".safetensors") && cutNext.getAndSet(false);
                int end = cut ? from + (body.length - from) / 2 : body.length;
                out.write(body, from, end - from);
                if (cut) {
                    out.flush();
                    throw new java.io.IOException("cut off"); // the server drops the connection: a truncated body
                }
            }
        });
        server.start();
        long size = Files.size(weights);
        String sha = Downloader.sha256(weights);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Path catalogue = dir.resolve("models.json");
        Files.writeString(catalogue, "{\"models\":[{\"id\":\"tiny-dit\",\"task\":\"test\",\"licence\":\"test\",\"files\":["
                + "{\"path\":\"config.json\",\"url\":\"" + base + "config.json\",\"size\":" + Files.size(model.resolve("config.json"))
                + ",\"sha256\":\"" + Downloader.sha256(model.resolve("config.json")) + "\"},"
                + "{\"path\":\"diffusion_pytorch_model.safetensors\",\"url\":\"" + base + "diffusion_pytorch_model.safetensors\","
                + "\"size\":" + size + ",\"sha256\":\"" + sha + "\"}]}]}");
        System.setProperty("flowsmith.catalogue", catalogue.toString());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("flowsmith.catalogue");
    }

    private ModelStore store() {
        return new ModelStore(dir.resolve("models"), ModelCatalogue.load());
    }

    @Test
    void downloadVerifyAndLoad() {
        ModelStore s = store();
        assertThat(ModelCatalogue.load().require("dit-xl-2-256").files()).hasSize(2); // the built-in entries stay
        Path folder = s.download("tiny-dit", (d, t) -> { }, () -> false);
        assertThat(s.verify("tiny-dit")).isEmpty();
        assertThat(DiTModel.load(folder).config().layers()).isEqualTo(2);
    }

    @Test
    void anInterruptedDownloadResumesWithARangeRequest() throws Exception {
        ModelStore s = store();
        cutNext.set(true);
        assertThatThrownBy(() -> s.download("tiny-dit", (d, t) -> { }, () -> false)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("continues");
        Path part = s.folder("tiny-dit").resolve("diffusion_pytorch_model.safetensors.part");
        long kept = Files.size(part);
        assertThat(kept).isBetween(1L, Files.size(weights) - 1);
        assertThat(s.installed("tiny-dit")).isFalse();

        s.download("tiny-dit", (d, t) -> { }, () -> false);
        assertThat(ranges).containsExactly("bytes=" + kept + "-");
        assertThat(part).doesNotExist();
        assertThat(s.verify("tiny-dit")).isEmpty();
        assertThat(Downloader.sha256(s.folder("tiny-dit").resolve("diffusion_pytorch_model.safetensors")))
                .isEqualTo(Downloader.sha256(weights));
    }

    @Test
    void aCorruptedFileIsRefusedAndNotInstalled() {
        corrupt.set(true);
        ModelStore s = store();
        assertThatThrownBy(() -> s.download("tiny-dit", (d, t) -> { }, () -> false)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("arrived damaged");
        assertThat(s.installed("tiny-dit")).isFalse();
        assertThat(s.verify("tiny-dit")).isNotEmpty();
    }
}
