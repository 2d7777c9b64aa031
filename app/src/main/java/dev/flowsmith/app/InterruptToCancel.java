package dev.flowsmith.app;

import dev.flowsmith.media.CancellationToken;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM (a service manager, {@code kill}, a closing terminal session) cancel the running job
 * instead of killing the JVM, so the job can remove its temp files, keep its finished segments and the command can
 * exit with 130. A second signal exits at once.
 */
final class InterruptToCancel implements AutoCloseable {
    private final Signal interrupt = new Signal("INT");
    private final Signal terminate = new Signal("TERM");
    private final sun.misc.SignalHandler previousInterrupt, previousTerminate;

    InterruptToCancel(CancellationToken token) {
        sun.misc.SignalHandler handler = sig -> {
            if (token.isCancelled()) {
                Runtime.getRuntime().halt(Flowsmith.EXIT_CANCELLED);
            }
            System.err.println();
            System.err.println(("TERM".equals(sig.getName()) ? "Terminated: cancelling" : "Cancelling")
                    + "... finished segments are kept (Ctrl-C again to quit at once)");
            token.cancel();
        };
        previousInterrupt = Signal.handle(interrupt, handler);
        previousTerminate = Signal.handle(terminate, handler);
    }

    @Override
    public void close() {
        Signal.handle(interrupt, previousInterrupt);
        Signal.handle(terminate, previousTerminate);
    }
}
