package dev.flowsmith.farm;

import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats an activity that has no progress of its own to report (plan, join) every second from a daemon thread,
 * so a coordinator worker that dies is noticed after the heartbeat timeout instead of the activity's six hours.
 * The SDK sends at most one heartbeat per 0.8 timeouts, whatever the rate here.
 */
final class Heartbeat implements AutoCloseable {
    private final Thread thread;

    private Heartbeat(Thread thread) {
        this.thread = thread;
    }

    static Heartbeat start(ActivityExecutionContext ctx) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ctx.heartbeat(null);
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the activity was cancelled or is gone: the work itself notices on its own
            }
        }, "flowsmith-farm-heartbeat");
        t.setDaemon(true);
        t.start();
        return new Heartbeat(t);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
