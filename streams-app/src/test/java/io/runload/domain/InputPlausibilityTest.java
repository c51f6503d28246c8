package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InputPlausibilityTest {
    private static final long NOW = Instant.parse("2026-11-25T08:00:00Z").toEpochMilli();

    @Test
    void heartRateBoundsAndFitSentinel() {
        assertThat(InputPlausibility.sample(255, null, null, NOW, NOW)).contains("hr_invalid_sentinel");
        assertThat(InputPlausibility.sample(29, null, null, NOW, NOW)).contains("bpm_out_of_range");
        assertThat(InputPlausibility.sample(231, null, null, NOW, NOW)).contains("bpm_out_of_range");
        assertThat(InputPlausibility.sample(30, null, null, NOW, NOW)).isEmpty();
        assertThat(InputPlausibility.sample(230, 3.2, 170, NOW, NOW)).isEmpty();
        assertThat(InputPlausibility.sample(150, -1.0, null, NOW, NOW)).contains("speed_out_of_range");
        assertThat(InputPlausibility.sample(150, Double.NaN, null, NOW, NOW)).contains("speed_out_of_range");
        assertThat(InputPlausibility.sample(150, null, 400, NOW, NOW)).contains("cadence_out_of_range");
    }

    @Test
    void timestampsMoreThanADayAheadOrBefore2000AreImpossible() {
        long day = 24 * 3600 * 1000L;
        assertThat(InputPlausibility.sample(150, null, null, NOW + day, NOW)).isEmpty();
        assertThat(InputPlausibility.sample(150, null, null, NOW + day + 1, NOW))
                .contains("timestamp_in_future");
        assertThat(InputPlausibility.sample(150, null, null, 0L, NOW)).contains("timestamp_too_old");
    }

    @Test
    void runRules() {
        assertThat(InputPlausibility.run("r1", "x1", NOW, 3600, 3500, 10_000, "Europe/Berlin", false, NOW))
                .isEmpty();
        assertThat(InputPlausibility.run("r1", "x1", NOW, 3600, 3500, -1, null, false, NOW))
                .contains("negative_distance");
        assertThat(InputPlausibility.run("r1", "x1", NOW, 0, null, 10, null, false, NOW))
                .contains("duration_out_of_range");
        assertThat(InputPlausibility.run("r1", "x1", NOW, 3600, 3700, 10, null, false, NOW))
                .contains("moving_time_out_of_range");
        // 100 km in an hour is 27.8 m/s: no runner does that.
        assertThat(InputPlausibility.run("r1", "x1", NOW, 3600, null, 100_000, null, false, NOW))
                .contains("impossible_pace");
        assertThat(InputPlausibility.run("r1", "x1", NOW, 3600, null, 10_000, "Mars/Olympus", false, NOW))
                .contains("invalid_timezone");
        assertThat(InputPlausibility.run("", "x1", NOW, 3600, null, 10_000, null, false, NOW))
                .contains("missing_run_id");
        // A delete only needs its identity and a sane time.
        assertThat(InputPlausibility.run("r1", "x1", NOW, 0, null, -5, null, true, NOW))
                .isEmpty();
    }
}
