package dev.flowsmith.app;

import dev.flowsmith.farm.FarmClient;
import dev.flowsmith.farm.FarmConnection;
import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.media.FileFingerprint;
import dev.flowsmith.restoration.job.SegmentedWork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith submit --server HOST:PORT restore|interpolate|propagate|render ARGS}: the job goes to the farm as one
 * workflow, its segments made by the workers. Everything is checked here first, as the command itself checks it
 * (options, input, output, disk), so a job that cannot run is refused before it is queued. Paths are made absolute:
 * the workers read them on the storage they all mount.
 */
@Command(name = "submit", description = "Send a restore, interpolate, propagate or render job to a render farm (see 'flowsmith worker'); --wait follows it to the end.",
        footer = {"", "Everything after the command goes to it: flowsmith submit --server 127.0.0.1:7233 --wait restore IN OUT --task denoise"})
final class SubmitCommand implements Callable<Integer> {
    @CommandLine.Mixin
    FarmOptions farm = new FarmOptions();

    @Option(names = "--job", description = "the job's id (default: COMMAND-OUTNAME-HASH of the output's path)")
    String job;

    @Option(names = "--queue", description = "the workers' task queue (default: " + FarmJob.CPU_QUEUE + ", or " + FarmJob.GPU_QUEUE
            + " when the job names a --device)")
    String queue;

    @Option(names = "--attempts", defaultValue = "5", description = "tries per segment before it is reported as failed (default ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--heartbeat", defaultValue = "60", description = "seconds a worker may stay silent before its segment goes to another (default ${DEFAULT-VALUE})")
    int heartbeat;

    @Option(names = "--wait", description = "follow the job to its end, with progress (Ctrl-C stops waiting; the job goes on)")
    boolean waitForIt;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "restore, interpolate, propagate or render")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "IN OUT and the command's options")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        command = OptionCheck.choice("COMMAND", command, FarmSegmentWork.COMMANDS);
        OptionCheck.range("--attempts", attempts, 1, 100);
        OptionCheck.range("--heartbeat", heartbeat, 5, 3600);
        int middle = FarmSegmentWork.middlePositionals(command);
        String positionals = command.equals("render") ? "PROJECT OUT" : middle == 1 ? "IN KEYFRAME_DIR OUT" : "IN OUT";
        if (args.size() < 2 + middle || args.subList(0, 2 + middle).stream().anyMatch(a -> a.startsWith("-"))) {
            throw new UsageException("Give " + positionals + " right after '" + command + "', then its options: flowsmith submit "
                    + "--server HOST:PORT " + command + " " + positionals + (command.equals("restore") ? " --task denoise" : "") + ".");
        }
        // paths as every worker will read them: absolute, on the storage they all mount
        Path in = absolute(args.get(0)), out = absolute(args.get(1 + middle));
        List<String> options = new ArrayList<>();
        for (String m : args.subList(1, 1 + middle)) {
            options.add(absolute(m).toString());
        }
        options.addAll(args.subList(2 + middle, args.size()));
        for (String local : List.of("--resume", "--keep-partial", "--plan")) {
            if (options.contains(local)) {
                throw new UsageException(local + (local.equals("--plan") ? " only says how a timeline would render: run 'flowsmith "
                        + "render PROJECT --plan' here." : " is for jobs on this machine: a farm job keeps its finished segments "
                        + "and goes on with 'flowsmith farm resume JOB'."));
            }
        }
        boolean overwrite = options.remove("-y") | options.remove("--overwrite");
        if (!Files.isRegularFile(in)) {
            throw new UsageException("'" + in + "' is not a file: give the " + (command.equals("render") ? "project" : "video")
                    + " to " + command + ", on storage every worker mounts.");
        }
        long size;
        try {
            size = Files.size(in);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("'" + in + "' cannot be read.");
        }
        String id = job != null ? job : FarmJob.defaultId(command, out);
        if (!id.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new UsageException("--job '" + id + "' is not a job id (letters, digits, '.', '_', '-').");
        }
        FarmJob fj = new FarmJob(id, command, options, in.toString(), out.toString(), size, FileFingerprint.of(in), overwrite,
                queue != null ? queue : options.contains("--device") ? FarmJob.GPU_QUEUE : FarmJob.CPU_QUEUE, attempts, heartbeat, false);
        // checked here as the workers will check it: options, input, output, disk space
        try (SegmentedWork work = FarmSegmentWork.build(fj, null)) {
            work.layout();
        }
        try (FarmConnection c = farm.connect("submit")) {
            FarmClient client = new FarmClient(c);
            client.submit(fj);
            System.out.println("Submitted farm job " + id + " (queue " + fj.queue() + "): follow it with 'flowsmith farm status " + id
                    + " --server " + c.target() + "'.");
            return waitForIt ? FarmCommand.follow(client, id) : 0;
        }
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    static String plural(long n, String what) {
        return String.format(Locale.ROOT, "%d %s%s", n, what, n == 1 ? "" : "s");
    }
}
