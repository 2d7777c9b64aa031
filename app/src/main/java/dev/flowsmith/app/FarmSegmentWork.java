package dev.flowsmith.app;

import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.farm.SegmentWorkFactory;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/**
 * How a worker makes a farm job's segments: the job's options parsed and checked by the command's own class
 * ({@link RestoreCommand}), so a segment made on the farm is the segment {@code flowsmith restore} makes. A worker
 * started with {@code --device} runs the generative tier there unless the job names a device itself.
 */
final class FarmSegmentWork implements SegmentWorkFactory {
    /** The commands the farm runs in this version. */
    static final List<String> COMMANDS = List.of("restore");
    private final String workerDevice;

    FarmSegmentWork(String workerDevice) {
        this.workerDevice = workerDevice;
    }

    @Override
    public SegmentedWork create(FarmJob job) {
        if (!COMMANDS.contains(job.command())) {
            throw new IllegalArgumentException("This worker runs " + String.join(", ", COMMANDS) + " jobs, not '" + job.command()
                    + "': update Flowsmith on the workers.");
        }
        RestoreCommand restore = parse(job);
        if (workerDevice != null && restore.device == null && "ditvr".equalsIgnoreCase(restore.method)) {
            restore.device = workerDevice;
        }
        try {
            return RestoreJob.segmented(restore.request());
        } catch (UsageException | CommandLine.ParameterException e) {
            throw new IllegalArgumentException("The job's options do not fit: " + e.getMessage());
        }
    }

    /** {@code restore IN OUT OPTIONS} as the command line parses it; options it refuses are said as the command says them. */
    static RestoreCommand parse(FarmJob job) {
        List<String> args = new ArrayList<>(job.arguments());
        args.add("--");
        args.add(job.input());
        args.add(job.output());
        if (job.overwrite()) {
            args.add(0, "--overwrite");
        }
        RestoreCommand restore = new RestoreCommand();
        try {
            new CommandLine(restore).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("The job's options do not fit 'flowsmith restore': " + e.getMessage());
        }
        return restore;
    }
}
