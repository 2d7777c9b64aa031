package dev.flowsmith.app;

import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.render.RenderJob;
import dev.flowsmith.editing.render.RenderPlan;
import dev.flowsmith.media.EncoderSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith render PROJECT OUT}: the studio's export, headless. Keyframe-aligned timelines of
 * one format are stream-copied (say {@code --no-copy} to re-encode anyway); the job is segmented and
 * resumable like a restore.
 */
@Command(name = "render", description = "Render a project's timeline to one video file.")
final class RenderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "a .fsproj file")
    Path project;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT", description = "the video to write (not needed with --plan)")
    Path output;

    @Option(names = "--no-copy", description = "always re-encode the video, even where it could be copied")
    boolean noCopy;

    @Option(names = "--plan", description = "only say how the timeline would be rendered (copy or re-encode, and why)")
    boolean planOnly;



    @CommandLine.Mixin
    EncoderOptions encoder = new EncoderOptions();

    @Option(names = "--segment-seconds", defaultValue = "10", description = "segment length (default ${DEFAULT-VALUE})")
    double segmentSeconds;

    @Option(names = "--resume", description = "continue an interrupted render of OUT")
    boolean resume;

    @Option(names = {"-y", "--overwrite"}, description = "replace OUT if it exists")
    boolean overwrite;

    @Override
    public Integer call() {
        OptionCheck.positive("--segment-seconds", segmentSeconds, 3600);
        EncoderSettings checked = encoder.settings();
        ProjectFile.Loaded loaded = ProjectFile.load(project);
        if (!loaded.missing().isEmpty()) {
            throw new ProjectException("The project uses media that cannot be found: " + String.join(", ",
                    loaded.missing().stream().map(m -> m.path().toString()).toList())
                    + ". Open it in the studio to relink, or put the files back.", "missing media");
        }
        if (planOnly) {
            System.out.println(RenderPlan.of(loaded.project(), !noCopy).verdict());
            return 0;
        }
        if (output == null) {
            throw new UsageException("Say where to write the video: flowsmith render PROJECT OUT.");
        }
        EncoderSettings enc = checked;
        ConsoleJob job = new ConsoleJob();
        RenderJob.Result r = job.run("render", (progress, cancel) -> RenderJob.run(new RenderJob.Request(loaded.project(),
                output, enc, !noCopy, segmentSeconds, resume, overwrite), progress, cancel));
        double secs = job.seconds();
        System.out.println(r.plan().verdict());
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames in %.1f s (%.1f fps)%s%n", r.output(), r.frames(), secs,
                r.frames() / secs, r.segmentsReused() > 0 ? ", " + r.segmentsReused() + " segment(s) reused" : "");
        return 0;
    }
}
