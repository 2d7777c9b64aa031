package dev.flowsmith.ui.common;

import dev.flowsmith.media.AudioReader;
import dev.flowsmith.media.MediaException;
import javafx.application.Platform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Loudness outlines of source files for audio clips: the peak of each hundredth of a second, computed
 * once per file in the background (decoded at a low sample rate, which is plenty for a picture) and
 * kept; the timeline redraws when one is ready.
 */
public final class WaveformCache implements AutoCloseable {
    public static final int PEAKS_PER_SECOND = 100;
    private static final int RATE = 8000;
    private static final float[] NONE = new float[0];
    private final Map<Path, float[]> peaks = new HashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flowsmith-waveforms");
        t.setDaemon(true);
        return t;
    });
    private final Runnable onReady;

    public WaveformCache(Runnable onReady) {
        this.onReady = onReady;
    }

    /** Peaks of {@code path} (0..1, one per 10 ms), or null while they are computed. FX thread. */
    public float[] get(Path path) {
        float[] p = peaks.get(path);
        if (p == null && !worker.isShutdown()) {
            peaks.put(path, NONE);
            worker.submit(() -> {
                float[] computed = compute(path);
                Platform.runLater(() -> {
                    peaks.put(path, computed);
                    onReady.run();
                });
            });
            return null;
        }
        return p == NONE ? null : p; // null: still computing (or disposed)
    }

    static float[] compute(Path path) {
        int per = RATE / PEAKS_PER_SECOND;
        float[] buf = new float[per * AudioReader.CHANNELS];
        float[] out = new float[1024];
        int n = 0;
        try (AudioReader r = AudioReader.open(path, RATE)) {
            int got;
            while ((got = r.read(buf, per)) > 0) {
                float peak = 0;
                for (int i = 0; i < got * AudioReader.CHANNELS; i++) {
                    peak = Math.max(peak, Math.abs(buf[i]));
                }
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = Math.min(1f, peak);
            }
        } catch (MediaException e) {
            return new float[0];
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
