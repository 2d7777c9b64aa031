package dev.flowsmith.app;

import dev.flowsmith.media.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long command: on a terminal a redrawn bar with frames/s and ETA; otherwise (logs,
 * pipes, CI) a plain line about every two seconds. Called from the worker thread for every frame;
 * prints at most a few times a second.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final dev.flowsmith.media.ThroughputEstimate rate = new dev.flowsmith.media.ThroughputEstimate();
    private long lastPrint;

    ConsoleProgress(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    private boolean shares;

    /** Progress that is a share of the work, not frames: no counts or frames/s, the share and the ETA. */
    ConsoleProgress inShares() {
        shares = true;
        return this;
    }

    static ConsoleProgress forStderr(String label) {
        return new ConsoleProgress(System.err, System.console() != null, label);
    }

    @Override
    public void onProgress(long done, long total) {
        long now = System.nanoTime();
        rate.update(done, now);
        long interval = terminal ? 200_000_000L : 2_000_000_000L;
        if (now - lastPrint < interval && done != total) {
            return;
        }
        lastPrint = now;
        out.print(terminal ? "\r" + line(done, total, now) + "\u001b[K" : line(done, total, now) + "\n");
        out.flush();
    }

    /** Ends the bar's line (terminal) so the next output starts on a fresh one. */
    void finish() {
        if (terminal && lastPrint != 0) {
            out.println();
        }
    }

    String line(long done, long total, long now) {
        double fps = rate.fps();
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            if (terminal) {
                int width = 30, filled = (int) Math.round(f * width);
                sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
            }
            if (shares) {
                sb.append(String.format(Locale.ROOT, "%5.1f%%", 100 * f));
            } else {
                sb.append(String.format(Locale.ROOT, "%5.1f%% %d/%d frames", 100 * f, done, total)).append(" ").append(fpsText(fps));
            }
            sb.append(" ETA ").append(clock(rate.secondsLeft(done, total, now)));
        } else {
            sb.append(String.format(Locale.ROOT, "%d frames ", done)).append(fpsText(fps));
        }
        return sb.toString();
    }

    static String fpsText(double fps) {
        return Double.isNaN(fps) ? "-- fps" : String.format(Locale.ROOT, "%.1f fps", fps);
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
