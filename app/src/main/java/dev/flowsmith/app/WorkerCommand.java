package dev.flowsmith.app;

import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.farm.FarmWorker;
import dev.flowsmith.media.CancellationToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code flowsmith worker --server HOST:PORT}: this machine joins the farm. It connects outward to the server (no port
 * is opened here, no code is received), takes segments from its queue and makes them with this installation's
 * engine; Ctrl-C or SIGTERM stops it, its running segments go to other workers.
 */
@Command(name = "worker", description = "Join a render farm: make segments of farm jobs on this machine until stopped.")
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Mixin
    FarmOptions farm = new FarmOptions();

    @Option(names = "--queue", description = "the task queue to take work from (default: " + FarmJob.CPU_QUEUE + ", or "
            + FarmJob.GPU_QUEUE + " with a --device gpu:N or opencl:N)")
    String queue;

    @Option(names = "--slots", defaultValue = "1", description = "segments made at once (default ${DEFAULT-VALUE}: each segment uses every core)")
    int slots;

    @Option(names = "--device", description = "run the generative tier on this device (cpu, opencl:N or gpu:N; see 'flowsmith devices')")
    String device;

    @Option(names = "--no-coordinator", description = "only make segments: leave the jobs' decisions, plans and joins to other "
            + "workers or the dev server")
    boolean noCoordinator;

    @Override
    public Integer call() {
        OptionCheck.range("--slots", slots, 1, 256);
        if (device != null) {
            try (var b = dev.flowsmith.kernels.device.Backends.open(device)) {
                System.out.println("Device: " + b.description()); // a device this machine lacks is said before joining
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException("The device '" + device + "' could not be opened (" + e.getMessage() + ").");
            }
        }
        String q = queue != null ? queue : device != null && !device.equalsIgnoreCase("cpu") ? FarmJob.GPU_QUEUE : FarmJob.CPU_QUEUE;
        if (!q.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new UsageException("--queue '" + q + "' is not a queue name (letters, digits, '.', '_', '-').");
        }
        String identity = FarmOptions.identity("worker") + " (" + (device == null ? "cpu" : device) + ", " + slots
                + (slots == 1 ? " slot)" : " slots)");
        CancellationToken stop = new CancellationToken();
        try (FarmConnection c = farm.connect("worker");
             FarmWorker w = FarmWorker.start(c, q, slots, new FarmSegmentWork(device), identity, !noCoordinator,
                     System.out::println);
             InterruptToCancel ignored = new InterruptToCancel(stop)) {
            System.out.println("Worker " + identity + " takes segments from queue '" + q + "' on " + c.target()
                    + "; Ctrl-C stops it.");
            while (!stop.isCancelled()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    break;
                }
            }
            System.out.println("Stopping: running segments go to other workers.");
        }
        return Flowsmith.EXIT_CANCELLED;
    }
}
