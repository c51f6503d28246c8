package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    /** A Monday; ISO week 2026-W45. */
    private static final LocalDate D = LocalDate.of(2026, 11, 2);

    // ---- single-run spike ----

    private static Optional<AlertCandidate> spikeAfterTenKm(double meters) {
        TrainingLedger ledger = new TrainingLedger();
        // A short run 20 days before the candidate gives the two weeks of history the rule needs.
        ledger.upsert(run("first", D.minusDays(10)).distance(5_000).build());
        ledger.upsert(run("prev", D).distance(10_000).build());
        LedgerRun candidate = run("new", D.plusDays(10)).distance(meters).build();
        ledger.upsert(candidate);
        return AlertRules.singleRunSpike(ledger, candidate);
    }

    @Test
    void singleRunSpikeBandsFollowTheGarminRunsafeHazardRatios() {
        // Every case is against a 10 km longest run; increase = (d - 10000) * 100 / 10000.
        // 11.000 km: 1000 * 100 / 10000 = 10.0%, not more than 10%: the study's reference band
        assertThat(spikeAfterTenKm(11_000)).isEmpty();

        // 11.010 km: 10.1% -> small spike, WARNING, HRR 1.64
        AlertCandidate small = spikeAfterTenKm(11_010).orElseThrow();
        assertThat(small.type()).isEqualTo(AlertType.VOLUME_SPIKE);
        assertThat(small.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(small.period()).isEqualTo("new");
        assertThat(small.runId()).isEqualTo("new");
        assertThat(small.evidence().get("increasePct")).isCloseTo(10.1, within(1e-9));
        assertThat(small.evidence())
                .containsEntry("hazardRateRatio", 1.64)
                .containsEntry("longestPrevious30DaysMeters", 10_000.0);
        assertThat(small.message())
                .contains("(11.01 km) was 10.1% longer")
                .contains("(10.00 km)")
                .contains("runs 10-30% longer")
                .contains("1.64 times")
                .contains("Keep the next few days easy");
        AlertBasis basis = small.basis();
        assertThat(basis.ruleId()).isEqualTo("single-run-spike");
        assertThat(basis.ruleVersion()).isEqualTo(1);
        assertThat(basis.threshold()).isEqualTo(10.0);
        assertThat(basis.measuredValue()).isCloseTo(10.1, within(1e-9));
        assertThat(basis.unit()).isEqualTo("percent");
        assertThat(basis.doi()).isEqualTo("10.1136/bjsports-2024-109380");
        assertThat(basis.source())
                .contains("Frandsen")
                .contains("Br J Sports Med")
                .contains("2025");
        assertThat(basis.grade()).isEqualTo(EvidenceGrade.A);

        // 13.000 km: exactly 30.0% is still the small band
        AlertCandidate thirty = spikeAfterTenKm(13_000).orElseThrow();
        assertThat(thirty.evidence()).containsEntry("hazardRateRatio", 1.64);
        assertThat(thirty.basis().threshold()).isEqualTo(10.0);

        // 13.010 km: 3010 * 100 / 10000 = 30.1% -> moderate spike, WARNING, HRR 1.52
        AlertCandidate moderate = spikeAfterTenKm(13_010).orElseThrow();
        assertThat(moderate.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(moderate.evidence()).containsEntry("hazardRateRatio", 1.52);
        assertThat(moderate.basis().threshold()).isEqualTo(30.0);
        assertThat(moderate.message())
                .contains("30.1% longer")
                .contains("runs 30-100% longer")
                .contains("1.52 times");

        // 20.000 km: exactly 100.0% is still moderate
        AlertCandidate hundred = spikeAfterTenKm(20_000).orElseThrow();
        assertThat(hundred.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(hundred.evidence()).containsEntry("hazardRateRatio", 1.52);

        // 20.010 km: 10010 * 100 / 10000 = 100.1% -> large spike, CRITICAL, HRR 2.28
        AlertCandidate large = spikeAfterTenKm(20_010).orElseThrow();
        assertThat(large.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(large.evidence()).containsEntry("hazardRateRatio", 2.28);
        assertThat(large.basis().threshold()).isEqualTo(100.0);
        assertThat(large.message())
                .contains("100.1% longer")
                .contains("runs more than 100% longer")
                .contains("2.28 times");
    }

    @Test
    void aSpikeJustPastTheThresholdNeverPrintsAsTheThreshold() {
        // 11.001 km on 10 km: 1001 * 100 / 10000 = 10.01%. One decimal would print "10.0%", and
        // 11.00 km on 10.00 km reads as exactly 10%: both would contradict "more than 10%".
        AlertCandidate spike = spikeAfterTenKm(11_001).orElseThrow();
        assertThat(spike.message())
                .contains("This run (11.001 km) was 10.01% longer")
                .contains("(10.000 km)");
    }

    @Test
    void singleRunSpikeLooksBackThirtyDaysOnly() {
        TrainingLedger ledger = new TrainingLedger();
        LocalDate day = D.plusDays(40);
        ledger.upsert(run("old-long", day.minusDays(31)).distance(30_000).build()); // outside 30 days
        ledger.upsert(run("edge", day.minusDays(30)).distance(10_000).build()); // exactly 30 days: inside
        LedgerRun candidate = run("new", day).distance(11_500).build();
        ledger.upsert(candidate);
        assertThat(AlertRules.singleRunSpike(ledger, candidate).orElseThrow().evidence())
                .containsEntry("longestPrevious30DaysMeters", 10_000.0);

        TrainingLedger first = new TrainingLedger();
        LedgerRun only = run("only", D).distance(42_000).build();
        first.upsert(only);
        assertThat(AlertRules.singleRunSpike(first, only)).isEmpty();
    }

    @Test
    void singleRunSpikeWaitsForTwoWeeksOfHistory() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("first", D).distance(5_000).build());
        LedgerRun thirteenDaysIn = run("day13", D.plusDays(13)).distance(9_000).build();
        ledger.upsert(thirteenDaysIn);
        assertThat(AlertRules.singleRunSpike(ledger, thirteenDaysIn)).isEmpty();
        LedgerRun fourteenDaysIn = run("day14", D.plusDays(14)).distance(12_000).build();
        ledger.upsert(fourteenDaysIn);
        // 12 km on the 9 km longest of the previous 30 days: 33% -> WARNING
        assertThat(AlertRules.singleRunSpike(ledger, fourteenDaysIn)
                        .orElseThrow()
                        .evidence())
                .containsEntry("longestPrevious30DaysMeters", 9_000.0);
    }

    // ---- week over week ----

    private static Optional<AlertCandidate> weekAfterFortyKm(double meters) {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("w1", D).distance(40_000).build());
        ledger.upsert(run("w2", D.plusDays(7)).distance(meters).build());
        return AlertRules.weekOverWeek(ledger.week(D.plusDays(7), D.plusDays(7)));
    }

    @Test
    void weekOverWeekIsDescriptiveInfoAtAnySize() {
        // 44 km on 40 km: 4 * 100 / 40 = 10%, not above 10%
        assertThat(weekAfterFortyKm(44_000)).isEmpty();
        // 44.4 km: 4.4 * 100 / 40 = 11% -> INFO
        AlertCandidate info = weekAfterFortyKm(44_400).orElseThrow();
        assertThat(info.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(info.period()).isEqualTo("2026-W46");
        assertThat(info.runId()).isNull();
        assertThat(info.message()).contains("44.4 km this week, 11.0% more than last week's 40.0 km");
        assertThat(info.basis().ruleId()).isEqualTo("weekly-volume-change");
        assertThat(info.basis().ruleVersion()).isEqualTo(2);
        assertThat(info.basis().threshold()).isEqualTo(10.0);
        assertThat(info.basis().grade()).isEqualTo(EvidenceGrade.C);
        // 52.4 km: 12.4 * 100 / 40 = 31%: still INFO, since the week-to-week ratio showed no link
        // to injury in Garmin-RUNSAFE; 80 km (+100%) likewise
        AlertCandidate big = weekAfterFortyKm(52_400).orElseThrow();
        assertThat(big.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(big.evidence().get("weekOverWeekChangePct")).isCloseTo(31.0, within(1e-9));
        assertThat(weekAfterFortyKm(80_000).orElseThrow().severity()).isEqualTo(AlertSeverity.INFO);
        for (AlertCandidate c : List.of(info, big)) {
            assertThat(c.message())
                    .doesNotContainIgnoringCase("injury risk")
                    .doesNotContainIgnoringCase("risk")
                    .contains("for your information");
        }
    }

    @Test
    void aWeekJustPastTenPercentNeverPrintsAsTenPercent() {
        // 44.004 km on 40 km: 4.004 * 100 / 40 = 10.01%; "44.0 km, 10% more than 40.0 km" would
        // contradict the more-than-10% rule, so both the percentage and the distances gain digits.
        AlertCandidate info = weekAfterFortyKm(44_004).orElseThrow();
        assertThat(info.message()).contains("44.004 km this week, 10.01% more than last week's 40.000 km");
    }

    @Test
    void noWeekOverWeekAlertWithoutAPreviousWeek() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("w2", D.plusDays(7)).distance(50_000).build());
        assertThat(AlertRules.weekOverWeek(ledger.week(D.plusDays(7), D.plusDays(7))))
                .isEmpty();
    }

    // ---- ACWR ----

    private static TrainingLedger loads(double... daily) {
        TrainingLedger ledger = new TrainingLedger();
        for (int i = 0; i < daily.length; i++) {
            if (daily[i] > 0) {
                ledger.upsert(run("d" + i, D.plusDays(i)).load(daily[i]).build());
            }
        }
        return ledger;
    }

    private static double[] repeat(int days, double load, double... then) {
        double[] out = new double[days + then.length];
        java.util.Arrays.fill(out, 0, days, load);
        System.arraycopy(then, 0, out, days, then.length);
        return out;
    }

    private static WeeklyTotals weekEndingLatest(TrainingLedger ledger) {
        LocalDate latest = ledger.latestDay();
        return ledger.week(WeekCalendar.weekStart(latest, DayOfWeek.MONDAY), latest);
    }

    @Test
    void acwrHighNeedsAChronicBase() {
        // 35 days of 40 then 7 of 120: acute ~ 120 - 80 * 0.75^7 = 109.32,
        // chronic ~ 40 + 80 * (1 - (27/29)^7) = 69.50 -> ratio 1.5730 >= 1.5
        TrainingLedger based = loads(repeat(35, 40, 120, 120, 120, 120, 120, 120, 120));
        AlertCandidate high =
                AlertRules.acwrHigh(based, weekEndingLatest(based)).orElseThrow();
        assertThat(high.type()).isEqualTo(AlertType.ACWR_HIGH);
        assertThat(high.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(high.evidence().get("acwr")).isCloseTo(1.5730, within(1e-3));
        assertThat(high.message()).contains("1.57 times").doesNotContainIgnoringCase("injury risk");
        assertThat(high.basis().ruleId()).isEqualTo("acwr");
        assertThat(high.basis().threshold()).isEqualTo(1.5);
        assertThat(high.basis().measuredValue()).isCloseTo(1.5730, within(1e-3));
        assertThat(high.basis().source()).contains("Impellizzeri").contains("Lolli");
        assertThat(high.basis().grade()).isEqualTo(EvidenceGrade.C);

        // a single first run has a ratio of 3.625 but no history: no alert
        TrainingLedger cold = loads(100);
        assertThat(weekEndingLatest(cold).acwr()).isCloseTo(3.625, within(1e-9));
        assertThat(AlertRules.acwrHigh(cold, weekEndingLatest(cold))).isEmpty();

        // 30 days of 2 then 7 of 8: ratio ~ 7.20 / 4.22 = 1.71 but chronic under the floor of 10
        TrainingLedger tiny = loads(repeat(30, 2, 8, 8, 8, 8, 8, 8, 8));
        assertThat(weekEndingLatest(tiny).acwr()).isGreaterThan(1.5);
        assertThat(AlertRules.acwrHigh(tiny, weekEndingLatest(tiny))).isEmpty();
    }

    // ---- recovery deficit ----

    @Test
    void recoveryDeficitOnMonotonyAlone() {
        // 7 days of 25: SD 0 -> monotony capped at 10 (> 2), strain 175 * 10 = 1750.
        // 25 < 30 makes every day light; ATL = 25 * (1 - e^(-1)) = 15.80 and CTL the day before
        // = 25 * (1 - e^(-6/42)) = 3.33, ATL the day before = 25 * (1 - e^(-6/7)) = 14.39,
        // so TSB = 3.33 - 14.39 = -11.06, above -30.
        TrainingLedger ledger = loads(25, 25, 25, 25, 25, 25, 25);
        AlertCandidate deficit =
                AlertRules.recoveryDeficit(ledger, weekEndingLatest(ledger)).orElseThrow();
        assertThat(deficit.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(deficit.period()).isEqualTo("2026-W45");
        assertThat(deficit.evidence()).containsOnlyKeys("monotony", "strain");
        assertThat(deficit.evidence().get("strain")).isCloseTo(1750.0, within(1e-9));
        assertThat(deficit.message()).contains("monotony 10.0, above 2").contains("rest day");
        assertThat(deficit.basis().ruleId()).isEqualTo("recovery-deficit-monotony");
        assertThat(deficit.basis().threshold()).isEqualTo(2.0);
        assertThat(deficit.basis().measuredValue()).isEqualTo(10.0);
    }

    @Test
    void monotonyJustAboveTwoPrintsAboveTwo() {
        // 40 x 6 then 111: mean = 351 / 7 = 50.142857; deviations -10.142857 (x6) and 60.857143;
        // variance = (6 * 102.877551 + 3703.591837) / 7 = 617.265306, SD 24.845026;
        // monotony = 50.142857 / 24.845026 = 2.018242 (> 2), which one decimal would print as "2.0".
        // Days 1..6 are all >= 30: a streak of 6, under 7; no TSB before 28 days of history.
        TrainingLedger ledger = loads(40, 40, 40, 40, 40, 40, 111);
        WeeklyTotals week = weekEndingLatest(ledger);
        assertThat(week.monotony()).isCloseTo(2.018242, within(1e-6));
        AlertCandidate deficit = AlertRules.recoveryDeficit(ledger, week).orElseThrow();
        assertThat(deficit.message()).contains("monotony 2.02, above 2");
    }

    @Test
    void recoveryDeficitOnDaysWithoutALightDay() {
        // 28 days alternating 20 (light, < 30) and 60, then 30,90,30,90,30,90,30:
        // the last 7 days and the 60 before them are all >= max(30, 0.2 * CTL ~ 5): 8 days.
        // Monotony of the last 7: mean 55.71, SD 29.69 -> 1.876 (not > 2); TSB -28.02 (not < -30).
        double[] daily = new double[35];
        for (int i = 0; i < 28; i++) {
            daily[i] = i % 2 == 0 ? 20 : 60;
        }
        double[] last = {30, 90, 30, 90, 30, 90, 30};
        System.arraycopy(last, 0, daily, 28, 7);
        TrainingLedger ledger = loads(daily);
        WeeklyTotals week = weekEndingLatest(ledger);
        assertThat(week.monotony()).isCloseTo(1.876388, within(1e-6));
        assertThat(week.tsb()).isCloseTo(-28.019552, within(1e-6));
        AlertCandidate deficit = AlertRules.recoveryDeficit(ledger, week).orElseThrow();
        assertThat(deficit.evidence()).containsOnlyKeys("daysWithoutLightDay");
        assertThat(deficit.evidence().get("daysWithoutLightDay")).isEqualTo(8.0);
        assertThat(deficit.basis().ruleId()).isEqualTo("recovery-deficit-no-light-day");
        assertThat(deficit.basis().threshold()).isEqualTo(7.0);
        assertThat(deficit.basis().measuredValue()).isEqualTo(8.0);
        assertThat(deficit.basis().unit()).isEqualTo("days");
        assertThat(deficit.message()).contains("8 days without a light or rest day");
    }

    @Test
    void recoveryDeficitOnNegativeTsb() {
        // 0,300,0,300,0,300,0. The day before the last, with a = e^(-1/7) = 0.866878 and
        // c = e^(-1/42) = 0.976471:
        // ATL = 300 * (1 - a) * (a^4 + a^2 + 1) = 39.9366 * 2.31618 = 92.50
        // CTL = 300 * (1 - c) * (c^4 + c^2 + 1) = 7.05849 * 2.86264 = 20.206
        // TSB = 20.206 - 92.50 = -72.295 (< -30), -72.295 / 20.206 = -357.8% of CTL.
        // Rest days are light and monotony is 128.57 / 148.46 = 0.866.
        TrainingLedger ledger = loads(0, 300, 0, 300, 0, 300, 0);
        ledger.advanceTo(D.plusDays(6));
        // A new athlete: CTL has had no time to build, so the -30 band is not trusted yet.
        assertThat(AlertRules.recoveryDeficit(ledger, weekEndingLatest(ledger))).isEmpty();
        // With four weeks of (zero-load, so chain-neutral) history before, it is.
        ledger.upsert(run("history", D.minusDays(27)).load(0).build());
        AlertCandidate deficit =
                AlertRules.recoveryDeficit(ledger, weekEndingLatest(ledger)).orElseThrow();
        assertThat(deficit.evidence()).containsOnlyKeys("tsb", "ctl", "tsbPctOfCtl");
        assertThat(deficit.evidence().get("tsb")).isCloseTo(-72.295, within(1e-3));
        assertThat(deficit.evidence().get("ctl")).isCloseTo(20.206, within(1e-3));
        assertThat(deficit.evidence().get("tsbPctOfCtl")).isCloseTo(-357.8, within(0.1));
        assertThat(deficit.message())
                .contains("your form (TSB) is -72.3, below -30")
                .doesNotContain("well below");
        assertThat(deficit.basis().ruleId()).isEqualTo("recovery-deficit-tsb");
        assertThat(deficit.basis().threshold()).isEqualTo(-30.0);
        assertThat(deficit.basis().measuredValue()).isCloseTo(-72.295, within(1e-3));
    }

    @Test
    void aTsbJustBelowMinusThirtyPrintsBelowMinusThirty() {
        // One day of load 274 on D+5 after four weeks of zero-load history. With a = e^(-1/7) =
        // 0.866878 and c = e^(-1/42) = 0.976472: CTL(D+5) = 274 * (1 - c) = 6.446758,
        // ATL(D+5) = 274 * (1 - a) = 36.475456, so TSB(D+6) = 274 * (a - c) = -30.028698 (< -30).
        // One decimal would print "-30.0", which is not below -30. Monotony is sqrt(6)/6 = 0.41
        // (one load in 7 days) and D+6 is a rest day, so TSB is the only reason.
        TrainingLedger ledger = loads(0, 0, 0, 0, 0, 274, 0);
        ledger.advanceTo(D.plusDays(6));
        ledger.upsert(run("history", D.minusDays(27)).load(0).build());
        AlertCandidate deficit =
                AlertRules.recoveryDeficit(ledger, weekEndingLatest(ledger)).orElseThrow();
        assertThat(deficit.evidence().get("tsb")).isCloseTo(-30.028698, within(1e-6));
        assertThat(deficit.message()).contains("your form (TSB) is -30.03, below -30,");
        assertThat(deficit.basis().ruleId()).isEqualTo("recovery-deficit-tsb");
    }

    @Test
    void noRecoveryDeficitForAlternatingDays() {
        // 0,60,0,60,0,60,0: mean 25.7, SD 29.7 -> monotony 0.87; light days in between;
        // TSB stays around -15
        TrainingLedger ledger = loads(0, 60, 0, 60, 0, 60, 0);
        ledger.advanceTo(D.plusDays(6));
        assertThat(AlertRules.recoveryDeficit(ledger, weekEndingLatest(ledger))).isEmpty();
    }

    // ---- easy effort drift ----

    private static Optional<AlertCandidate> easyShareOf(long hrSeconds, long easySeconds) {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r", D).hr(hrSeconds, easySeconds).build());
        return AlertRules.easyEffortDrift(ledger, ledger.week(D, D));
    }

    @Test
    void easyShareBelowEightyPercent() {
        // 2700 / 3600 = 75% < 80% -> INFO
        AlertCandidate drift = easyShareOf(3_600, 2_700).orElseThrow();
        assertThat(drift.type()).isEqualTo(AlertType.EASY_EFFORT_DRIFT);
        assertThat(drift.severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(drift.evidence()).containsEntry("easySharePct", 75.0);
        assertThat(drift.message())
                .contains("only 75% of your heart-rate time")
                .contains("80% or more")
                .contains("Slow your easy runs down");
        assertThat(drift.basis().ruleId()).isEqualTo("easy-share");
        assertThat(drift.basis().threshold()).isEqualTo(80.0);
        assertThat(drift.basis().measuredValue()).isEqualTo(75.0);
        // 7996 / 10000 = 79.96%: under 80%, and printed so ("80%" would contradict the target)
        assertThat(easyShareOf(10_000, 7_996).orElseThrow().message()).contains("only 79.96% of your");
        // 2880 / 3600 = 80% exactly: no alert
        assertThat(easyShareOf(3_600, 2_880)).isEmpty();
        // 20 minutes of HR is too little to judge: 600 / 1200 = 50% but no alert
        assertThat(easyShareOf(1_200, 600)).isEmpty();
    }

    private static Optional<AlertCandidate> efDrift(double latestEf) {
        TrainingLedger ledger = new TrainingLedger();
        LocalDate asOf = D.plusDays(30);
        // reference week = the 7 days ending 21 days before asOf: D+3..D+9; mean EF (1.00 + 1.02) / 2 = 1.01
        ledger.upsert(run("ref1", D.plusDays(4)).ef(1.00).build());
        ledger.upsert(run("ref2", D.plusDays(6))
                .ef(1.02)
                .planned(PlannedType.EASY)
                .intensity(IntensityClass.MODERATE)
                .build());
        // a hard unplanned run does not count as easy
        ledger.upsert(run("hard", D.plusDays(28))
                .ef(0.50)
                .intensity(IntensityClass.HARD)
                .build());
        ledger.upsert(run("now", D.plusDays(29)).ef(latestEf).build());
        ledger.advanceTo(asOf);
        return AlertRules.easyEffortDrift(ledger, ledger.week(WeekCalendar.weekStart(asOf, DayOfWeek.MONDAY), asOf));
    }

    @Test
    void efficiencyFactorFallingMoreThanFivePercent() {
        // (1.01 - 0.95) / 1.01 * 100 = 5.94% > 5% -> WARNING
        AlertCandidate drift = efDrift(0.95).orElseThrow();
        assertThat(drift.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(drift.evidence().get("efDropPct")).isCloseTo(5.9406, within(1e-4));
        assertThat(drift.evidence().get("efThreeWeeksEarlier")).isCloseTo(1.01, within(1e-12));
        assertThat(drift.period()).isEqualTo("2026-W49");
        assertThat(drift.message())
                .contains("5.9% lower than in the 7 days that ended 3 weeks earlier")
                .doesNotContain("4 weeks");
        assertThat(drift.basis().ruleId()).isEqualTo("easy-ef-drift");
        assertThat(drift.basis().threshold()).isEqualTo(5.0);
        // (1.01 - 0.959096) / 1.01 * 100 = 0.050904 / 1.01 * 100 = 5.04%: printed as 5.04, not 5.0
        assertThat(efDrift(0.959096).orElseThrow().message()).contains("is 5.04% lower");
        // (1.01 - 0.96) / 1.01 * 100 = 4.95%: no alert
        assertThat(efDrift(0.96)).isEmpty();
    }

    // ---- evaluation of a change ----

    @Test
    void evaluateRanksTheSingleRunSpikeFirst() {
        TrainingLedger ledger = new TrainingLedger();
        // history from the Friday before; week of D: 3 x 10 km; next week: 10 + 10 + 16 km
        ledger.upsert(run("z", D.minusDays(3)).build());
        ledger.upsert(run("a", D).build());
        ledger.upsert(run("b", D.plusDays(2)).build());
        ledger.upsert(run("c", D.plusDays(4)).build());
        ledger.upsert(run("d", D.plusDays(7)).build());
        ledger.upsert(run("e", D.plusDays(9)).build());
        LedgerUpdate longRun = ledger.upsert(
                run("long", D.plusDays(11)).distance(16_000).duration(5_400).build());

        List<AlertCandidate> alerts = AlertRules.evaluate(ledger, longRun, DayOfWeek.MONDAY);
        // 16 on 10 km: 60% longer -> WARNING; 36 on 30 km: 20% -> INFO
        assertThat(alerts)
                .extracting(AlertCandidate::type, AlertCandidate::severity, AlertCandidate::period)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertType.VOLUME_SPIKE, AlertSeverity.WARNING, "long"),
                        org.assertj.core.groups.Tuple.tuple(AlertType.VOLUME_SPIKE, AlertSeverity.INFO, "2026-W46"));

        LedgerUpdate ignored = ledger.upsert(
                run("ride", D.plusDays(11)).sport(io.runload.avro.Sport.OTHER).build());
        assertThat(AlertRules.evaluate(ledger, ignored, DayOfWeek.MONDAY)).isEmpty();
    }
}
