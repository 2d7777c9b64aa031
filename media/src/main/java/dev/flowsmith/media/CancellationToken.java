package dev.flowsmith.media;

import java.util.concurrent.atomic.AtomicBoolean;

/** Set from any thread (Ctrl-C, a Cancel button); jobs check it between frames and clean up. */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link MediaCancelledException} when cancelled. */
    public void check() {
        if (cancelled.get()) {
            throw new MediaCancelledException("The job was cancelled; nothing was written.", null);
        }
    }
}
