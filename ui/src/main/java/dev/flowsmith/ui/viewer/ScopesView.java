package dev.flowsmith.ui.viewer;

import dev.flowsmith.kernels.ScopeKernels;
import dev.flowsmith.kernels.backend.Buf;
import dev.flowsmith.kernels.backend.ComputeBackend;
import dev.flowsmith.kernels.backend.Plan;
import dev.flowsmith.kernels.device.Backends;
import dev.flowsmith.media.PreviewImage;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scopes of the shown frame (A, and B while comparing): luma waveform, RGB parade, vectorscope or
 * histograms, computed by {@link ScopeKernels} on the CPU compute backend on a worker thread. Frames
 * arriving while one is being measured replace each other, so the scopes follow playback without
 * queueing work; the picture is drawn as an image (brighter = more pixels, log scale).
 */
public final class ScopesView extends VBox {
    private static final int WIDTH = 384, HEIGHT = 256, VECTOR = 256;
    private final ViewerModel model;
    private final ImageView viewA = new ImageView(), viewB = new ImageView();
    private final Label labelA = new Label("A"), labelB = new Label("B");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flowsmith-scopes");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<PreviewImage> nextA = new AtomicReference<>(), nextB = new AtomicReference<>();
    private ComputeBackend backend;
    private Plan plan;
    private volatile int[] countsA = new int[0], countsB = new int[0];
    private volatile long updates;

    ScopesView(ViewerModel model) {
        this.model = model;
        setId("scopes");
        setSpacing(4);
        setPadding(new Insets(4));
        setStyle("-fx-background-color: #111;");
        viewA.setId("scopeA");
        viewB.setId("scopeB");
        for (ImageView v : new ImageView[]{viewA, viewB}) {
            v.setPreserveRatio(true);
            v.setFitWidth(WIDTH * 0.75);
            v.setSmooth(true);
        }
        for (Label l : new Label[]{labelA, labelB}) {
            l.setStyle("-fx-text-fill: #ddd;");
        }
        getChildren().addAll(labelA, viewA, labelB, viewB);
        setVisibleParts(false);
        model.scopesProperty().addListener((o, a, b) -> {
            setVisible(b != ViewerModel.ScopeKind.OFF);
            setManaged(b != ViewerModel.ScopeKind.OFF);
        });
        setVisible(false);
        setManaged(false);
    }

    private void setVisibleParts(boolean comparing) {
        labelB.setVisible(comparing);
        labelB.setManaged(comparing);
        viewB.setVisible(comparing);
        viewB.setManaged(comparing);
    }

    /** A frame was shown on side A ({@code b} false) or B. FX thread; the frame is copied. */
    void frameShown(boolean b, PreviewImage frame, boolean comparing) {
        if (model.scopesProperty().get() == ViewerModel.ScopeKind.OFF || frame == null || worker.isShutdown()) {
            return;
        }
        setVisibleParts(comparing);
        PreviewImage copy = frame.copy();
        if ((b ? nextB : nextA).getAndSet(copy) == null) {
            worker.submit(() -> measure(b));
        }
    }

    private void measure(boolean b) {
        PreviewImage f = (b ? nextB : nextA).getAndSet(null);
        if (f == null) {
            return;
        }
        ViewerModel.ScopeKind kind = model.scopesProperty().get();
        if (kind == ViewerModel.ScopeKind.OFF) {
            return;
        }
        int w = f.width(), h = f.height();
        int[] px = new int[w * h];
        ByteBuffer.wrap(f.bgra()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(px); // BGRA bytes = 0xAARRGGBB
        if (plan == null) {
            backend = Backends.open("cpu");
            plan = backend.newPlan();
        }
        int[] counts;
        Buf in = plan.ints(px);
        switch (kind) {
            case WAVEFORM -> {
                counts = new int[w * 256];
                Buf out = plan.ints(counts.length);
                plan.waveform(in, out, w, h);
                plan.read(out, counts);
            }
            case PARADE -> {
                counts = new int[3 * w * 256];
                Buf out = plan.ints(counts.length);
                plan.parade(in, out, w, h);
                plan.read(out, counts);
            }
            case VECTORSCOPE -> {
                counts = new int[VECTOR * VECTOR];
                Buf out = plan.ints(counts.length);
                plan.vectorscope(in, out, w, h, VECTOR);
                plan.read(out, counts);
            }
            default -> {
                counts = new int[4 * 256];
                Buf out = plan.ints(counts.length);
                plan.histogram(in, out, w, h);
                plan.read(out, counts);
            }
        }
        plan.close(); // frees this frame's buffers; the next frame makes a new plan
        plan = backend.newPlan();
        WritableImage img = draw(kind, counts, w, h);
        if (b) {
            countsB = counts;
        } else {
            countsA = counts;
        }
        Platform.runLater(() -> {
            (b ? viewB : viewA).setImage(img);
            updates++;
        });
    }

    private static WritableImage draw(ViewerModel.ScopeKind kind, int[] c, int w, int h) {
        return switch (kind) {
            case WAVEFORM -> columns(c, w, 1, h, new int[]{0x9ff0a0});
            case PARADE -> columns(c, w, 3, h, new int[]{0xff6060, 0x60ff60, 0x6080ff});
            case VECTORSCOPE -> vectorscope(c, w * h);
            default -> histogram(c);
        };
    }

    /** Waveform-style picture: {@code bands} groups of {@code w} columns of 256 levels, squeezed to WIDTH. */
    private static WritableImage columns(int[] c, int w, int bands, int h, int[] colours) {
        int[] argb = new int[WIDTH * HEIGHT];
        int bandWidth = WIDTH / bands;
        double scale = 255 / Math.log1p(Math.max(1, h / 4.0));
        for (int band = 0; band < bands; band++) {
            int rgb = colours[band];
            for (int col = 0; col < bandWidth; col++) {
                int x0 = col * w / bandWidth, x1 = Math.max(x0 + 1, (col + 1) * w / bandWidth);
                for (int level = 0; level < 256; level++) {
                    int sum = 0;
                    for (int x = x0; x < x1 && x < w; x++) {
                        sum += c[(band * w + x) * 256 + level];
                    }
                    double v = Math.min(1, Math.log1p(sum / (double) (x1 - x0)) * scale / 255);
                    argb[(255 - level) * WIDTH + band * bandWidth + col] = shade(rgb, v);
                }
            }
        }
        for (int level : new int[]{16, 64, 128, 191, 235}) { // graticule: legal range and quarters
            for (int x = 0; x < WIDTH; x += 3) {
                argb[(255 - level) * WIDTH + x] |= 0xff404040;
            }
        }
        return image(argb, WIDTH, HEIGHT);
    }

    private static WritableImage vectorscope(int[] c, int pixels) {
        int[] argb = new int[VECTOR * VECTOR];
        double scale = 1 / Math.log1p(Math.max(1, pixels / 2000.0));
        for (int i = 0; i < c.length; i++) {
            argb[i] = shade(0xa0ffa0, Math.min(1, Math.log1p(c[i]) * scale));
        }
        int mid = VECTOR / 2;
        for (int t = 0; t < 360; t++) { // 75 % saturation ring and the skin-tone line (123 degrees)
            double a = Math.toRadians(t);
            int x = mid + (int) Math.round(Math.cos(a) * mid * 0.75 * 0.6), y = mid - (int) Math.round(Math.sin(a) * mid * 0.75 * 0.6);
            argb[y * VECTOR + x] |= 0xff505050;
        }
        for (int r = 0; r < mid; r++) {
            double a = Math.toRadians(123);
            int x = mid + (int) Math.round(Math.cos(a) * r), y = mid - (int) Math.round(Math.sin(a) * r);
            argb[y * VECTOR + x] |= 0xff806040;
            argb[mid * VECTOR + Math.min(VECTOR - 1, r * 2)] |= 0xff303030;
            argb[Math.min(VECTOR - 1, r * 2) * VECTOR + mid] |= 0xff303030;
        }
        return image(argb, VECTOR, VECTOR);
    }

    private static WritableImage histogram(int[] c) {
        int hh = 160;
        int[] argb = new int[256 * hh];
        int max = 1;
        for (int i = 0; i < c.length; i++) {
            if (i % 256 != 0 && i % 256 != 255) { // clipped black/white spikes would flatten the rest
                max = Math.max(max, c[i]);
            }
        }
        int[] colours = {0xff5050, 0x50ff50, 0x5070ff, 0xdddddd};
        for (int ch = 0; ch < 4; ch++) {
            for (int x = 0; x < 256; x++) {
                int top = Math.min(hh, (int) Math.round(c[ch * 256 + x] * (double) hh / max));
                for (int y = hh - top; y < hh; y++) {
                    argb[y * 256 + x] = 0xff000000 | (argb[y * 256 + x] | (ch == 3 ? 0x404040 : colours[ch]));
                }
            }
        }
        for (int i = 0; i < argb.length; i++) {
            argb[i] |= 0xff000000;
        }
        return image(argb, 256, hh);
    }

    private static int shade(int rgb, double v) {
        int r = (int) (((rgb >> 16) & 255) * v), g = (int) (((rgb >> 8) & 255) * v), b = (int) ((rgb & 255) * v);
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }

    private static WritableImage image(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    /** The last counts measured for A or B (for tests: the scope follows the picture). */
    public int[] lastCounts(boolean b) {
        return b ? countsB : countsA;
    }

    /** How many scope pictures were drawn. */
    public long updates() {
        return updates;
    }

    void dispose() {
        if (worker.isShutdown()) {
            return; // a window hidden twice disposes twice
        }
        worker.submit(() -> {
            if (plan != null) {
                plan.close();
                backend.close();
            }
        });
        worker.shutdown();
    }
}
