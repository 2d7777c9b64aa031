package dev.flowsmith.app;

import dev.flowsmith.media.CancellationToken;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) cancels the running job instead of killing the JVM, so the job can remove its
 * temp file and the command can exit with 130. A second Ctrl-C exits at once.
 */
final class InterruptToCancel implements AutoCloseable {
    private final Signal signal = new Signal("INT");
    private final sun.misc.SignalHandler previous;

    InterruptToCancel(CancellationToken token) {
        previous = Signal.handle(signal, sig -> {
            if (token.isCancelled()) {
                Runtime.getRuntime().halt(Flowsmith.EXIT_CANCELLED);
            }
            System.err.println();
            System.err.println("Cancelling... (Ctrl-C again to quit at once)");
            token.cancel();
        });
    }

    @Override
    public void close() {
        Signal.handle(signal, previous);
    }
}
