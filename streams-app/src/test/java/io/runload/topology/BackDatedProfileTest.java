package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.IntensityClass;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.RunHeartRateRecord;
import io.runload.state.RunHeartRateRecordCodec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A profile version effective before runs already summarised scores those runs again, through the
 * ledger like corrected uploads: their summaries, their weeks and every later week are published
 * again, alerts follow, and runs the version does not reach, or that have left the ledger window,
 * are left alone.
 *
 * <p>Every run is 45 minutes at a constant 150 bpm (2701 samples a second apart: 2700 credited
 * seconds). Hand figures, male Banister TRIMP, rest 60 (see RunHeartRateRecordTest):
 * max 190: 45 x 90/130 x 0.64 x e^(1.92 x 90/130) = 75.330, Z2, easy (below 60 + 0.7 x 130 = 151);
 * max 185: 45 x 0.72 x 0.64 x e^(1.92 x 0.72) = 82.622, Z3, not easy (at or above 60 + 0.7 x 125 = 147.5).
 */
class BackDatedProfileTest {
    private static final double AT_190 = 75.330;
    private static final double AT_185 = 82.622;
    private static final Instant NOW = Instant.parse("2026-11-12T12:00:00Z");
    /** Older than the window once the November runs arrive: 2026-11-11 - 55 days = 2026-09-17. */
    private static final String OLD = "r-sep01";
    /** In the window, before the version's effective date 2026-11-01. */
    private static final String BEFORE = "r-oct28";

    private static final Map<String, Instant> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put(OLD, Instant.parse("2026-09-01T07:00:00Z"));
        RUNS.put(BEFORE, Instant.parse("2026-10-28T07:00:00Z"));
        // Week 1 (Monday 2026-11-02) and week 2 (Monday 2026-11-09).
        RUNS.put("r-nov02", Instant.parse("2026-11-02T07:00:00Z"));
        RUNS.put("r-nov04", Instant.parse("2026-11-04T07:00:00Z"));
        RUNS.put("r-nov09", Instant.parse("2026-11-09T07:00:00Z"));
        RUNS.put("r-nov11", Instant.parse("2026-11-11T07:00:00Z"));
    }

    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aLowerMaxHeartRateEffectiveBeforeTwoWeeksScoresBothWeeksAgain() {
        h.profile(profile("ann").build());
        RUNS.forEach(this::steadyRun);
        Map<String, RunSummary> before = latestSummaries();
        assertThat(before).containsOnlyKeys(RUNS.keySet());
        before.values().forEach(s -> assertThat(s.getLoad()).isCloseTo(AT_190, within(0.001)));
        Map<LocalDate, WeeklyVolume> weeksBefore = latestWeeks();
        assertThat(h.alerts.readValuesToList())
                .extracting(AthleteAlert::getType)
                .doesNotContain(AlertType.EASY_EFFORT_DRIFT);
        KeyValueStore<String, byte[]> records = h.driver.getKeyValueStore(StoreNames.RUN_HEART_RATE_RECORD);
        assertThat(records.get(StoreNames.composite("ann", OLD)))
                .as("the September run's record left the store with the window")
                .isNull();
        assertThat(records.get(StoreNames.composite("ann", BEFORE))).isNotNull();

        h.profile(profile("ann")
                .setMaxHr(185)
                .setEffectiveFrom(LocalDate.of(2026, 11, 1))
                .build());

        Map<String, RunSummary> after = latestSummaries();
        assertThat(after).containsOnlyKeys("r-nov02", "r-nov04", "r-nov09", "r-nov11");
        for (RunSummary s : after.values()) {
            assertThat(s.getLoad()).as(s.getRunId()).isCloseTo(AT_185, within(0.001));
            assertThat(s.getTimeInZoneSec()).containsExactly(0, 0, 2700, 0, 0);
            assertThat(s.getIntensity()).isEqualTo(IntensityClass.MODERATE);
            assertThat(s.getLocalDate()).isEqualTo(before.get(s.getRunId()).getLocalDate());
        }

        Map<LocalDate, WeeklyVolume> weeks = latestWeeks();
        LocalDate week1 = LocalDate.of(2026, 11, 2);
        LocalDate week2 = LocalDate.of(2026, 11, 9);
        assertThat(weeks).as("the October week is not touched").containsOnlyKeys(week1, week2);
        // Two runs a week: 2 x 75.330 = 150.660 before, 2 x 82.622 = 165.243 after.
        assertThat(weeksBefore.get(week1).getLoad()).isCloseTo(150.660, within(0.002));
        assertThat(weeks.get(week1).getLoad()).isCloseTo(165.243, within(0.002));
        assertThat(weeks.get(week2).getLoad()).isCloseTo(165.243, within(0.002));
        // CTL_t = CTL_(t-1) + (load_t - CTL_(t-1)) x g, g = 1 - e^(-1/42) = 0.0235283, is linear in
        // the loads: each run's extra 82.622 - 75.330 = 7.2914 adds 7.2914 x g x e^(-days/42) by asOf.
        //   week 1, as of Sunday 11-08: runs 6 and 4 days before:
        //     7.2914 x 0.0235283 x (0.866878 + 0.909156) = 0.30469
        //   week 2, as of the latest day 11-11: runs 9, 7, 2 and 0 days before:
        //     7.2914 x 0.0235283 x (0.807118 + 0.846482 + 0.953497 + 1) = 0.61881
        assertThat(weeks.get(week1).getCtl() - weeksBefore.get(week1).getCtl()).isCloseTo(0.30469, within(1e-4));
        assertThat(weeks.get(week2).getCtl() - weeksBefore.get(week2).getCtl()).isCloseTo(0.61881, within(1e-4));
        // No HR time was easy in either week any more: 0 % < 80 % over 90 minutes of heart rate.
        assertThat(weeks.get(week1).getEasyShare()).isEqualTo(0.0);
        // The runs go to the ledger one at a time, like corrected uploads: a week is first judged
        // with one run re-scored (50 % easy), then again with both (0 %). The latest record counts.
        Map<String, AthleteAlert> drift = new LinkedHashMap<>();
        h.alerts.readValuesToList().stream()
                .filter(a -> a.getType() == AlertType.EASY_EFFORT_DRIFT)
                .forEach(a -> drift.put(a.getPeriod(), a));
        assertThat(drift).containsOnlyKeys("2026-W45", "2026-W46");
        for (AthleteAlert alert : drift.values()) {
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.ACTIVE);
            assertThat(alert.getEvidence().get("easySharePct")).isEqualTo(0.0);
        }
        assertThat(h.deadLetters.isEmpty()).isTrue();

        // Reaching back to August now also covers the October run; the November runs are scored
        // with max 185 already, so they publish nothing, and the September run has left the window.
        h.profile(profile("ann")
                .setMaxHr(185)
                .setEffectiveFrom(LocalDate.of(2026, 8, 1))
                .build());
        Map<String, RunSummary> reachedBack = latestSummaries();
        assertThat(reachedBack).containsOnlyKeys(BEFORE);
        assertThat(reachedBack.get(BEFORE).getLoad()).isCloseTo(AT_185, within(0.001));
        assertThat(latestWeeks())
                .as("the October run's week and every later one")
                .containsOnlyKeys(LocalDate.of(2026, 10, 26), week1, week2);
        h.alerts.readRecordsToList();

        // The same version again changes no run: nothing is published.
        h.profile(profile("ann")
                .setMaxHr(185)
                .setEffectiveFrom(LocalDate.of(2026, 8, 1))
                .build());
        assertThat(h.summaries.isEmpty() && h.weeks.isEmpty() && h.alerts.isEmpty())
                .isTrue();
    }

    @Test
    void aRestingHeartRateOrZoneModelCorrectionScoresTheRunsAgainToo() {
        h.profile(profile("ann").build());
        RUNS.forEach(this::steadyRun);
        latestSummaries();
        h.weeks.readRecordsToList();
        h.alerts.readRecordsToList();

        // Rest 50, max 190: HRr = (150-50)/140 = 0.714286,
        //   TRIMP = 45 x 0.714286 x 0.64 x e^(1.92 x 0.714286) = 20.571429 x e^1.371429 = 20.571429 x 3.940977
        //         = 81.072
        h.profile(profile("ann")
                .setRestingHr(50)
                .setEffectiveFrom(LocalDate.of(2026, 11, 1))
                .build());
        Map<String, RunSummary> rest = latestSummaries();
        assertThat(rest).containsOnlyKeys("r-nov02", "r-nov04", "r-nov09", "r-nov11");
        rest.values().forEach(s -> assertThat(s.getLoad()).isCloseTo(81.072, within(0.001)));

        // Karvonen with rest 50 put 150 bpm in Z3 (0.714), not easy. Friel zones from LTHR 170:
        // 150/170 = 88.2 % is Z2 (85-89 %) and easy (below 89 %); TRIMP does not read the zone model,
        // so the load stays 81.072 and only zones and intensity change.
        h.profile(profile("ann")
                .setRestingHr(50)
                .setLthr(170)
                .setZoneModel(io.runload.avro.ZoneModel.LTHR_FRIEL)
                .setEffectiveFrom(LocalDate.of(2026, 11, 1))
                .build());
        Map<String, RunSummary> friel = latestSummaries();
        assertThat(friel).containsOnlyKeys("r-nov02", "r-nov04", "r-nov09", "r-nov11");
        for (RunSummary s : friel.values()) {
            assertThat(s.getLoad()).isCloseTo(81.072, within(0.001));
            assertThat(s.getTimeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
            assertThat(s.getIntensity()).isEqualTo(IntensityClass.EASY);
        }
    }

    @Test
    void aNewTimeZoneMovesALateEveningRunToItsLocalDate() {
        h.profile(profile("ann").build());
        RUNS.forEach(this::steadyRun);
        // 23:30 UTC on Sunday 11-08 is Monday 11-09 00:30 in Berlin: the run moves into week 2.
        steadyRun("r-late", Instant.parse("2026-11-08T23:30:00Z"));
        latestSummaries();
        h.weeks.readRecordsToList();

        h.profile(profile("ann")
                .setTimezone("Europe/Berlin")
                .setEffectiveFrom(LocalDate.of(2026, 11, 1))
                .build());
        Map<String, RunSummary> moved = latestSummaries();
        assertThat(moved.get("r-late").getLocalDate()).isEqualTo(LocalDate.of(2026, 11, 9));
        assertThat(moved.get("r-late").getTimezone()).isEqualTo("Europe/Berlin");
        Map<LocalDate, WeeklyVolume> weeks = latestWeeks();
        // Week 1 keeps its two runs; week 2 has its two and the moved one.
        assertThat(weeks.get(LocalDate.of(2026, 11, 2)).getRuns()).isEqualTo(2);
        assertThat(weeks.get(LocalDate.of(2026, 11, 9)).getRuns()).isEqualTo(3);
        KeyValueStore<String, byte[]> records = h.driver.getKeyValueStore(StoreNames.RUN_HEART_RATE_RECORD);
        RunHeartRateRecord late =
                RunHeartRateRecordCodec.fromBytes(records.get(StoreNames.composite("ann", "r-late")), "ann", "r-late");
        assertThat(late.event().getRunId()).isEqualTo("r-late");
        assertThat(late.localDate()).isEqualTo(LocalDate.of(2026, 11, 9));
    }

    @Test
    void aProfileArrivingAfterRunsScoredWithTheDefaultScoresThemAgain() {
        // No profile yet: after the wait the runs are scored with the population default.
        RUNS.forEach(this::steadyRun);
        latestSummaries();
        h.profile(profile("ann").setEffectiveFrom(LocalDate.of(2020, 1, 1)).build());
        Map<String, RunSummary> scored = latestSummaries();
        assertThat(scored).containsKeys(BEFORE, "r-nov02", "r-nov04", "r-nov09", "r-nov11");
        scored.values().forEach(s -> assertThat(s.getLoad()).isCloseTo(AT_190, within(0.001)));
    }

    /** 45 minutes at 150 bpm, then its run event and the wait for late heart rate. */
    private void steadyRun(String runId, Instant start) {
        for (int s = 0; s <= 2700; s++) {
            h.sample(sample("ann", runId, start.plusSeconds(s), 150));
        }
        h.runAndWait(run("ann", runId, start, 2700, 8100).build());
    }

    private Map<String, RunSummary> latestSummaries() {
        Map<String, RunSummary> latest = new LinkedHashMap<>();
        h.summaries.readValuesToList().forEach(s -> latest.put(s.getRunId(), s));
        return latest;
    }

    private Map<LocalDate, WeeklyVolume> latestWeeks() {
        Map<LocalDate, WeeklyVolume> latest = new LinkedHashMap<>();
        h.weeks.readValuesToList().forEach(w -> latest.put(w.getWeekStart(), w));
        return latest;
    }
}
