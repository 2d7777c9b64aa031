package dev.flowsmith.kernels.backend;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a kernel's {@code [from, to)} body over {@code [0, n)} on a fixed pool: the range is cut into
 * a few chunks per thread (load balance) and the caller's thread takes part. Small ranges run inline.
 */
public final class ParallelRange implements AutoCloseable {
    /** The body of a kernel over a sub-range of its parallel index. */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public ParallelRange(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "flowsmith-cpu-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n), splitting when the work is worth it ({@code minChunk} indices at least). */
    public void run(int n, int minChunk, Body body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(threads * 4, Math.max(1, n / Math.max(1, minChunk)));
        if (pool == null || chunks <= 1) {
            body.run(0, n);
            return;
        }
        int per = (n + chunks - 1) / chunks;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int from = c * per, to = Math.min(n, from + per);
                if (from < to) {
                    body.run(from, to);
                }
            }
        };
        Future<?>[] futures = new Future<?>[threads - 1];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = pool.submit(worker);
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                            : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Same, default chunking (at least one index per chunk). */
    public void run(int n, Body body) {
        run(n, 1, body);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
