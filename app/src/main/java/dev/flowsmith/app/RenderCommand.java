package dev.flowsmith.app;

import dev.flowsmith.editing.project.ProjectException;
import dev.flowsmith.editing.project.ProjectFile;
import dev.flowsmith.editing.model.FrameRate;
import dev.flowsmith.editing.render.ExportSettings;
import dev.flowsmith.editing.render.RenderJob;
import dev.flowsmith.media.AudioCodec;
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

    @Option(names = "--height", description = "picture height at the project's aspect, e.g. 1080, 720 (default: the project's size)")
    Integer height;

    @Option(names = "--fps", description = "frame rate, e.g. 25 or 30000/1001 (default: the project's); cuts keep their times")
    String fps;

    @Option(names = "--bitrate", description = "video bit rate in kbit/s instead of constant quality (h264, h265, vp9)")
    Integer bitrate;

    @Option(names = "--bit-depth", defaultValue = "8", description = "8 or 10 (default ${DEFAULT-VALUE}; ProRes is always 10)")
    int bitDepth;

    @Option(names = "--audio-codec", defaultValue = "aac", description = "aac, flac, pcm16, pcm24 (default ${DEFAULT-VALUE})")
    String audioCodec;

    @Option(names = "--audio-bitrate", defaultValue = "192", description = "AAC bit rate in kbit/s (default ${DEFAULT-VALUE})")
    int audioBitrate;

    @Option(names = "--segment-seconds", defaultValue = "10", description = "segment length (default ${DEFAULT-VALUE})")
    double segmentSeconds;

    @Option(names = "--resume", description = "continue an interrupted render of OUT")
    boolean resume;

    @Option(names = {"-y", "--overwrite"}, description = "replace OUT if it exists")
    boolean overwrite;

    @Override
    public Integer call() {
        RenderJob.Request req = request();
        if (req == null) {
            return 0; // --plan: said, nothing rendered
        }
        ConsoleJob job = new ConsoleJob();
        RenderJob.Result r = job.run("render", (progress, cancel) -> RenderJob.run(req, progress, cancel));
        double secs = job.seconds();
        System.out.println(r.plan().verdict());
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames in %.1f s (%.1f fps)%s%n", r.output(), r.frames(), secs,
                r.frames() / secs, r.segmentsReused() > 0 ? ", " + r.segmentsReused() + " segment(s) reused" : "");
        return 0;
    }

    /** The options and the project checked (media found, OUT's container); with --plan the plan is said and null returned. */
    RenderJob.Request request() {
        OptionCheck.positive("--segment-seconds", segmentSeconds, 3600);
        EncoderSettings checked = EncoderOptions.settings(encoder.codec, encoder.crf, encoder.preset, bitDepth);
        if (bitrate != null) {
            OptionCheck.range("--bitrate", bitrate, EncoderSettings.MIN_KBPS, EncoderSettings.MAX_KBPS);
            checked = withBitRate(checked, bitrate);
        }
        ProjectFile.Loaded loaded = ProjectFile.load(project);
        if (!loaded.missing().isEmpty()) {
            throw new ProjectException("The project uses media that cannot be found: " + String.join(", ",
                    loaded.missing().stream().map(m -> m.path().toString()).toList())
                    + ". Open it in the studio to relink, or put the files back.", "missing media");
        }
        if (planOnly) {
            System.out.println(RenderPlan.of(loaded.project(), !noCopy).verdict());
            return null;
        }
        if (output == null) {
            throw new UsageException("Say where to write the video: flowsmith render PROJECT OUT.");
        }
        ExportSettings export = exportSettings(checked);
        return RenderJob.Request.export(loaded.project(), output, export, !noCopy, segmentSeconds, resume, overwrite);
    }

    private static EncoderSettings withBitRate(EncoderSettings s, int kbps) {
        if (!s.codec().usesCrf()) {
            throw new UsageException("--bitrate is for h264, h265 and vp9; " + s.codec() + " has a fixed quality.");
        }
        return s.withBitRate(kbps);
    }

    /** The export as the options say, the container taken from OUT's extension; impossible combinations refused. */
    private ExportSettings exportSettings(EncoderSettings video) {
        String name = output.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!ExportSettings.CONTAINERS.contains(ext)) {
            throw new UsageException("'" + name + "' needs one of the extensions " + ExportSettings.CONTAINERS + ".");
        }
        if (height != null) {
            OptionCheck.range("--height", height, 144, 4320);
        }
        FrameRate rate = fps == null ? null : parseRate(fps);
        AudioCodec audio = OptionCheck.parsed(() -> AudioCodec.parse(audioCodec));
        OptionCheck.range("--audio-bitrate", audioBitrate, AudioCodec.MIN_KBPS, AudioCodec.MAX_KBPS);
        return OptionCheck.parsed(() -> new ExportSettings(ext, video, height == null ? 0 : height & ~1, rate, audio, audioBitrate));
    }

    private static FrameRate parseRate(String text) {
        String[] p = text.split("/");
        try {
            FrameRate r = p.length == 2 ? new FrameRate(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()))
                    : new FrameRate((int) Math.round(Double.parseDouble(text) * 1000), 1000);
            if (!(r.fps() >= 1 && r.fps() <= 240)) {
                throw new UsageException("--fps must be between 1 and 240, not " + text + ".");
            }
            return r;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--fps must be a number (25, 29.97) or a fraction (30000/1001), not '" + text + "'.");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fps must be positive, not '" + text + "'.");
        }
    }
}
