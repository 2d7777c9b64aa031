package dev.flowsmith.app;

import dev.flowsmith.media.CancellationToken;
import dev.flowsmith.media.ProgressListener;

import java.util.function.BiFunction;

/**
 * Runs a long engine call the way every CLI command does: a progress bar (or plain lines), Ctrl-C
 * turned into cancellation, the bar's line closed afterwards, and the elapsed time kept.
 */
final class ConsoleJob {
    private double seconds;

    /** Runs {@code work(progress, cancel)} under the label shown before the bar. */
    <T> T run(String label, BiFunction<ProgressListener, CancellationToken, T> work) {
        return run(ConsoleProgress.forStderr(label), work);
    }

    /** As above for work whose progress is not counted in frames (phases of a job): the bar shows a share and an ETA. */
    <T> T runInShares(String label, BiFunction<ProgressListener, CancellationToken, T> work) {
        return run(ConsoleProgress.forStderr(label).inShares(), work);
    }

    private <T> T run(ConsoleProgress progress, BiFunction<ProgressListener, CancellationToken, T> work) {
        CancellationToken cancel = new CancellationToken();
        long t0 = System.nanoTime();
        try (InterruptToCancel ignored = new InterruptToCancel(cancel)) {
            return work.apply(progress, cancel);
        } finally {
            progress.finish();
            seconds = (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Wall time of the last run. */
    double seconds() {
        return seconds;
    }
}
