package dev.flowsmith.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The rate leaves out set-up: a first frame that took 10 s does not make the estimate ten times too long. */
class ThroughputEstimateTest {
    @Test
    void setUpBeforeTheFirstReportIsNotCounted() {
        ThroughputEstimate e = new ThroughputEstimate();
        long s = 1_000_000_000L;
        e.update(1, 10 * s); // the first frame came after 10 s of model loading
        assertThat(e.secondsLeft(1, 1000, 10 * s)).as("nothing measured yet").isNaN();
        e.update(2, 10 * s + s / 10);
        assertThat(e.secondsLeft(2, 1000, 10 * s + s / 10)).as("too little measured").isNaN();
        for (int i = 3; i <= 31; i++) {
            e.update(i, 10 * s + (long) (i - 1) * s / 10); // then 10 frames/s
        }
        assertThat(e.fps()).isCloseTo(10, within(1e-6));
        assertThat(e.secondsLeft(31, 1000, 13 * s)).isCloseTo(96.9, within(1e-6));
    }
}
