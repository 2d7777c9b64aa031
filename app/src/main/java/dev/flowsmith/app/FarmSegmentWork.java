package dev.flowsmith.app;

import dev.flowsmith.editing.keyframes.PropagateJob;
import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.render.RenderJob;
import dev.flowsmith.farm.FarmJob;
import dev.flowsmith.farm.SegmentWorkFactory;
import dev.flowsmith.media.VideoFrame;
import dev.flowsmith.restoration.interp.InterpolateJob;
import dev.flowsmith.restoration.interp.RifeModel;
import dev.flowsmith.restoration.job.RestoreJob;
import dev.flowsmith.restoration.job.SegmentedWork;
import dev.flowsmith.restoration.ncnn.Compute;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a worker makes a farm job's segments: the job's options parsed and checked by the command's own class
 * ({@link RestoreCommand}, {@link InterpolateCommand}, {@link PropagateCommand}, {@link RenderCommand}), so a segment
 * made on the farm is the segment the command makes on one machine. A worker started with {@code --device} runs the
 * generative restore tier and RIFE there unless the job names a device itself.
 */
final class FarmSegmentWork implements SegmentWorkFactory {
    /** The commands the farm runs. */
    static final List<String> COMMANDS = List.of("restore", "interpolate", "propagate", "render");
    private final String workerDevice;

    FarmSegmentWork(String workerDevice) {
        this.workerDevice = workerDevice;
    }

    /**
     * Positionals a command takes between IN and OUT (propagate's keyframe folder); the farm job keeps them, as absolute
     * paths, at the head of its arguments.
     */
    static int middlePositionals(String command) {
        return command.equals("propagate") ? 1 : 0;
    }

    @Override
    public SegmentedWork create(FarmJob job) {
        if (!COMMANDS.contains(job.command())) {
            throw new IllegalArgumentException("This worker runs " + String.join(", ", COMMANDS) + " jobs, not '" + job.command()
                    + "': update Flowsmith on the workers.");
        }
        try {
            return build(job, workerDevice);
        } catch (UsageException | CommandLine.ParameterException | ProjectException e) {
            throw new IllegalArgumentException("The job's options do not fit: " + e.getMessage());
        }
    }

    /**
     * The job's segmented work, checked as the command checks it; throws the command's own errors (what {@code submit}
     * says before queueing). {@code device} is the worker's, or null.
     */
    static SegmentedWork build(FarmJob job, String device) {
        switch (job.command()) {
            case "restore" -> {
                RestoreCommand restore = parse(job, new RestoreCommand());
                if (device != null && restore.device == null && "ditvr".equalsIgnoreCase(restore.method)) {
                    restore.device = device;
                }
                return RestoreJob.segmented(restore.request());
            }
            case "interpolate" -> {
                InterpolateCommand interpolate = parse(job, new InterpolateCommand());
                if (device != null && interpolate.device == null) {
                    interpolate.device = device;
                }
                InterpolateCommand.Prepared p = interpolate.prepare();
                LazyRife rife = new LazyRife(interpolate, p);
                return closing(InterpolateJob.segmented(interpolate.request(p, rife)), rife);
            }
            case "propagate" -> {
                PropagateCommand propagate = parse(job, new PropagateCommand());
                OptionCheck.positive("--segment-seconds", propagate.segmentSeconds, 3600);
                return PropagateJob.segmented(propagate.input, propagate.keyframes, propagate.output, propagate.encoder.settings(),
                        propagate.segmentSeconds, propagate.overwrite);
            }
            case "render" -> {
                RenderCommand render = parse(job, new RenderCommand());
                if (render.planOnly) {
                    throw new UsageException("--plan only says how a timeline renders: leave it out of a farm job.");
                }
                return RenderJob.segmented(render.request());
            }
            default -> throw new IllegalArgumentException("The farm does not run '" + job.command() + "' jobs.");
        }
    }

    /** {@code COMMAND IN [MIDDLE] OUT OPTIONS} as the command line parses it; options it refuses are said as it says them. */
    static <T> T parse(FarmJob job, T command) {
        int middle = middlePositionals(job.command());
        List<String> given = job.arguments();
        if (given.size() < middle) {
            throw new IllegalArgumentException("The job lacks the " + job.command() + " command's positional arguments.");
        }
        List<String> args = new ArrayList<>(given.subList(middle, given.size()));
        if (job.overwrite()) {
            args.add(0, "--overwrite");
        }
        args.add("--");
        args.add(job.input());
        args.addAll(given.subList(0, middle));
        args.add(job.output());
        try {
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("The job's options do not fit 'flowsmith " + job.command() + "': " + e.getMessage());
        }
        return command;
    }

    /** Work whose close also frees {@code resource}. */
    private static SegmentedWork closing(SegmentedWork work, AutoCloseable resource) {
        return new SegmentedWork() {
            @Override
            public Layout layout() {
                return work.layout();
            }

            @Override
            public long render(long first, long maxFrames, Path target, java.util.function.LongConsumer framesDone,
                               dev.flowsmith.media.CancellationToken cancel) {
                return work.render(first, maxFrames, target, framesDone, cancel);
            }

            @Override
            public List<String> join(List<Path> segments, Path scratch) {
                return work.join(segments, scratch);
            }

            @Override
            public void close() {
                try (resource) {
                    work.close();
                } catch (Exception e) {
                    // freeing the network or device cannot fail the segment already written
                }
            }
        };
    }

    /**
     * RIFE loaded at the first in-between frame a segment asks for: planning and joining a job never load the network
     * or open a device.
     */
    private static final class LazyRife implements InterpolateJob.PairInterpolator, AutoCloseable {
        private final InterpolateCommand command;
        private final InterpolateCommand.Prepared prepared;
        private RifeModel rife;
        private Compute compute;

        LazyRife(InterpolateCommand command, InterpolateCommand.Prepared prepared) {
            this.command = command;
            this.prepared = prepared;
        }

        @Override
        public VideoFrame between(VideoFrame a, VideoFrame b, float t) {
            if (rife == null) {
                rife = RifeModel.load(prepared.folder());
                compute = command.openCompute(prepared.threads());
            }
            return rife.interpolate(a, b, t, compute);
        }

        @Override
        public void close() {
            if (compute != null) {
                compute.close();
            }
        }
    }
}
