package dev.flowsmith.bench.playback;

import dev.flowsmith.media.DecodeAhead;
import dev.flowsmith.media.PreviewImage;
import dev.flowsmith.media.VideoReader;
import dev.flowsmith.media.color.DisplayOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Viewer playback on this machine: a 60 Hz presentation pulse (JavaFX's) shows the frame due at the clip's rate
 * for the whole clip, copying it into a direct buffer as the viewer's PixelBuffer does. Flowsmith's
 * {@link DecodeAhead} (worker thread, bounded queue) against the baseline the viewer had before: the
 * due frame decoded on demand, one at a time, on the presenting thread. Prints dropped frames per
 * minute for each, and for side by side (two files decoded at once) the worst A/B frame offset.
 * <p>
 * Usage: {@code PlaybackBenchmark FILE [FILE ...]}: each at its own frame rate, fitted into the viewer's
 * 1280x720 decode box, and at 100 % when larger.
 */
public final class PlaybackBenchmark {
    private static final long PULSE_NANOS = 1_000_000_000L / 60;
    /** The viewer's decode box when the picture is fitted to the window. */
    private static final int FIT_W = 1280, FIT_H = 720;
    private static double FPS = 30;

    public static void main(String[] args) throws Exception {
        System.out.println("| clip | shown at | fps | frames | on-demand decode: dropped/min | decode-ahead: dropped/min | side by side (2 decoders, paired): dropped/min, worst A/B offset |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String a : args) {
            Path f = Path.of(a);
            int sw, sh;
            long frames;
            try (VideoReader r = VideoReader.open(f)) {
                sw = r.width();
                sh = r.height();
                frames = r.info().frameCount();
                FPS = r.info().avgFrameRate().isKnown() ? r.info().avgFrameRate().toDouble() : 30;
            }
            // fitted (what the viewer decodes at most when not zoomed), and 1:1 when the source is larger
            double fit = Math.min(1, Math.min((double) FIT_W / sw, (double) FIT_H / sh));
            int[][] boxes = fit < 1 ? new int[][]{{(int) Math.round(sw * fit), (int) Math.round(sh * fit)}, {sw, sh}}
                    : new int[][]{{sw, sh}};
            for (int[] box : boxes) {
                int w = box[0], h = box[1];
                warmUp(f, w, h);
                double naive = onDemand(f, w, h, frames);
                double ahead = decodeAhead(f, w, h, frames);
                double[] pair = sideBySide(f, w, h, frames);
                System.out.printf(Locale.ROOT, "| %s %dx%d | %s | %.2f | %d | %.0f | %.0f | %.0f, %.0f frames |%n",
                        f.getFileName(), sw, sh, w == sw ? "100 %" : "fit (" + w + "x" + h + ")", FPS, frames, naive, ahead,
                        pair[0], pair[1]);
            }
        }
    }

    private static void warmUp(Path f, int w, int h) throws InterruptedException {
        try (DecodeAhead d = new DecodeAhead(f, 0, 1, w, h, DisplayOptions.DEFAULT, 8)) {
            long end = System.nanoTime() + 2_000_000_000L;
            long due = 0;
            while (System.nanoTime() < end && !d.finished()) {
                PreviewImage p = d.frameFor(due++);
                d.release(p);
                Thread.sleep(5);
            }
        }
    }

    /**
     * Baseline: at each pulse where a newer frame is due, decode forward to it on this thread. A frame
     * is dropped when it is skipped, or when its decode ends after the next pulse (it reaches the
     * screen late).
     */
    private static double onDemand(Path f, int w, int h, long frames) throws InterruptedException {
        ByteBuffer screen = ByteBuffer.allocateDirect(w * h * 4);
        long dropped = 0, lastDue = -1;
        try (VideoReader r = VideoReader.open(f)) {
            PreviewImage img = new PreviewImage();
            long start = System.nanoTime(), pulse = start;
            while (true) {
                long due = (long) ((pulse - start) / 1e9 * FPS);
                if (due >= frames) {
                    break;
                }
                if (due > lastDue) {
                    boolean got = true;
                    while (r.position() <= due && (got = r.readPreview(img, w, h))) {
                        // decodes every frame up to the due one; the ones before it are never shown
                    }
                    if (!got) {
                        break;
                    }
                    screen.clear();
                    screen.put(img.bgra(), 0, w * h * 4);
                    boolean late = System.nanoTime() > pulse + PULSE_NANOS;
                    dropped += due - lastDue - 1 + (late ? 1 : 0);
                    lastDue = due;
                }
                pulse += PULSE_NANOS;
                sleepUntil(pulse);
            }
        }
        return perMinute(dropped, frames);
    }

    private static double decodeAhead(Path f, int w, int h, long frames) throws InterruptedException {
        ByteBuffer screen = ByteBuffer.allocateDirect(w * h * 4);
        try (DecodeAhead d = new DecodeAhead(f, 0, 1, w, h, DisplayOptions.DEFAULT, 8)) {
            Thread.sleep(200); // the viewer shows the paused frame first; playback starts from a primed queue
            long start = System.nanoTime(), next = start;
            while (true) {
                long due = (long) ((next - start) / 1e9 * FPS);
                if (due >= frames || d.finished()) {
                    break;
                }
                PreviewImage p = d.frameFor(due);
                if (p != null) {
                    screen.clear();
                    screen.put(p.bgra(), 0, w * h * 4);
                    d.release(p);
                }
                next += PULSE_NANOS;
                sleepUntil(next);
            }
            return perMinute(d.dropped(), frames);
        }
    }

    /** Compare mode: the same clip as A and B, each with its own decoder; both shown only as a pair of equal indices. */
    private static double[] sideBySide(Path f, int w, int h, long frames) throws InterruptedException {
        ByteBuffer screen = ByteBuffer.allocateDirect(2 * w * h * 4);
        long worst = 0;
        try (DecodeAhead a = new DecodeAhead(f, 0, 1, w, h, DisplayOptions.DEFAULT, 8);
             DecodeAhead b = new DecodeAhead(f, 0, 1, w, h, DisplayOptions.DEFAULT, 8)) {
            Thread.sleep(300);
            long start = System.nanoTime(), next = start, shownA = -1, shownB = -1;
            while (true) {
                long due = (long) ((next - start) / 1e9 * FPS);
                if (due >= frames || a.finished() || b.finished()) {
                    break;
                }
                long ra = a.available(due), rb = b.available(due);
                long upTo = ra < 0 || rb < 0 ? -1 : Math.min(ra, rb); // the viewer's pairing: the slower side paces both
                PreviewImage pa = a.frameFor(due, upTo), pb = b.frameFor(due, upTo);
                if (pa != null) {
                    screen.clear();
                    screen.put(pa.bgra(), 0, w * h * 4);
                    shownA = pa.index();
                    a.release(pa);
                }
                if (pb != null) {
                    screen.position(w * h * 4);
                    screen.put(pb.bgra(), 0, w * h * 4);
                    shownB = pb.index();
                    b.release(pb);
                }
                if (shownA >= 0 && shownB >= 0) {
                    worst = Math.max(worst, Math.abs(shownA - shownB));
                }
                next += PULSE_NANOS;
                sleepUntil(next);
            }
            return new double[]{perMinute(a.dropped() + b.dropped(), 2 * frames), worst};
        }
    }

    private static double perMinute(long dropped, long frames) {
        return dropped * 60.0 * FPS / Math.max(1, frames);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
