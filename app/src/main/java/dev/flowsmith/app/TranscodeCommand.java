package dev.flowsmith.app;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.Transcoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code flowsmith transcode IN OUT}: re-encode the video, copy audio, subtitles and tags. */
@Command(name = "transcode", description = "Re-encode the video stream; audio, subtitles, tags, rotation and colour "
        + "are copied unchanged. OUT's extension picks the container (.mp4 .mkv .mov .webm).")
final class TranscodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT")
    Path output;

    @Option(names = "--codec", defaultValue = "h264", description = "h264, h265, vp9, prores, ffv1 (default ${DEFAULT-VALUE})")
    String codec;

    @Option(names = "--crf", description = "quality: lower is better (default per codec: h264 18, h265 22, vp9 31)")
    Integer crf;

    @Option(names = "--preset", defaultValue = "medium", description = "ultrafast .. veryslow (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--bit-depth", defaultValue = "8", description = "8 or 10 (default ${DEFAULT-VALUE}; ProRes is always 10)")
    int bitDepth;

    @Option(names = {"-y", "--overwrite"}, description = "replace OUT if it exists")
    boolean overwrite;

    @Override
    public Integer call() {
        EncoderSettings settings = EncoderOptions.settings(codec, crf, preset, bitDepth);
        ConsoleJob job = new ConsoleJob();
        Transcoder.Result r = job.run("transcode", (progress, cancel) ->
                Transcoder.run(new Transcoder.Request(input, output, settings, overwrite), progress, cancel));
        double secs = job.seconds();
        System.out.printf("Wrote %s: %d frames in %.1f s (%.1f fps)%n", r.output(), r.frames(), secs, r.frames() / secs);
        if (!r.copiedStreams().isEmpty()) {
            System.out.println("  copied unchanged: " + String.join(", ", r.copiedStreams()));
        }
        for (String d : r.droppedStreams()) {
            System.out.println("  left out: " + d);
        }
        return 0;
    }
}
