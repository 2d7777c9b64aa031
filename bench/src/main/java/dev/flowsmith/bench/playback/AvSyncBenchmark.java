package dev.flowsmith.bench.playback;

import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.PreviewImage;
import dev.flowsmith.ui.bin.MediaItem;
import dev.flowsmith.ui.viewer.ViewerModel;
import dev.flowsmith.ui.viewer.ViewerView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A/V sync of the studio's viewer, end to end for the sound: a clip with a white frame and a 1 kHz beep at
 * the same instant every second is played by the real viewer (its picture path and its sound through Java
 * Sound to the system's output); the time each flash is put on screen is taken in this process, and the
 * time each beep is heard comes from a loopback recording of the output (PulseAudio's monitor of a null
 * sink, read with {@code parec}; a recorded sample's time is the lower envelope of arrival time minus
 * sample count, so the pipe's jitter drops out). First the method is checked on a stimulus that involves
 * no player: beeps written straight to a Java Sound line, heard against the time the line's own position
 * says each was played (they should agree within a few ms). Prints every offset (flash shown minus beep
 * heard; positive: the picture is late), their mean and the largest.
 */
public final class AvSyncBenchmark {
    static final int RATE = 48_000;

    /** The loopback: samples of the output's monitor with the time each arrived. */
    static final class Loopback implements AutoCloseable {
        private final Process rec;
        private final Thread reader;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private volatile long base = Long.MAX_VALUE;

        Loopback(String source) throws IOException {
            rec = new ProcessBuilder("parec", "-d", source, "--format=s16le", "--rate=" + RATE, "--channels=1", "--latency-msec=5")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            reader = new Thread(() -> {
                try (InputStream in = rec.getInputStream()) {
                    byte[] b = new byte[480];
                    long samples = 0;
                    int n;
                    while ((n = in.read(b)) > 0) {
                        long t = System.nanoTime();
                        synchronized (data) {
                            data.write(b, 0, n);
                        }
                        samples += n / 2;
                        base = Math.min(base, t - samples * 1_000_000_000L / RATE);
                    }
                } catch (IOException e) {
                    // the recorder was stopped
                }
            }, "loopback");
            reader.start();
        }

        /** Times (nanoTime) at which beeps begin in the recording after {@code from}, at most one per half second. */
        List<Long> beeps(long from) {
            byte[] r;
            synchronized (data) {
                r = data.toByteArray();
            }
            List<Long> out = new ArrayList<>();
            long last = -RATE;
            for (int i = 0; i + 1 < r.length; i += 2) {
                int v = (short) ((r[i] & 0xff) | (r[i + 1] << 8));
                long k = i / 2;
                if (Math.abs(v) > 3000 && k - last > RATE / 2) {
                    long at = base + k * 1_000_000_000L / RATE;
                    if (at >= from) {
                        out.add(at);
                    }
                    last = k;
                }
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            rec.destroy();
            reader.join(2000);
        }
    }

    public static void main(String[] args) throws Exception {
        Path clip = Path.of(args[0]);
        String monitor = args.length > 1 ? args[1] : "out.monitor";
        // one recording for all three steps, so the method's own offset (step 1) applies to the players
        try (Loopback loop = new Loopback(monitor)) {
            Thread.sleep(500);
            System.out.println("1. the method, without a player: beeps written to a Java Sound line (100 ms buffer, as the studio opens it)");
            List<Double> check = lineAgainstLoopback(loop);
            report("heard minus the line's own position", check);
            double bias = mean(check);
            if (System.getenv("DISPLAY") != null) {
                knownGoodPlayer(clip, loop, bias);
            } else {
                System.out.println("2. (no DISPLAY: ffplay, the known-good player, is not measured)");
            }
            studio(clip, loop, bias);
        }
        Platform.exit();
        System.exit(0);
    }

    static void studio(Path clip, Loopback loop, double bias) throws Exception {
        System.out.println("3. the studio's viewer playing " + clip.getFileName() + " (flash and beep at the same instant each second)");
        List<Long> flashes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        double seconds = MediaProbe.probe(clip).durationSeconds();
        long from = System.nanoTime();
        Platform.startup(() -> {
            ViewerModel model = new ViewerModel();
            ViewerView view = new ViewerView(model);
            Stage stage = new Stage();
            stage.setScene(new Scene(view, 960, 640));
            stage.show();
            view.beforeView().setOnShown(f -> {
                if (isFlash(f)) {
                    flashes.add(System.nanoTime());
                }
            });
            MediaItem item = new MediaItem(clip);
            item.ready(MediaProbe.probe(clip), null);
            model.load(item);
            javafx.animation.PauseTransition start = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1.5));
            start.setOnFinished(e -> model.play());
            start.play();
            javafx.animation.PauseTransition stop = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(seconds + 3));
            stop.setOnFinished(e -> {
                model.pause();
                done.countDown();
            });
            stop.play();
        });
        if (!done.await((long) seconds + 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("playback did not finish");
        }
        Thread.sleep(300);
        List<Long> beeps = loop.beeps(from);
        System.out.printf(Locale.ROOT, "   %d flashes shown, %d beeps heard%n", dedupe(flashes).size(), beeps.size());
        List<Double> offsets = pair(dedupe(flashes), beeps);
        report("flash shown minus beep heard", offsets);
        report("the same, the method's offset taken out", minus(offsets, bias));
    }

    /**
     * The same measurement on a known-good player: {@code ffplay} (audio master clock) on the X display named
     * by DISPLAY, its flashes seen by polling the screen's centre pixel (java.awt.Robot, about 1 ms a poll),
     * its beeps by the same loopback. If this gives a small offset, the loopback side of the method is sound.
     */
    static void knownGoodPlayer(Path clip, Loopback loop, double bias) throws Exception {
        System.out.println("2. a known-good player: ffplay on the X display, flashes polled from the screen");
        java.awt.Robot robot = new java.awt.Robot();
        List<Long> flashes = new ArrayList<>();
        long from = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("ffplay", "-v", "error", "-nostats", "-autoexit", "-noborder",
                "-left", "0", "-top", "0", "-x", "640", "-y", "360", clip.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SDL_AUDIODRIVER", "pulseaudio");
        Process player = pb.start();
        boolean white = false;
        while (player.isAlive()) {
            java.awt.Color c = robot.getPixelColor(320, 180);
            long t = System.nanoTime();
            boolean now = c.getRed() > 200 && c.getGreen() > 200 && c.getBlue() > 200;
            if (now && !white) {
                flashes.add(t);
            }
            white = now;
        }
        Thread.sleep(300);
        List<Long> beeps = loop.beeps(from);
        System.out.printf(Locale.ROOT, "   %d flashes shown, %d beeps heard%n", dedupe(flashes).size(), beeps.size());
        List<Double> all = pair(dedupe(flashes), beeps);
        report("flash shown minus beep heard", all);
        // ffplay shows its first pictures before its sound device runs; its own sync settles within 2 s
        List<Double> settled = all.subList(Math.min(2, all.size()), all.size());
        report("after ffplay's first 2 s", settled);
        report("the same, the method's offset taken out", minus(settled, bias));
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Offsets against the beep as played rather than as recorded: the recording's own lag is taken out. */
    static List<Double> minus(List<Double> offsets, double bias) {
        return offsets.stream().map(o -> o + bias).toList();
    }

    /** Each flash against the nearest beep (within 400 ms), in ms. */
    static List<Double> pair(List<Long> flashes, List<Long> beeps) {
        List<Double> offsets = new ArrayList<>();
        for (long f : flashes) {
            long nearest = beeps.stream().min((a, b) -> Long.compare(Math.abs(a - f), Math.abs(b - f))).orElse(Long.MIN_VALUE);
            if (nearest != Long.MIN_VALUE && Math.abs(nearest - f) < 400_000_000L) {
                offsets.add((f - nearest) / 1e6);
            }
        }
        return offsets;
    }

    /** Only the first frame of each flash (a repeated frame is the same flash). */
    static List<Long> dedupe(List<Long> times) {
        List<Long> out = new ArrayList<>();
        for (long t : times) {
            if (out.isEmpty() || t - out.get(out.size() - 1) > 500_000_000L) {
                out.add(t);
            }
        }
        return out;
    }

    static boolean isFlash(PreviewImage f) {
        byte[] b = f.bgra();
        int mid = 4 * (f.height() / 2 * f.width() + f.width() / 2);
        return (b[mid] & 0xff) > 200 && (b[mid + 1] & 0xff) > 200 && (b[mid + 2] & 0xff) > 200;
    }

    /** Beeps at known frames of a line, their heard time against the time the line's position passes them. */
    static List<Double> lineAgainstLoopback(Loopback loop) throws Exception {
        int seconds = 8;
        byte[] pcm = new byte[RATE * seconds * 4];
        for (int s = 1; s < seconds; s++) {
            for (int i = 0; i < 2400; i++) {
                short v = (short) (12000 * Math.sin(2 * Math.PI * 1000 * i / RATE));
                int o = (s * RATE + i) * 4;
                pcm[o] = (byte) v;
                pcm[o + 1] = (byte) (v >> 8);
                pcm[o + 2] = (byte) v;
                pcm[o + 3] = (byte) (v >> 8);
            }
        }
        AudioFormat f = new AudioFormat(RATE, 16, 2, true, false);
        List<long[]> clock = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> out = new ArrayList<>();
        long from = System.nanoTime();
        SourceDataLine line = AudioSystem.getSourceDataLine(f);
        line.open(f, RATE / 10 * 4);
        line.start();
        Thread poll = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                clock.add(new long[]{line.getLongFramePosition(), System.nanoTime()});
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poll.start();
        for (int off = 0; off < pcm.length; off += 4800) {
            line.write(pcm, off, Math.min(4800, pcm.length - off));
        }
        line.drain();
        Thread.sleep(300);
        poll.interrupt();
        poll.join();
        line.close();
        List<Long> heard = loop.beeps(from);
        for (int b = 0; b < heard.size() && b < seconds - 1; b++) {
            long frame = (long) (b + 1) * RATE;
            long at = -1;
            synchronized (clock) {
                for (long[] c : clock) {
                    if (c[0] >= frame) {
                        at = c[1];
                        break;
                    }
                }
            }
            if (at > 0) {
                out.add((heard.get(b) - at) / 1e6);
            }
        }
        return out;
    }

    static void report(String what, List<Double> offsets) {
        StringBuilder sb = new StringBuilder();
        double sum = 0, worst = 0;
        for (double o : offsets) {
            sb.append(String.format(Locale.ROOT, " %+.1f", o));
            sum += o;
            worst = Math.max(worst, Math.abs(o));
        }
        System.out.printf(Locale.ROOT, "   %s (ms):%s%n   n=%d mean %+.1f ms, largest |offset| %.1f ms%n", what, sb,
                offsets.size(), offsets.isEmpty() ? Double.NaN : sum / offsets.size(), worst);
    }
}
