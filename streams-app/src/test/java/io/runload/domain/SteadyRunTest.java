package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.PlannedType;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SteadyRunTest {

    private static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);
    private static final long START = 1_790_000_000_000L;

    private static void feed(RunHeartRateAccumulator acc, int from, int to, int bpm, double speed) {
        for (int s = from; s <= to; s++) {
            acc.add(START + s * 1000L, bpm, speed, 0);
        }
    }

    /** 50 minutes at 3 m/s; 140 bpm for the first 30, 147 after. */
    private static RunHeartRateAccumulator steady() {
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        feed(acc, 0, 1799, 140, 3.0);
        feed(acc, 1800, 3000, 147, 3.0);
        return acc;
    }

    /** 10 min warm-up at 2.5 m/s, then 3 min at 4.5 m/s and 2 min at 2.5 m/s, eight times. */
    private static RunHeartRateAccumulator intervals() {
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        feed(acc, 0, 599, 130, 2.5);
        for (int rep = 0; rep < 8; rep++) {
            int t = 600 + rep * 300;
            feed(acc, t, t + 179, 165, 4.5);
            feed(acc, t + 180, t + 299, 145, 2.5);
        }
        acc.add(START + 3000_000L, 145, 2.5, 0);
        return acc;
    }

    @Test
    void aSteadyRunKeepsItsDecoupling() {
        RunHeartRateAccumulator acc = steady();
        RunEffort gated = SteadyRun.gate(
                acc.summarize(PROFILE, START, 3000), acc.minuteBuckets(), START, 3000, PlannedType.EASY, Sport.RUN);
        // Minutes 10-29 and 30-49 after the warm-up: EF 180/140 then 180/147; (EF1 - EF2) / EF1 = 7/147 = 4.7619%.
        assertThat(gated.decouplingPct()).isCloseTo(4.7619, within(1e-4));
        assertThat(gated.efficiencyFactor()).isNotNull();
        assertThat(SteadyRun.speedVariation(acc.minuteBuckets(), START, 3000)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void anIntervalSessionGetsNoDecouplingNorEfficiencyFactor() {
        RunHeartRateAccumulator acc = intervals();
        RunEffort raw = acc.summarize(PROFILE, START, 3000);
        assertThat(raw.decouplingPct()).as("the plain split would report one").isNotNull();
        // After the warm-up 24 min at 4.5 and 16 at 2.5 m/s: mean 3.7, sd sqrt(0.6*0.8^2 + 0.4*1.2^2) = 0.979796,
        // coefficient of variation 0.264810.
        assertThat(SteadyRun.speedVariation(acc.minuteBuckets(), START, 3000)).isCloseTo(0.264810, within(1e-6));
        RunEffort gated = SteadyRun.gate(raw, acc.minuteBuckets(), START, 3000, null, Sport.RUN);
        assertThat(gated.decouplingPct()).isNull();
        assertThat(gated.efficiencyFactor()).isNull();
        assertThat(gated.trimp()).isEqualTo(raw.trimp());
        assertThat(gated.timeInZoneSec()).isEqualTo(raw.timeInZoneSec());
    }

    @Test
    void aPlannedWorkoutOrRaceOrATrackRunIsNeverSteady() {
        RunHeartRateAccumulator acc = steady();
        RunEffort raw = acc.summarize(PROFILE, START, 3000);
        assertThat(SteadyRun.gate(raw, acc.minuteBuckets(), START, 3000, PlannedType.WORKOUT, Sport.RUN)
                        .decouplingPct())
                .isNull();
        assertThat(SteadyRun.gate(raw, acc.minuteBuckets(), START, 3000, PlannedType.RACE, Sport.RUN)
                        .decouplingPct())
                .isNull();
        assertThat(SteadyRun.gate(raw, acc.minuteBuckets(), START, 3000, PlannedType.LONG, Sport.TRACK_RUN)
                        .decouplingPct())
                .isNull();
        assertThat(SteadyRun.gate(raw, acc.minuteBuckets(), START, 3000, PlannedType.LONG, Sport.TRAIL_RUN)
                        .decouplingPct())
                .isNotNull();
    }

    @Test
    void aTenPercentSwingIsTheLimit() {
        // Minute speeds alternating 2.7 and 3.3 m/s: mean 3.0, sd 0.3, CV exactly 0.10 (steady);
        // 2.6 and 3.4: CV 0.1333 (not).
        assertThat(SteadyRun.qualifies(alternating(2.7, 3.3), START, 3000, null, Sport.RUN))
                .isTrue();
        assertThat(SteadyRun.qualifies(alternating(2.6, 3.4), START, 3000, null, Sport.RUN))
                .isFalse();
    }

    private static java.util.List<MinuteBucket> alternating(double slow, double fast) {
        java.util.List<MinuteBucket> minutes = new java.util.ArrayList<>();
        for (int m = 0; m < 50; m++) {
            double speed = m % 2 == 0 ? slow : fast;
            minutes.add(new MinuteBucket(START + m * 60_000L, 60_000, 140L * 60_000, 60_000, speed * 60));
        }
        return minutes;
    }
}
