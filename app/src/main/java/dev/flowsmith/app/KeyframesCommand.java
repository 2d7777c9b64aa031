package dev.flowsmith.app;

import dev.flowsmith.editing.keyframes.BuiltInEdit;
import dev.flowsmith.editing.keyframes.KeyframeSelector;
import dev.flowsmith.editing.keyframes.KeyframeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code flowsmith keyframes IN --out DIR}: adaptive keyframe selection; writes the keyframes as PNGs
 * to edit in any image editor (or with a built-in edit already applied) and a keyframes.json.
 */
@Command(name = "keyframes", description = "Choose keyframes of a video (one per content-homogeneous segment) and export them as PNG.")
final class KeyframesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Option(names = "--out", required = true, description = "folder for keyframes.json and keyframe-NNNNNN.png")
    Path out;

    @Option(names = "--sensitivity", defaultValue = "0.5", description = "0..1: higher cuts more segments (default ${DEFAULT-VALUE})")
    double sensitivity;

    @Option(names = "--max-length", defaultValue = "12", description = "longest segment of moving content, in frames (default ${DEFAULT-VALUE})")
    int maxLength;

    @Option(names = {"-y", "--overwrite"}, description = "replace the keyframes already in DIR (all of them)")
    boolean overwrite;

    @Option(names = "--edit", description = "apply a built-in edit to the exported keyframes: grade, stylize or detail")
    String edit;

    @Override
    public Integer call() {
        OptionCheck.range("--sensitivity", sensitivity, 0, 1);
        OptionCheck.range("--max-length", maxLength, 1, 10_000);
        BuiltInEdit e = edit == null ? null : OptionCheck.parsed(() -> BuiltInEdit.parse(edit));
        ConsoleJob job = new ConsoleJob();
        List<KeyframeSelector.Segment> segs = job.run("keyframes", (progress, cancel) ->
                KeyframeSelector.select(input, KeyframeSelector.Params.ofSensitivity(sensitivity, maxLength), progress, cancel));
        if (segs.isEmpty()) {
            throw new CommandFailedException("No frame of '" + input.getFileName() + "' could be decoded, so there are no "
                    + "keyframes: check the file with 'flowsmith probe'.");
        }
        KeyframeSet set = KeyframeSet.export(input, segs, out, e, overwrite);
        int frames = segs.isEmpty() ? 0 : segs.get(segs.size() - 1).end();
        System.out.printf(Locale.ROOT, "%d keyframes for %d frames (%.1f s): %s%n", segs.size(), frames, job.seconds(),
                set.dir().toAbsolutePath());
        return 0;
    }
}
