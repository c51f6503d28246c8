package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.IntensityClass;
import io.runload.avro.RunEvent;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.testing.TestRecords;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoring a run again from its stored heart-rate record, under another profile. */
class RunHeartRateRecordTest {
    private static final Instant START = Instant.parse("2026-11-02T07:00:00Z");
    private static final RunEvent RUN =
            TestRecords.run("ann", "r1", START, 2700, 8100).build();

    @Test
    void fortyFiveMinutesAt150BpmScoreAgainUnderALowerMaxHeartRate() {
        RunHeartRateAccumulator run = constant(150, 2700, 3.0);
        RunHeartRateRecord record = recordOf(RUN, run, karvonen(190, 60));

        // Male Banister TRIMP, one minute's worth per credited minute, 45 credited minutes at 150 bpm.
        // Max 190, rest 60: HRr = (150-60)/(190-60) = 90/130 = 0.692308
        //   TRIMP = 45 x 0.692308 x 0.64 x e^(1.92 x 0.692308) = 19.93846 x e^1.329231
        //         = 19.93846 x 3.778136 = 75.330
        //   0.60 <= 0.6923 < 0.70: all 2700 s in Z2, all easy, so EASY.
        RunEffort before = record.effortUnder(karvonen(190, 60));
        assertThat(before.trimp()).isCloseTo(75.330, within(0.001));
        assertThat(before.timeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
        assertThat(before.easySeconds()).isEqualTo(2700);
        assertThat(before.intensity()).isEqualTo(IntensityClass.EASY);

        // Max 185: HRr = 90/125 = 0.72
        //   TRIMP = 45 x 0.72 x 0.64 x e^(1.92 x 0.72) = 20.736 x e^1.3824 = 20.736 x 3.984453 = 82.622
        //   0.70 <= 0.72 < 0.80: all 2700 s in Z3, none easy, neither 80 % easy nor 20 % Z4-Z5: MODERATE.
        RunEffort after = record.effortUnder(karvonen(185, 60));
        assertThat(after.trimp()).isCloseTo(82.622, within(0.001));
        assertThat(after.timeInZoneSec()).containsExactly(0, 0, 2700, 0, 0);
        assertThat(after.easySeconds()).isZero();
        assertThat(after.intensity()).isEqualTo(IntensityClass.MODERATE);

        // Neither profile reads the rest: 45 min of heart rate over a 45 min run, mean and peak 150,
        // 3 m/s = 180 m/min at 150 bpm gives EF 1.2 and no decoupling.
        for (RunEffort effort : List.of(before, after)) {
            assertThat(effort.hrSeconds()).isEqualTo(2700);
            assertThat(effort.hrCoverage()).isEqualTo(1.0);
            assertThat(effort.avgHr()).isEqualTo(150.0);
            assertThat(effort.maxHr()).isEqualTo(150);
            assertThat(effort.efficiencyFactor()).isCloseTo(1.2, within(1e-9));
            assertThat(effort.decouplingPct()).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void aSampleOverTheNewMaximumIsFlaggedOnlyUnderThatMaximum() {
        RunHeartRateRecord record = recordOf(RUN, constant(192, 2700, 3.0), karvonen(200, 60));
        // 2701 samples at 192 bpm: above 186 + 5 = 191, but not above 200 + 5 = 205.
        assertThat(record.effortUnder(karvonen(200, 60)).samplesAboveProfileMax())
                .isZero();
        RunEffort lower = record.effortUnder(karvonen(186, 60));
        assertThat(lower.samplesAboveProfileMax()).isEqualTo(2701);
        assertThat(lower.qualityFlags()).contains(HrQualityFlag.HR_ABOVE_PROFILE_MAX.name());
    }

    @Test
    void theRecordScoresExactlyAsTheAccumulatorUnderAnyProfile() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        long t0 = START.toEpochMilli();
        // Warm-up, steady climb, a 40 s dropout, a jump, out-of-order and re-sent samples, and a
        // cadence lock: every input summarize reads.
        for (int s = 0; s <= 3000; s++) {
            if (s >= 1500 && s < 1540) {
                continue;
            }
            int bpm = s < 600 ? 120 + s / 20 : (s == 2000 ? 190 : 140 + (s % 37));
            int cadence = s >= 2500 && s < 2560 ? bpm : 168;
            run.add(t0 + s * 1000L, bpm, 2.8 + (s % 11) * 0.01, cadence);
            if (s % 500 == 499) {
                run.add(t0 + s * 1000L, bpm, 2.8, cadence);
                run.add(t0 + (s - 20) * 1000L, 150, 2.8, cadence);
            }
        }
        RunEvent event = TestRecords.run("ann", "r2", START, 3000, 8500).build();
        List<ResolvedProfile> profiles = List.of(
                karvonen(190, 60),
                karvonen(176, 48),
                new ResolvedProfile(
                        185, 55, 168, false, Sex.FEMALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY),
                new ResolvedProfile(
                        190, 60, 165, false, Sex.MALE, ZoneModel.LTHR_FRIEL, ZoneOffset.UTC, DayOfWeek.MONDAY));
        RunHeartRateRecord record = recordOf(event, run, profiles.get(0));
        for (ResolvedProfile profile : profiles) {
            assertThat(record.effortUnder(profile)).as(profile.toString()).isEqualTo(scored(event, run, profile));
        }
        assertThat(record.hrJumps()).isTrue();
        assertThat(record.outOfOrderSamples()).isTrue();
        assertThat(record.cadenceLock()).isTrue();
    }

    @Test
    void minuteBucketsAreKeptOnlyForARunAFillMayNeedThemFor() {
        RunHeartRateAccumulator full = constant(150, 2700, 3.0);
        assertThat(recordOf(RUN, full, karvonen(190, 60)).minutes()).isEmpty();

        // 20 of 45 minutes with heart rate: 25 minutes uncovered, more than the 60 s a fill ignores.
        RunHeartRateAccumulator partial = constant(150, 1200, 3.0);
        RunHeartRateRecord record = recordOf(RUN, partial, karvonen(190, 60));
        assertThat(record.minutes()).isEqualTo(partial.minuteBuckets()).hasSize(20);
    }

    @Test
    void aRunWithoutHeartRateHasNoEffortUnderAnyProfile() {
        RunHeartRateRecord record = RunHeartRateRecord.withoutHeartRate(RUN, LocalDate.of(2026, 11, 2));
        assertThat(record.effortUnder(karvonen(190, 60))).isNull();
        assertThat(record.binCount()).isZero();
    }

    /** One sample a second from the start through {@code seconds}: {@code seconds} credited seconds. */
    static RunHeartRateAccumulator constant(int bpm, int seconds, double speedMps) {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= seconds; s++) {
            run.add(START.toEpochMilli() + s * 1000L, bpm, speedMps, 170);
        }
        return run;
    }

    static RunHeartRateRecord recordOf(RunEvent event, RunHeartRateAccumulator run, ResolvedProfile profile) {
        return RunHeartRateRecord.of(event, LocalDate.of(2026, 11, 2), run, scored(event, run, profile));
    }

    /** What the summary step publishes: the accumulator's effort, gated for steadiness. */
    private static RunEffort scored(RunEvent event, RunHeartRateAccumulator run, ResolvedProfile profile) {
        long start = event.getStartTime().toEpochMilli();
        RunEffort effort = run.summarize(profile, start, event.getDurationSec());
        return SteadyRun.gate(
                effort, run.minuteBuckets(), start, event.getDurationSec(), event.getPlannedType(), event.getSport());
    }

    static ResolvedProfile karvonen(int maxHr, int restingHr) {
        return new ResolvedProfile(
                maxHr, restingHr, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);
    }
}
