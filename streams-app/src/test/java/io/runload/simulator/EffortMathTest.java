package io.runload.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario tests lean on EffortMath, so it is checked against docs/domain.md's worked example. */
class EffortMathTest {

    /**
     * 45 min at 150 bpm, resting 60, max 190, male: x = 90/130 = 0.6923,
     * 0.6923 * 0.64 * e^(1.92 * 0.6923) = 0.4431 * 3.778 = 1.674 per minute, times 45 = 75.33.
     */
    @Test
    void trimpMatchesTheWorkedCheck() {
        AthleteProfile profile = new AthleteProfile(
                "a",
                190,
                60,
                null,
                null,
                Sex.MALE,
                "UTC",
                WeekStart.MONDAY,
                ZoneModel.KARVONEN,
                LocalDate.of(2026, 1, 1));
        List<HeartRateSample> samples = new ArrayList<>();
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int second = 0; second <= 2700; second++) {
            samples.add(new HeartRateSample(
                    "a", null, "d", "garmin", start.plusSeconds(second), 150, null, null, null, null));
        }
        assertThat(EffortMath.trimp(samples, profile)).isCloseTo(75.33, within(0.01));
    }
}
