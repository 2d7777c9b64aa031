package dev.flowsmith.media;

/** Told after each frame of a long operation. {@code total} is 0 when unknown. Called on a worker thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void onProgress(long done, long total);
}
