package dev.flowsmith.app;

import dev.flowsmith.farm.FarmClient;
import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.farm.FarmResult;
import dev.flowsmith.farm.FarmServer;
import dev.flowsmith.farm.SegmentDone;
import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.MediaCancelledException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code flowsmith farm status|cancel|resume JOB} and {@code flowsmith farm dev-server}. */
@Command(name = "farm", description = "Watch, cancel or resume farm jobs; run a farm server on this machine to try it.",
        subcommands = {FarmCommand.Status.class, FarmCommand.Cancel.class, FarmCommand.Resume.class, FarmCommand.DevServer.class})
final class FarmCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("Say what to do: flowsmith farm status|cancel|resume JOB --server HOST:PORT, or flowsmith farm dev-server.");
    }

    /** What status, cancel and resume take: the server and the job's id. */
    abstract static class OnJob implements Callable<Integer> {
        @CommandLine.Mixin
        FarmOptions farm = new FarmOptions();
        @Parameters(index = "0", paramLabel = "JOB", description = "the job's id, as 'flowsmith submit' printed it")
        String job;
    }

    @Command(name = "status", description = "Where a farm job stands: segments finished and running, on which workers.")
    static final class Status extends OnJob {
        @Override
        public Integer call() {
            try (FarmConnection c = farm.connect("client")) {
                FarmClient.describe(new FarmClient(c).status(job)).forEach(System.out::println);
            }
            return 0;
        }
    }

    @Command(name = "cancel", description = "Stop a farm job; its finished segments are kept for 'farm resume'.")
    static final class Cancel extends OnJob {
        @Override
        public Integer call() {
            try (FarmConnection c = farm.connect("client")) {
                new FarmClient(c).cancel(job);
                System.out.println("Cancelling farm job " + job + ": its running segments stop at their next heartbeat; finished "
                        + "ones are kept ('flowsmith farm resume " + job + "' goes on).");
            }
            return 0;
        }
    }

    @Command(name = "resume", description = "Run a cancelled or failed farm job again with its settings, reusing its finished segments.")
    static final class Resume extends OnJob {
        @Option(names = "--wait", description = "follow the job to its end")
        boolean waitForIt;

        @Override
        public Integer call() {
            try (FarmConnection c = farm.connect("client")) {
                FarmClient client = new FarmClient(c);
                FarmJob j = client.resume(job);
                System.out.println("Resumed farm job " + j.id() + " for '" + j.output() + "'.");
                return waitForIt ? follow(client, j.id()) : 0;
            }
        }
    }

    @Command(name = "dev-server", description = "Run Temporal's Java test server on 127.0.0.1 to try the farm on one machine (state is lost when it stops).")
    static final class DevServer implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "7233", description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port)")
        int port;

        @Override
        public Integer call() throws InterruptedException {
            OptionCheck.range("--port", port, 0, 65535);
            CancellationToken stop = new CancellationToken();
            try (FarmServer server = FarmServer.start(port);
                 FarmConnection c = FarmConnection.open(server.target(), "default", FarmOptions.identity("coordinator"));
                 dev.flowsmith.farm.FarmWorker coordinator = dev.flowsmith.farm.FarmWorker.start(c, null, 1, new FarmSegmentWork(null),
                         FarmOptions.identity("coordinator"), true, line -> { });
                 InterruptToCancel ignored = new InterruptToCancel(stop)) {
                // the jobs' decisions, plans and joins run here: a worker killed mid-job never holds one (the test
                // server can lose a decision handed to a worker that died)
                System.out.println("Farm dev server on " + server.target() + " (in memory: jobs are lost when it stops), "
                        + "coordinating its jobs. Start workers with 'flowsmith worker --server " + server.target()
                        + " --no-coordinator'; Ctrl-C stops it.");
                while (!stop.isCancelled()) {
                    Thread.sleep(200);
                }
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return Flowsmith.EXIT_CANCELLED;
        }
    }

    /**
     * Follows job {@code id} to its end with a progress bar of frames made (finished segments plus the running ones'
     * heartbeats); Ctrl-C stops following, not the job. Prints the result with who made which segments.
     */
    static int follow(FarmClient client, String id) {
        CompletableFuture<FarmResult> end = CompletableFuture.supplyAsync(() -> client.await(id));
        ConsoleJob console = new ConsoleJob();
        FarmResult r = console.run("farm", (progress, cancel) -> {
            while (!end.isDone()) {
                if (cancel.isCancelled()) {
                    throw new MediaCancelledException("Stopped following; the farm job " + id + " goes on ('flowsmith farm status "
                            + id + "').", null);
                }
                try {
                    FarmClient.Status s = client.status(id);
                    if (s.progress() != null && s.progress().totalFrames() > 0) {
                        long running = s.running().stream().mapToLong(FarmClient.RunningSegment::frames).sum();
                        progress.onProgress(Math.min(s.progress().totalFrames(), s.progress().framesFinished() + running),
                                s.progress().totalFrames());
                    }
                } catch (RuntimeException e) {
                    // a status the server cannot give now: the next poll tries again
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                return end.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        });
        Map<String, Integer> byWorker = new TreeMap<>();
        for (SegmentDone s : r.segments()) {
            byWorker.merge(s.attempt() == 0 ? "reused from the interrupted run" : s.worker(), 1, Integer::sum);
        }
        StringBuilder who = new StringBuilder();
        byWorker.forEach((w, n) -> who.append(who.length() == 0 ? "" : "; ").append(w).append(": ").append(n));
        // the segments count source frames; an interpolation writes more than it read
        long written = r.framesWritten();
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames%s in %.1f s on the farm, %s (%s)%n", r.output(), written,
                written != r.frames() ? " from " + r.frames() + " source frames" : "", console.seconds(),
                SubmitCommand.plural(r.segments().size(), "segment"), who);
        for (String d : r.leftOut()) {
            System.out.println("  left out: " + d + " (choose a container that holds it, e.g. .mkv)");
        }
        return 0;
    }
}
