package dev.flowsmith.bench.farm;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event model of a farm job for 1 to 100 workers (issue 19): a film of {@code frames} frames in segments of
 * {@code segmentSeconds}, each segment an attempt of {@code overhead + transfer + frames / fps} seconds on the first free
 * worker; an attempt fails with probability {@code failure} at a uniformly random point, and the server notices after
 * the heartbeat timeout, then hands it to the next free worker. Transfers share the storage's bandwidth among the
 * workers; the join (concat + remux, one coordinator) reads and writes the output once at disk speed. Averages over
 * seeded runs; prints throughput, speed-up against one worker and efficiency. The per-segment overhead defaults to the
 * figure {@code bench/farm-bench.sh} measured here.
 *
 * <pre>java -cp bench/target/classes dev.flowsmith.bench.farm.FarmThroughputModel [overheadSeconds]</pre>
 */
public final class FarmThroughputModel {
    /** One scenario. Rates in frames/s, sizes in MB, bandwidths in MB/s. */
    record Scenario(long frames, double frameRate, double fpsPerWorker, double segmentSeconds, double overheadSeconds,
                    double mbPerFrame, double workerBandwidth, double storageBandwidth, double failure, double heartbeatSeconds,
                    double diskSpeed) {
    }

    /** Seconds the whole job takes on {@code workers} workers (mean over {@code runs} seeded runs). */
    static double makespan(Scenario s, int workers, int runs) {
        long perSegment = Math.max(1, Math.round(s.segmentSeconds() * s.frameRate()));
        int segments = (int) ((s.frames() + perSegment - 1) / perSegment);
        // every worker moves its segment's input and output over the shared storage
        double bandwidth = Math.min(s.workerBandwidth(), s.storageBandwidth() / workers);
        double attempt = s.overheadSeconds() + perSegment * s.mbPerFrame() / bandwidth + perSegment / s.fpsPerWorker();
        double total = 0;
        for (int run = 0; run < runs; run++) {
            Random rnd = new Random(1234 + run);
            PriorityQueue<Double> free = new PriorityQueue<>();
            for (int w = 0; w < workers; w++) {
                free.add(0.0);
            }
            // segments waiting, each with the earliest time it may start (a failed one: once the failure is noticed)
            ArrayDeque<Double> waiting = new ArrayDeque<>();
            for (int i = 0; i < segments; i++) {
                waiting.add(0.0);
            }
            double end = 0;
            while (!waiting.isEmpty()) {
                double ready = waiting.poll();
                double start = Math.max(free.poll(), ready);
                if (rnd.nextDouble() < s.failure()) {
                    double died = start + rnd.nextDouble() * attempt;
                    free.add(died); // a replacement worker (or the restarted one) is back at once
                    waiting.add(died + s.heartbeatSeconds());
                } else {
                    free.add(start + attempt);
                    end = Math.max(end, start + attempt);
                }
            }
            double outputMb = s.frames() * s.mbPerFrame() / 2; // half of what moves per frame is the output
            total += end + 2 * outputMb / s.diskSpeed();          // the join reads the segments and writes the file
        }
        return total / runs;
    }

    public static void main(String[] args) {
        double overhead = args.length > 0 ? Double.parseDouble(args[0]) : 0.6;
        // a two-hour 1080p25 film restored at 1.5 frames/s per worker; 0.4 MB per frame in + out (H.264 at CRF 18);
        // 1 Gbit/s per worker (110 MB/s), a 10 Gbit/s NAS (1100 MB/s), 60-s heartbeat timeout, 200 MB/s join disk
        long frames = 2L * 3600 * 25;
        System.out.printf(Locale.ROOT, "2-hour 1080p25 film (%d frames), 1.5 frames/s per worker, %.2f s overhead per segment, "
                + "0.4 MB/frame over 110 MB/s per worker and a 1100 MB/s NAS, 60 s heartbeat timeout%n", frames, overhead);
        System.out.println("| segment | failure per try | workers | hours | frames/s | speed-up | efficiency |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (double seg : new double[]{2, 4, 16}) {
            for (double failure : new double[]{0, 0.01, 0.1}) {
                Scenario s = new Scenario(frames, 25, 1.5, seg, overhead, 0.4, 110, 1100, failure, 60, 200);
                double one = makespan(s, 1, 3);
                for (int w : new int[]{1, 2, 4, 8, 16, 32, 64, 100}) {
                    double t = w == 1 ? one : makespan(s, w, 3);
                    System.out.printf(Locale.ROOT, "| %.0f s | %.0f %% | %d | %.2f | %.1f | %.1fx | %.0f %% |%n", seg, failure * 100, w,
                            t / 3600, frames / t, one / t, 100 * one / t / w);
                }
            }
        }
    }
}
