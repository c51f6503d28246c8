package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.LoadSource;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialHeartRateFillTest {

    /** Max 190, rest 60, male: per-minute TRIMP at 140 bpm 1.283696, at 160 bpm 2.156037, at 150 bpm 1.674005. */
    private static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final long START = DAY.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    /** 1 Hz samples from second {@code from} to {@code to} inclusive. */
    private static void feed(RunHeartRateAccumulator acc, int from, int to, int bpm, double speed) {
        for (int s = from; s <= to; s++) {
            acc.add(START + s * 1000L, bpm, speed, 0);
        }
    }

    @Test
    void aFullyCoveredRunKeepsItsTrimpExactly() {
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        feed(acc, 0, 2700, 150, 3.0);
        RunEffort effort = acc.summarize(PROFILE, START, 2700);
        RunLoad load = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 2700, 8100), effort, acc.minuteBuckets(), PROFILE, List.of(), 99.0);
        assertThat(load.value()).isEqualTo(effort.trimp());
        assertThat(load.value()).isCloseTo(75.33, within(0.005));
        assertThat(load.source()).isEqualTo(LoadSource.MEASURED);
        assertThat(load.confidence()).isEqualTo(1.0);
        assertThat(load.estimated()).isFalse();
    }

    @Test
    void aStrapThatDiesAfterTwentyMinutesIsFilledFromTheCoveredPartAtTheRemainingPace() {
        // 10 min at 140 bpm and 2.5 m/s, 10 min at 160 bpm and 3.5 m/s, then no HR for 40 min over
        // 10 800 - 3 600 = 7 200 m, i.e. 3.0 m/s. The fit through ln 1.283696 at 2.5 and ln 2.156037
        // at 3.5 has slope 0.518528; at 3.0 m/s it gives their geometric mean 1.663639 per minute.
        // 10 * 1.283696 + 10 * 2.156037 + 40 * 1.663639 = 34.39733 + 66.54558 = 100.94291.
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        feed(acc, 0, 599, 140, 2.5);
        feed(acc, 600, 1200, 160, 3.5);
        RunEffort effort = acc.summarize(PROFILE, START, 3600);
        RunLoad load = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 3600, 10_800),
                effort,
                acc.minuteBuckets(),
                PROFILE,
                List.of(),
                50.0);
        assertThat(effort.trimp()).isCloseTo(34.39733, within(1e-4));
        assertThat(load.value()).isCloseTo(100.94291, within(1e-4));
        assertThat(load.source()).isEqualTo(LoadSource.PACE_MODEL);
        // A third covered, two thirds filled at weight 0.8 with a perfect fit: 1/3 + 2/3 * 0.8 = 0.866667.
        assertThat(load.confidence()).isCloseTo(0.866667, within(1e-6));
        assertThat(load.estimated()).isTrue();
    }

    @Test
    void aSingleCoveredPaceTakesTheTypicalSlope() {
        // 10 min at 150 bpm and 3 m/s of a 45-minute 7 500 m run: the other 35 min ran
        // (7 500 - 1 800) / 2 100 = 2.714286 m/s. 10 * 1.674005 + 35 * 1.674005 * e^(0.8 * -0.285714) = 63.35846.
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        feed(acc, 0, 600, 150, 3.0);
        RunEffort effort = acc.summarize(PROFILE, START, 2700);
        RunLoad load = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 2700, 7500), effort, acc.minuteBuckets(), PROFILE, List.of(), 65.2);
        assertThat(load.value()).isCloseTo(63.35846, within(1e-4));
        assertThat(load.source()).isEqualTo(LoadSource.PACE_MODEL);
        // 600/2700 + (2100/2700) * 0.8 * 0.75 = 0.688889
        assertThat(load.confidence()).isCloseTo(0.688889, within(1e-6));
    }

    private static LedgerRun earlier(String id, int daysBefore, double speed, double loadPerMinute) {
        LocalDate date = DAY.minusDays(daysBefore);
        return new LedgerRun(
                id,
                "garmin",
                "ext-" + id,
                io.runload.avro.Sport.RUN,
                date.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
                2400,
                2400,
                speed * 2400,
                date,
                40 * loadPerMinute,
                false,
                2400,
                2400,
                null,
                io.runload.avro.IntensityClass.EASY,
                null,
                1.0);
    }

    /** ln(load per minute) = -2.5 + 1.0 * speed exactly: 1.0 at 2.5 m/s, e^0.5 at 3.0, e^1 at 3.5. */
    private static List<LedgerRun> history() {
        return List.of(
                earlier("h1", 3, 2.5, 1.0),
                earlier("h2", 2, 3.0, Math.exp(0.5)),
                earlier("h3", 1, 3.5, Math.E),
                // Dated after the run: must not be used.
                new LedgerRun(
                        "later",
                        "garmin",
                        "ext-later",
                        io.runload.avro.Sport.RUN,
                        START + 3_600_000L,
                        2400,
                        2400,
                        7200,
                        DAY,
                        400,
                        false,
                        2400,
                        0,
                        null,
                        io.runload.avro.IntensityClass.HARD,
                        null,
                        1.0));
    }

    @Test
    void aRunWithoutHeartRateIsFilledFromEarlierRunsAtSimilarPace() {
        // 30 min over 5 850 m = 3.25 m/s: e^(-2.5 + 3.25) = e^0.75 = 2.117000 per minute, 63.51000 in all.
        RunLoad load = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 1800, 5850), null, List.of(), PROFILE, history(), 40.0);
        assertThat(load.value()).isCloseTo(63.51000, within(1e-4));
        assertThat(load.source()).isEqualTo(LoadSource.PACE_MODEL);
        assertThat(load.confidence()).isCloseTo(0.6, within(1e-9));
        assertThat(load.estimated()).isTrue();
    }

    @Test
    void aPaceFarFromEarlierRunsOrTooFewOfThemFallsBackToTheDurationEstimate() {
        // 30 min over 9 000 m = 5 m/s, beyond 3.5 + 0.5.
        RunLoad fast = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 1800, 9000), null, List.of(), PROFILE, history(), 40.0);
        assertThat(fast.source()).isEqualTo(LoadSource.DURATION_ESTIMATE);
        assertThat(fast.value()).isEqualTo(40.0);
        assertThat(fast.confidence()).isEqualTo(PartialHeartRateFill.DURATION_ESTIMATE_CONFIDENCE);
        RunLoad twoRuns = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 1800, 5850),
                null,
                List.of(),
                PROFILE,
                history().subList(0, 2),
                40.0);
        assertThat(twoRuns.source()).isEqualTo(LoadSource.DURATION_ESTIMATE);
    }

    @Test
    void coverageWithoutSpeedOrHistoryKeepsThePreviousRule() {
        RunHeartRateAccumulator acc = new RunHeartRateAccumulator();
        for (int s = 0; s <= 1800; s++) {
            acc.add(START + s * 1000L, 150, Double.NaN, 0);
        }
        RunEffort effort = acc.summarize(PROFILE, START, 2700);
        // Two thirds covered: the partial TRIMP stands, its confidence the coverage.
        RunLoad partial = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 2700, 0), effort, acc.minuteBuckets(), PROFILE, List.of(), 99.0);
        assertThat(partial.source()).isEqualTo(LoadSource.MEASURED);
        assertThat(partial.value()).isEqualTo(effort.trimp());
        assertThat(partial.confidence()).isCloseTo(2 / 3.0, within(1e-9));
        // A 90-minute run with the same 30 covered minutes: below half, the larger estimate replaces it.
        RunEffort third = acc.summarize(PROFILE, START, 5400);
        RunLoad replaced = PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(START, 5400, 0), third, acc.minuteBuckets(), PROFILE, List.of(), 130.0);
        assertThat(replaced.source()).isEqualTo(LoadSource.DURATION_ESTIMATE);
        assertThat(replaced.value()).isEqualTo(130.0);
    }
}
