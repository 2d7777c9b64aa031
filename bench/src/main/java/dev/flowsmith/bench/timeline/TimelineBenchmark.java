package dev.flowsmith.bench.timeline;

import dev.flowsmith.editing.command.EditHistory;
import dev.flowsmith.editing.command.InsertClip;
import dev.flowsmith.editing.model.MediaRef;
import dev.flowsmith.editing.model.Project;
import dev.flowsmith.editing.project.MediaImport;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.ui.timeline.TimelineModel;
import dev.flowsmith.ui.timeline.TimelinePanel;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Issue #6: a project of 1,000 clips opens, scrolls and zooms its timeline with no FX-thread stall
 * over 100 ms. A probe thread posts a tiny task to the FX thread every 2 ms and records how late each
 * one runs: the worst lateness is the longest stall (event handling, layout, drawing and everything
 * else the FX thread did). Each phase runs against Flowsmith's timeline (one canvas, only visible clips
 * drawn) and against a naive timeline (one scene-graph node per clip, what a first version would do),
 * in the same process, and the ratio is printed.
 *
 * <p>Usage: TimelineBenchmark CLIP... (real media: their sources and thumbnails are used).
 */
public final class TimelineBenchmark {
    private static final int CLIPS = 1000;

    public static void main(String[] args) throws Exception {
        List<MediaRef> media = java.util.Arrays.stream(args).map(a -> MediaImport.ref(Path.of(a))).toList();
        Path file = Files.createTempDirectory("timeline-bench").resolve("bench" + ProjectFile.EXTENSION);
        Project p = bigProject(media);
        ProjectFile.save(p, Path.of(file.toString()));
        System.out.printf(Locale.ROOT, "project: %d clips on %d tracks, %s long, %d KB on disk%n", p.clipCount(),
                p.tracks().size(), p.rate().timecode(p.duration()), Files.size(file) / 1024);

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Stage[] stage = new Stage[1];
        onFx(() -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new Pane(), 1600, 420));
            stage[0].show();
        });

        System.out.println("phase         flowsmith max stall   naive max stall   naive/flowsmith");
        for (String phase : new String[]{"open", "scroll", "zoom"}) {
            double ours = run(stage[0], file, phase, false);
            double naive = run(stage[0], file, phase, true);
            System.out.printf(Locale.ROOT, "%-12s %14.1f ms %15.1f ms %14.1fx   %s%n", phase, ours, naive, naive / ours,
                    ours <= 100 ? "ok (target <= 100 ms)" : "OVER the 100 ms target");
        }
        Files.deleteIfExists(file);
        Platform.exit();
        System.exit(0);
    }

    /** 1,000 clips cut from the given sources, one after another, each with its linked sound. */
    static Project bigProject(List<MediaRef> media) {
        EditHistory h = new EditHistory(Project.empty(MediaImport.settingsLike(media.get(0))), 1);
        for (int i = 0; h.current().clipCount() < CLIPS; i++) {
            MediaRef m = media.get(i % media.size());
            long len = 20 + (i * 7) % 40;
            long in = (i * 131_000L) % Math.max(1, m.durationMicros() - h.current().rate().micros(len) - 1);
            h.perform(new InsertClip(m, h.current().duration(), in, len));
        }
        return h.current();
    }

    /** Runs one phase on a fresh timeline (ours or the naive one) and returns the longest FX stall in ms. */
    private static double run(Stage stage, Path file, String phase, boolean naive) throws Exception {
        TimelineModel model = new TimelineModel();
        Object[] view = new Object[1];
        onFx(() -> {
            var root = naive ? new NaiveTimeline(model) : new TimelinePanel(model, x -> { });
            view[0] = root;
            stage.getScene().setRoot(root);
        });
        System.gc(); // start each phase with a clean heap: the other timeline's garbage is not this one's stall
        Thread.sleep(300);
        StallProbe probe = new StallProbe();
        probe.start();
        if (System.getenv("TLDBG") != null) {
            System.err.printf("phase %s %s at %.3f s%n", phase, naive ? "naive" : "flowsmith",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        }
        switch (phase) {
            case "open" -> {
                for (int i = 0; i < 3; i++) {
                    onFx(() -> model.load(ProjectFile.load(file).project()));
                    Thread.sleep(300);
                }
            }
            case "scroll" -> {
                onFx(() -> model.load(ProjectFile.load(file).project()));
                Thread.sleep(300);
                probe.reset();
                double end = model.project().duration();
                for (int i = 0; i <= 300; i++) {
                    double s = end * i / 300;
                    Platform.runLater(() -> model.scrollProperty().set(s));
                    Thread.sleep(16); // a wheel or drag event per frame
                }
            }
            default -> {
                onFx(() -> model.load(ProjectFile.load(file).project()));
                Thread.sleep(300);
                probe.reset();
                for (int i = 0; i < 120; i++) {
                    double factor = i < 60 ? 0.9 : 1 / 0.9; // out to the whole project, then back in
                    Platform.runLater(() -> model.zoomAround(model.zoomProperty().get() * factor, model.project().duration() / 2.0));
                    Thread.sleep(16);
                }
            }
        }
        Thread.sleep(200);
        double worst = probe.finish();
        onFx(() -> {
            if (view[0] instanceof TimelinePanel tp) {
                tp.dispose();
            }
        });
        return worst;
    }

    private static void onFx(Runnable r) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] err = new Throwable[1];
        Platform.runLater(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                err[0] = t;
            } finally {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("FX thread did not answer in 60 s");
        }
        if (err[0] != null) {
            throw new IllegalStateException(err[0]);
        }
    }

    /** Posts a task to the FX thread every 2 ms and keeps the worst delay before one ran. */
    private static final class StallProbe extends Thread {
        private volatile boolean running = true;
        private volatile long worstNanos;

        StallProbe() {
            super("stall-probe");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(ran::countDown);
                try {
                    if (System.getenv("TLDBG") != null && !ran.await(80, TimeUnit.MILLISECONDS)) {
                        // a stall in progress: show what the FX thread is doing (diagnostics only)
                        Thread.getAllStackTraces().forEach((t, st) -> {
                            if (t.getName().contains("JavaFX Application") || t.getName().contains("QuantumRenderer")) {
                                System.err.println("STALL " + t.getName() + ": " + java.util.Arrays.stream(st).limit(12)
                                        .map(Object::toString).collect(java.util.stream.Collectors.joining(" <- ")));
                            }
                        });
                    }
                    ran.await();
                    worstNanos = Math.max(worstNanos, System.nanoTime() - posted);
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void reset() {
            worstNanos = 0;
        }

        double finish() throws InterruptedException {
            running = false;
            join(5000);
            return worstNanos / 1e6;
        }
    }

    private TimelineBenchmark() {
    }
}
