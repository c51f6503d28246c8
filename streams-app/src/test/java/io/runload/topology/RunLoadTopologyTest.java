package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.IntensityClass;
import io.runload.avro.LoadSource;
import io.runload.avro.RunOp;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunLoadTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void garbageOnEveryInputLandsInTheDeadLetterTopicWithItsBytesAndReason() {
        Instant t = NOW.minus(Duration.ofHours(1));
        byte[] random = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        h.samplesRaw.pipeInput(TopologyHarness.key("a1"), random);
        byte[] wrongMagic = h.encode(sample("a1", "r1", t, 140), h.topics.hrSamples());
        wrongMagic[0] = 7;
        h.samplesRaw.pipeInput(TopologyHarness.key("a1"), wrongMagic);
        h.samplesRaw.pipeInput((byte[]) null, h.encode(sample("a1", "r1", t, 140), h.topics.hrSamples()));
        h.sample(sample("a1", "r1", t, 255));
        h.sample(sample("a1", "r1", NOW.plus(Duration.ofDays(3)), 140));
        h.samplesRaw.pipeInput(
                TopologyHarness.key("a1"), h.encode(sample("other", "r1", t, 140), h.topics.hrSamples()));
        h.runsRaw.pipeInput(TopologyHarness.key("a1"), new byte[0]);
        h.run(run("a1", "r1", t, 1800, -5.0).build());
        h.profile(profile("a1").setMaxHr(50).setRestingHr(60).build());
        h.profilesRaw.pipeInput(TopologyHarness.key("a1"), new byte[] {0, 0, 0, 0, 99, 1, 2});

        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(10);
        List<String> reasons =
                dead.stream().map(r -> header(r, "runload.dlq.reason")).toList();
        assertThat(reasons)
                .containsExactly(
                        "bad_magic_byte",
                        "bad_magic_byte",
                        "null_key",
                        "hr_invalid_sentinel",
                        "timestamp_in_future",
                        "key_mismatch",
                        "null_value",
                        "negative_distance",
                        "max_hr_below_resting",
                        "unknown_schema_id");
        TestRecord<byte[], byte[]> first = dead.get(0);
        assertThat(first.value()).isEqualTo(random);
        assertThat(first.key()).isEqualTo(TopologyHarness.key("a1"));
        assertThat(header(first, "runload.dlq.source.topic")).isEqualTo("runload.hr-samples.v1");
        assertThat(header(first, "runload.dlq.source.offset")).isEqualTo("0");
        assertThat(header(first, "runload.dlq.error.class")).endsWith("RejectedRecordException");
        assertThat(h.metric("runload.dlq.records")).isEqualTo(10.0);
        assertThat(h.metric("runload.dlq.records", "reason", "bad_magic_byte", "input", "hr-samples"))
                .isEqualTo(2.0);
        assertThat(h.summaries.isEmpty()).isTrue();
    }

    @Test
    void constantHeartRateRunGivesTheWorkedTrimpAndAWeek() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        // 2701 samples at 1 Hz credit exactly 2700 s: 45 min at 150 bpm, rest 60, max 190, male = 75.33
        // (docs/domain.md).
        for (int s = 0; s <= 2700; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 2700, 7500).build());

        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getLoad()).isCloseTo(75.33, within(0.005));
        assertThat(summary.getLoadEstimated()).isFalse();
        assertThat(summary.getLoadSource()).isEqualTo(LoadSource.MEASURED);
        assertThat(summary.getLoadConfidence()).isEqualTo(1.0);
        assertThat(summary.getStatus()).isEqualTo(RunStatus.COUNTED);
        // HRR fraction (150-60)/130 = 0.692: zone 2 of the Karvonen model.
        assertThat(summary.getTimeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
        assertThat(summary.getIntensity()).isEqualTo(IntensityClass.EASY);
        assertThat(summary.getLocalDate()).isEqualTo(LocalDate.of(2026, 11, 20));

        WeeklyVolume week = single(h.weeks.readValuesToList());
        assertThat(week.getWeekStart()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(week.getDistanceMeters()).isEqualTo(7500.0);
        assertThat(week.getRuns()).isEqualTo(1);
        assertThat(week.getLoad()).isCloseTo(75.33, within(0.005));
        assertThat(week.getEasyShare()).isEqualTo(1.0);
        assertThat(h.metric("runload.runs.processed", "status", "counted")).isEqualTo(1.0);
    }

    @Test
    void anEasyRunTurningHardAlertsOnceDuringTheRun() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        // Easy ceiling = 60 + 0.7*130 = 151 bpm. 12 easy minutes, then hard.
        for (int s = 0; s < 720; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 135));
        }
        for (int s = 720; s < 1800; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 170));
        }
        List<TestRecord<String, AthleteAlert>> alerts = h.alerts.readRecordsToList();
        assertThat(alerts).hasSize(1);
        AthleteAlert alert = alerts.get(0).value();
        assertThat(alert.getType()).isEqualTo(AlertType.EASY_RUN_TOO_HARD);
        assertThat(alert.getRunId()).isEqualTo("r1");
        // More than half of the last 5 minutes above the ceiling: after 150 s of hard running, and
        // within a minute of that in event time.
        long firedAt = alert.getEventTime().toEpochMilli() - start.toEpochMilli();
        assertThat(firedAt).isBetween(870_000L, 930_000L);
        assertThat(alerts.get(0).key()).isEqualTo("a1");
        assertThat(alert.getMessage()).contains("easy ceiling of 151 bpm");
        // The live alert carries its rule like the ledger alerts: more than 50% of the window above
        // the ceiling, a coaching convention (grade C) with no DOI.
        assertThat(alert.getRuleId()).isEqualTo("easy-run-too-hard");
        assertThat(alert.getRuleVersion()).isEqualTo(1);
        assertThat(alert.getThreshold()).isEqualTo(50.0);
        assertThat(alert.getMeasuredValue()).isGreaterThan(50.0).isLessThanOrEqualTo(100.0);
        assertThat(alert.getMeasuredValue())
                .isCloseTo(alert.getEvidence().get("shareAboveCeiling") * 100, within(1e-9));
        assertThat(alert.getUnit()).isEqualTo("percent");
        assertThat(alert.getEvidenceGrade()).isEqualTo("C");
        assertThat(alert.getDoi()).isNull();
        assertThat(alert.getSource()).contains("Karvonen");
        assertThat(h.metric("runload.alerts.emitted", "type", "EASY_RUN_TOO_HARD"))
                .isEqualTo(1.0);
    }

    @Test
    void aPlannedWorkoutWithAnEasyWarmUpDoesNotAlertButAPlannedEasyRunDoes() {
        h.profile(profile("a1").build());
        Instant workout = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s < 1800; s++) {
            var sample = sample("a1", "w1", workout.plusSeconds(s), s < 720 ? 135 : 170);
            sample.setPlannedType(io.runload.avro.PlannedType.WORKOUT);
            h.sample(sample);
        }
        assertThat(h.alerts.readValuesToList()).isEmpty();

        // Planned easy: the rule applies even though the warm-up itself was not easy.
        Instant easy = Instant.parse("2026-11-21T07:00:00Z");
        for (int s = 0; s < 1200; s++) {
            var sample = sample("a1", "e1", easy.plusSeconds(s), 165);
            sample.setPlannedType(io.runload.avro.PlannedType.EASY);
            h.sample(sample);
        }
        List<AthleteAlert> alerts = h.alerts.readValuesToList();
        assertThat(alerts).extracting(AthleteAlert::getRunId).containsExactly("e1");
        // Fires as soon as the 10-minute warm-up is over, the window being full of hard running.
        assertThat(alerts.get(0).getEventTime().toEpochMilli() - easy.toEpochMilli())
                .isBetween(600_000L, 660_000L);
    }

    @Test
    void aRunEventAheadOfItsLastSamplesWaitsForThem() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s <= 1800; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 2700, 7500).build());
        assertThat(h.summaries.isEmpty())
                .as("waits while the heart rate is 15 minutes short of the run's end")
                .isTrue();
        for (int s = 1801; s <= 2700; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(single(h.summaries.readValuesToList()).getLoad()).isCloseTo(75.33, within(0.005));
        assertThat(h.pendingRuns()).isEmpty();
    }

    @Test
    void aRunWhoseHeartRateNeverArrivesIsReleasedAfterTheWait() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s <= 600; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 2700, 7500).build());
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.minusSeconds(2));
        assertThat(h.summaries.isEmpty()).isTrue();
        h.driver.advanceWallClockTime(Duration.ofSeconds(3));
        RunSummary summary = single(h.summaries.readValuesToList());
        // 600 of 2700 s covered at 150 bpm (1.674005 per minute) and 3 m/s; the other 35 minutes ran
        // (7500 - 1800) / 2100 = 2.714286 m/s. One covered pace: the typical slope 0.8 per m/s fills them
        // at 1.674005 * e^(0.8 * -0.285714) per minute: 16.74005 + 46.61841 = 63.35846.
        assertThat(summary.getHrCoverage()).isCloseTo(600 / 2700.0, within(1e-9));
        assertThat(summary.getLoadEstimated()).isTrue();
        assertThat(summary.getLoadSource()).isEqualTo(LoadSource.PACE_MODEL);
        assertThat(summary.getLoad()).isCloseTo(63.35846, within(0.001));
        // 600/2700 + 2100/2700 * 0.8 (same-run weight) * 0.75 (assumed slope) = 0.688889
        assertThat(summary.getLoadConfidence()).isCloseTo(0.688889, within(1e-6));
    }

    @Test
    void aStrapThatDiesAfterTwentyMinutesIsFilledFromTheRunsOwnPaceToLoadRelation() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        // 10 min at 140 bpm and 2.5 m/s, 10 min at 160 bpm and 3.5 m/s, then the strap dies; the run
        // lasts 60 min and 10 800 m, so the last 40 min ran 7 200 m at 3.0 m/s.
        for (int s = 0; s <= 1200; s++) {
            var sample = sample("a1", "r1", start.plusSeconds(s), s < 600 ? 140 : 160);
            sample.setSpeedMps(s < 600 ? 2.5 : 3.5);
            h.sample(sample);
        }
        h.run(run("a1", "r1", start, 3600, 10_800).build());
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));

        RunSummary summary = single(h.summaries.readValuesToList());
        // Per-minute TRIMP (max 190, rest 60, male): 1.283696 at 140 bpm, 2.156037 at 160 bpm. The fit
        // through both (ln-linear in speed) gives their geometric mean 1.663639 at 3.0 m/s:
        // 12.83696 + 21.56037 + 40 * 1.663639 = 100.94291.
        assertThat(summary.getHrCoverage()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(summary.getLoad()).isCloseTo(100.94291, within(0.001));
        assertThat(summary.getLoadSource()).isEqualTo(LoadSource.PACE_MODEL);
        // 1/3 + 2/3 * 0.8 * 1 (a perfect fit) = 0.866667
        assertThat(summary.getLoadConfidence()).isCloseTo(0.866667, within(1e-6));
        assertThat(single(h.weeks.readValuesToList()).getLoad()).isCloseTo(100.94291, within(0.001));
    }

    @Test
    void aRunWithoutHeartRateAndNoEarlierRunsCarriesTheDurationEstimateAndItsConfidence() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        h.run(run("a1", "r1", start, 2700, 7500).build());
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
        RunSummary summary = single(h.summaries.readValuesToList());
        // 45 min * 1.449082 (the default easy load per minute)
        assertThat(summary.getLoad()).isCloseTo(45 * 1.449082, within(0.001));
        assertThat(summary.getLoadSource()).isEqualTo(LoadSource.DURATION_ESTIMATE);
        assertThat(summary.getLoadConfidence()).isEqualTo(0.25);
    }

    @Test
    void heartRateSyncedAfterTheRunWasSummarisedCorrectsItsSummaryAndWeek() {
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        assertThat(summarisedWithTenOfFortyFiveMinutesOfHeartRate(start).getLoadEstimated())
                .isTrue();
        h.weeks.readValuesToList();

        for (int s = 601; s <= 2700; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));

        RunSummary corrected = single(h.summaries.readValuesToList());
        assertThat(corrected.getLoadEstimated()).isFalse();
        assertThat(corrected.getHrCoverage()).isCloseTo(1.0, within(1e-9));
        assertThat(corrected.getLoad()).isCloseTo(75.33, within(0.005));
        WeeklyVolume week = single(h.weeks.readValuesToList());
        assertThat(week.getRuns()).isEqualTo(1);
        assertThat(week.getLoad()).isCloseTo(75.33, within(0.005));
        assertThat(h.pendingRuns()).isEmpty();
    }

    /** Run r1 of a1 (45 min from {@code start}) summarised after its wait with only its first 10 minutes of heart rate. */
    private RunSummary summarisedWithTenOfFortyFiveMinutesOfHeartRate(Instant start) {
        h.profile(profile("a1").build());
        for (int s = 0; s <= 600; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.runAndWait(run("a1", "r1", start, 2700, 7500).build());
        return single(h.summaries.readValuesToList());
    }

    @Test
    void aNewAthletesRunWaitsForTheFirstProfileRatherThanUseThePopulationDefault() {
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s <= 2700; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 2700, 7500).build());
        h.driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(h.summaries.isEmpty()).isTrue();

        h.profile(profile("a1").build());
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getMaxHrEstimated()).isFalse();
        assertThat(summary.getLoad()).isCloseTo(75.33, within(0.005));
    }

    @Test
    void aWatchedAndAWaitingRunDueInTheSameTickAreEachReleasedOnTheirOwnTerms() {
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        summarisedWithTenOfFortyFiveMinutesOfHeartRate(start);

        h.run(run("a1", "r2", start.plus(Duration.ofDays(1)), 1800, 5000).build());
        for (int s = 601; s <= 2700; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));

        Map<String, RunSummary> byRun = new java.util.HashMap<>();
        h.summaries.readValuesToList().forEach(summary -> byRun.put(summary.getRunId(), summary));
        assertThat(byRun.get("r1").getLoad())
                .as("r1 corrected by its synced samples")
                .isCloseTo(75.33, within(0.005));
        assertThat(byRun.get("r2").getLoadEstimated())
                .as("r2 released after its wait, without heart rate")
                .isTrue();
        assertThat(h.pendingRuns()).as("only r2 is still watched").containsExactly(StoreNames.composite("a1", "r2"));
    }

    @Test
    void watchedRunsAreCheckedASliceATickSoEveryOneIsReachedInTurn() {
        int athletes = ObservedRunProcessor.WATCHED_RUNS_PER_TICK + 20;
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int i = 0; i < athletes; i++) {
            String id = String.format("a%04d", i);
            h.profile(profile(id).build());
            h.run(run(id, "r1", start, 1800, 5000).build());
        }
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
        // Released RELEASED_PER_TICK a tick: 520 runs take five ticks.
        List<RunSummary> released = new ArrayList<>(h.summaries.readValuesToList());
        for (int tick = 1; tick < 5; tick++) {
            assertThat(released).hasSize(tick * ObservedRunProcessor.RELEASED_PER_TICK);
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            released.addAll(h.summaries.readValuesToList());
        }
        assertThat(released).hasSize(athletes);
        assertThat(h.pendingRuns()).hasSize(athletes);

        String last = String.format("a%04d", athletes - 1);
        for (int s = 0; s <= 1800; s++) {
            h.sample(sample(last, "r1", start.plusSeconds(s), 150));
        }
        // Ticks until the slice reaches the last athlete: at most two, since it holds one slice and a bit.
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        RunSummary corrected = single(h.summaries.readValuesToList());
        assertThat(corrected.getAthleteId()).isEqualTo(last);
        assertThat(corrected.getLoadEstimated()).isFalse();
        assertThat(h.pendingRuns()).hasSize(athletes - 1);
    }

    @Test
    void aWatchedRunIsSummarisedAgainOnlyIfMoreHeartRateCame() {
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        summarisedWithTenOfFortyFiveMinutesOfHeartRate(start);
        h.driver.advanceWallClockTime(TopologyHarness.LATE_HEART_RATE_WATCH);
        assertThat(h.summaries.isEmpty())
                .as("nothing new arrived during the watch")
                .isTrue();
        assertThat(h.pendingRuns()).isEmpty();

        h.runAndWait(run("a1", "r2", start.plus(Duration.ofDays(1)), 2700, 7500).build());
        h.summaries.readValuesToList();
        for (int s = 0; s <= 900; s++) {
            h.sample(sample("a1", "r2", start.plus(Duration.ofDays(1)).plusSeconds(s), 150));
        }
        h.driver.advanceWallClockTime(TopologyHarness.LATE_HEART_RATE_WATCH);
        RunSummary partial = single(h.summaries.readValuesToList());
        assertThat(partial.getRunId()).isEqualTo("r2");
        assertThat(partial.getHrCoverage()).isCloseTo(900 / 2700.0, within(1e-9));
    }

    @Test
    void storesHoldTheLatestSummaryWeekAndLedger() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        h.runAndWait(run("a1", "r1", start, 3000, 8000).build());
        h.runAndWait(run("a1", "r1", start, 3000, 8000)
                .setPlannedType(io.runload.avro.PlannedType.LONG)
                .build());
        org.apache.kafka.streams.state.KeyValueStore<String, RunSummary> summaries =
                h.driver.getKeyValueStore(StoreNames.RUN_SUMMARIES);
        assertThat(summaries.get(StoreNames.composite("a1", "r1")).getPlannedType())
                .isEqualTo(io.runload.avro.PlannedType.LONG);
        org.apache.kafka.streams.state.KeyValueStore<String, WeeklyVolume> weeks =
                h.driver.getKeyValueStore(StoreNames.WEEKLY_VOLUME);
        WeeklyVolume week = weeks.get(StoreNames.composite("a1", "2026-11-16"));
        assertThat(week.getRuns())
                .as("an update replaces the run, it does not add one")
                .isEqualTo(1);
        assertThat(week.getDistanceMeters()).isEqualTo(8000.0);
        org.apache.kafka.streams.state.KeyValueStore<String, io.runload.domain.TrainingLedger> ledgers =
                h.driver.getKeyValueStore(StoreNames.LEDGER);
        assertThat(ledgers.get("a1").latestDay()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(ledgers.get("a1").countedRuns()).hasSize(1);
    }

    @Test
    void aDaylightSavingSwitchMovesTheLocalDateAndWeek() {
        h.profile(profile("a1").setTimezone("Europe/Berlin").build());
        // 2026-03-29: Berlin springs forward at 02:00. 22:30 UTC that evening is 00:30 CEST (UTC+2) on
        // Monday the 30th, a new ISO week; at the winter offset (+1) it would still be Sunday.
        h.runAndWait(run("a1", "r1", Instant.parse("2026-03-29T22:30:00Z"), 1800, 5000)
                .build());
        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getLocalDate()).isEqualTo(LocalDate.of(2026, 3, 30));
        assertThat(single(h.weeks.readValuesToList()).getWeekStart()).isEqualTo(LocalDate.of(2026, 3, 30));
    }

    @Test
    void anAthleteWhoMovesTimeZoneGetsLocalDatesFromTheProfileOfEachDate() {
        h.profile(profile("a1")
                .setTimezone("Europe/Berlin")
                .setEffectiveFrom(LocalDate.of(2020, 1, 1))
                .build());
        h.profile(profile("a1")
                .setTimezone("Asia/Tokyo")
                .setEffectiveFrom(LocalDate.of(2026, 11, 18))
                .build());
        // Before the move: 20:00 UTC on the 16th is 21:00 in Berlin, the 16th.
        h.runAndWait(run("a1", "before", Instant.parse("2026-11-16T20:00:00Z"), 1800, 5000)
                .build());
        // After: 16:30 UTC on Sunday the 22nd is 01:30 on Monday the 23rd in Tokyo, a new week.
        h.runAndWait(run("a1", "after", Instant.parse("2026-11-22T16:30:00Z"), 1800, 5000)
                .build());
        List<RunSummary> summaries = h.summaries.readValuesToList();
        assertThat(summaries)
                .extracting(RunSummary::getRunId, RunSummary::getLocalDate, RunSummary::getTimezone)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("before", LocalDate.of(2026, 11, 16), "Europe/Berlin"),
                        org.assertj.core.groups.Tuple.tuple("after", LocalDate.of(2026, 11, 23), "Asia/Tokyo"));
        List<WeeklyVolume> weeks = h.weeks.readValuesToList();
        assertThat(weeks.get(weeks.size() - 1).getWeekStart()).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void duplicateSamplesAreDroppedAndCounted() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s <= 600; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        for (int s = 595; s <= 600; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 600, 2000).build());
        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getTimeInZoneSec()).containsExactly(0, 600, 0, 0, 0);
        assertThat(h.metric("runload.duplicates", "kind", "hr_sample")).isEqualTo(6.0);
    }

    @Test
    void aRunWithoutHeartRateGetsAnEstimatedLoadNotZero() {
        h.profile(profile("a1").build());
        h.runAndWait(run("a1", "r1", Instant.parse("2026-11-20T07:00:00Z"), 3000, 8000)
                .build());
        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getLoadEstimated()).isTrue();
        // No easy history yet: the documented default of 1.449 TRIMP per minute, for 50 minutes.
        assertThat(summary.getLoad()).isCloseTo(50 * 1.449082, within(0.001));
        assertThat(summary.getQualityFlags()).contains("NO_HR");
    }

    @Test
    void aRunBeyondTheGracePeriodGoesToTheDeadLetterTopicAsLate() {
        h.profile(profile("a1").build());
        h.runAndWait(run("a1", "r1", Instant.parse("2026-11-20T07:00:00Z"), 3000, 8000)
                .build());
        h.runAndWait(run("a1", "r0", Instant.parse("2026-11-10T07:00:00Z"), 3000, 8000)
                .build());
        h.runAndWait(run("a1", "r2", Instant.parse("2026-11-15T07:00:00Z"), 3000, 8000)
                .build());
        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "runload.dlq.reason")).isEqualTo("late");
        assertThat(h.metric("runload.late.records", "input", "runs")).isEqualTo(1.0);
        assertThat(h.summaries.readValuesToList())
                .extracting(RunSummary::getRunId)
                .containsExactly("r1", "r2");
    }

    @Test
    void aLateRunInsideTheGraceRepublishesEveryAffectedWeek() {
        h.profile(profile("a1").build());
        h.runAndWait(run("a1", "r1", Instant.parse("2026-11-24T07:00:00Z"), 3000, 8000)
                .build());
        h.weeks.readValuesToList();
        // 5 days late: the previous week changes, and the current week's chain values with it.
        h.runAndWait(run("a1", "r0", Instant.parse("2026-11-19T07:00:00Z"), 3000, 10000)
                .build());
        Map<LocalDate, WeeklyVolume> weeks = h.weeks.readValuesToList().stream()
                .collect(Collectors.toMap(WeeklyVolume::getWeekStart, w -> w, (a, b) -> b));
        assertThat(weeks).containsOnlyKeys(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 23));
        assertThat(weeks.get(LocalDate.of(2026, 11, 16)).getDistanceMeters()).isEqualTo(10000.0);
        assertThat(weeks.get(LocalDate.of(2026, 11, 23)).getPreviousWeekDistanceMeters())
                .isEqualTo(10000.0);
        assertThat(weeks.get(LocalDate.of(2026, 11, 23)).getWeekOverWeekChangePct())
                .isCloseTo(-20.0, within(1e-9));
    }

    @Test
    void theSameRunFromTwoSourcesCountsOnceAndADeleteRemovesIt() {
        h.profile(profile("a1").build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        for (int s = 0; s <= 3000; s += 2) {
            h.sample(sample("a1", "g1", start.plusSeconds(s), 140));
        }
        h.run(run("a1", "g1", start, 3000, 10000)
                .setSource("garmin")
                .setExternalId("garmin-1")
                .build());
        h.runAndWait(run("a1", "s1", start.plusSeconds(40), 3050, 10100)
                .setSource("strava")
                .setExternalId("strava-9")
                .build());
        List<RunSummary> summaries = h.summaries.readValuesToList();
        RunSummary last = summaries.get(summaries.size() - 1);
        assertThat(last.getRunId()).isEqualTo("s1");
        assertThat(last.getStatus()).isEqualTo(RunStatus.DUPLICATE);
        assertThat(last.getDuplicateOf()).isEqualTo("g1");
        List<WeeklyVolume> weeks = h.weeks.readValuesToList();
        assertThat(weeks.get(weeks.size() - 1).getRuns()).isEqualTo(1);
        assertThat(weeks.get(weeks.size() - 1).getDistanceMeters()).isEqualTo(10000.0);

        // Deleting the kept upload brings the other one back into the count.
        h.run(run("a1", "g1", start, 3000, 10000)
                .setSource("garmin")
                .setExternalId("garmin-1")
                .setOp(RunOp.DELETE)
                .build());
        List<RunSummary> after = h.summaries.readValuesToList();
        assertThat(after)
                .extracting(RunSummary::getRunId, RunSummary::getStatus)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("g1", RunStatus.DELETED),
                        org.assertj.core.groups.Tuple.tuple("s1", RunStatus.COUNTED));
        List<WeeklyVolume> weeksAfter = h.weeks.readValuesToList();
        assertThat(weeksAfter.get(weeksAfter.size() - 1).getDistanceMeters()).isEqualTo(10100.0);
    }

    @Test
    void weeksAreCalendarWeeksInTheAthletesOwnZone() {
        h.profile(profile("a1").setTimezone("America/New_York").build());
        // Sunday 2026-11-22 23:30 in New York is Monday 04:30 UTC: it belongs to the week of Mon 16th.
        Instant sundayNight = Instant.parse("2026-11-23T04:30:00Z");
        h.runAndWait(run("a1", "r1", sundayNight, 1800, 5000).build());
        RunSummary summary = single(h.summaries.readValuesToList());
        assertThat(summary.getLocalDate()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(summary.getTimezone()).isEqualTo("America/New_York");
        assertThat(single(h.weeks.readValuesToList()).getWeekStart()).isEqualTo(LocalDate.of(2026, 11, 16));
    }

    @Test
    void sundayStartWeeksFollowTheProfile() {
        h.profile(profile("a1").setWeekStart(io.runload.avro.WeekStart.SUNDAY).build());
        h.runAndWait(run("a1", "r1", Instant.parse("2026-11-22T09:00:00Z"), 1800, 5000)
                .build());
        assertThat(single(h.weeks.readValuesToList()).getWeekStart()).isEqualTo(LocalDate.of(2026, 11, 22));
    }

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
