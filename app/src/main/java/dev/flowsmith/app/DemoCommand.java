package dev.flowsmith.app;

import dev.flowsmith.media.EncoderSettings;
import dev.flowsmith.media.MediaProbe;
import dev.flowsmith.media.TestPattern;
import dev.flowsmith.media.Transcoder;
import dev.flowsmith.media.VideoCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith demo}: needs no media of your own. Generates a test clip, transcodes it to H.265
 * with the progress bar, and probes the result, so a newcomer sees the engine work end to end.
 */
@Command(name = "demo", description = "Generate a 5-second 720p test clip, transcode it to H.265 and probe the result.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "where to put the files (default: a new temp folder)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("flowsmith-demo");
        Path clip = d.resolve("test-pattern.mp4");
        Path out = d.resolve("test-pattern-h265.mp4");
        System.out.println("Generating " + clip);
        TestPattern.write(clip, 1280, 720, 30, 150, true);
        System.out.println("Transcoding to " + out);
        new ConsoleJob().run("transcode", (progress, cancel) -> Transcoder.run(new Transcoder.Request(clip, out,
                new EncoderSettings(VideoCodec.H265, 24, "fast", 8), true), progress, cancel));
        System.out.print(ProbeCommand.text(MediaProbe.probe(out)));
        return 0;
    }
}
