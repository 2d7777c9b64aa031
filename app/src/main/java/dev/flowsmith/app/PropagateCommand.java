package dev.flowsmith.app;

import dev.flowsmith.editing.keyframes.PropagateJob;
import dev.flowsmith.media.EncoderSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith propagate IN KEYFRAME_DIR OUT}: carries the edited keyframes to every frame, as a
 * resumable job; prints the drift meter's verdict (mean confidence and where to add keyframes).
 */
@Command(name = "propagate", description = "Propagate edited keyframes (from 'flowsmith keyframes') to every frame.")
final class PropagateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Parameters(index = "1", paramLabel = "KEYFRAME_DIR")
    Path keyframes;

    @Parameters(index = "2", paramLabel = "OUT")
    Path output;



    @CommandLine.Mixin
    EncoderOptions encoder = new EncoderOptions();

    @Option(names = "--segment-seconds", defaultValue = "4", description = "segment length in source seconds (default ${DEFAULT-VALUE})")
    double segmentSeconds;

    @Option(names = "--resume", description = "continue an interrupted job for OUT")
    boolean resume;

    @Option(names = {"-y", "--overwrite"})
    boolean overwrite;

    @Override
    public Integer call() {
        EncoderSettings enc = encoder.settings();
        OptionCheck.positive("--segment-seconds", segmentSeconds, 3600);
        ConsoleJob job = new ConsoleJob();
        PropagateJob.Result r = job.run("propagate", (progress, cancel) ->
                PropagateJob.run(input, keyframes, output, enc, segmentSeconds, resume, overwrite, progress, cancel));
        double mean = Arrays.stream(r.confidence()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "Wrote %s: %d frames from %d keyframes in %.1f s (%.1f ms/frame); mean confidence %.2f%n",
                r.output(), r.frames(), r.keyframes(), job.seconds(), job.seconds() * 1000 / Math.max(1, r.frames()), mean);
        int[] s = r.suggestions();
        if (s.length > 0) {
            System.out.println("Drift: consider keyframes at frames " + Arrays.toString(s));
        }
        return 0;
    }
}
