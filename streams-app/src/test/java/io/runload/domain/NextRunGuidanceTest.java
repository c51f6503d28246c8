package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class NextRunGuidanceTest {
    /** A Thursday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void theLongestNextRunIsTenPercentOverTheLongestOfTheLast30Days() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("too-old", TODAY.minusDays(31)).distance(20_000).build());
        ledger.upsert(run("long", TODAY.minusDays(30))
                .distance(15_000)
                .duration(90 * 60)
                .build());
        ledger.upsert(run("recent", TODAY.minusDays(3)).distance(8_000).build());

        NextRunGuidance.LongestRunLimit limit =
                NextRunGuidance.longestNextRun(ledger, TODAY).orElseThrow();
        // The 20 km run is 31 days back, outside; the 15 km run 30 days back is inside.
        assertThat(limit.basedOnRunId()).isEqualTo("long");
        assertThat(limit.basedOnDate()).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(limit.lookbackFrom()).isEqualTo(LocalDate.of(2026, 11, 3));
        // 15,000 m × 1.1 = 16,500 m; 90 min × 1.1 = 99 min.
        assertThat(limit.limitMeters()).isCloseTo(16_500, within(1e-9));
        assertThat(limit.basedOnMinutes()).isEqualTo(90);
        assertThat(limit.limitMinutes()).isCloseTo(99, within(1e-9));
    }

    @Test
    void withoutARunInTheLast30DaysThereIsNoLimit() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("old", TODAY.minusDays(31)).build());
        assertThat(NextRunGuidance.longestNextRun(ledger, TODAY)).isEmpty();
        assertThat(NextRunGuidance.longestNextRun(new TrainingLedger(), TODAY)).isEmpty();
    }

    @Test
    void theFormPlanStartsFromYesterdaysChains() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", TODAY.minusDays(1)).load(100).build());
        NextRunGuidance.FormPlan plan = NextRunGuidance.formPlan(ledger, TODAY, FormOutlook.DEFAULT_BAND, -10)
                .orElseThrow();
        // One day of 100 from zero: CTL = 100 × 0.0235283 = 2.352831, ATL = 100 × 0.1331221 = 13.312210.
        assertThat(plan.ctlYesterday()).isCloseTo(2.352831, within(1e-6));
        assertThat(plan.atlYesterday()).isCloseTo(13.312210, within(1e-6));
        // Form today: 2.352831 − 13.312210 = −10.959379.
        assertThat(plan.tsbToday()).isCloseTo(-10.959379, within(1e-6));
        assertThat(plan.loadToday()).isZero();
        // R = 2.352831 × 0.976472 − 13.312210 × 0.866878 = 2.297474 − 11.540061 = −9.242587.
        // Highest: (−9.242587 + 30) / 0.109594 = 189.403; lowest: (−9.242587 + 10) / 0.109594 = 6.911.
        assertThat(plan.range().restTsbTomorrow()).isCloseTo(-9.242587, within(1e-5));
        assertThat(plan.range().highestLoad()).isCloseTo(189.403, within(1e-3));
        assertThat(plan.range().lowestLoad()).isCloseTo(6.911, within(1e-3));
        // Resting, form tomorrow is R = −9.24 ≥ −10: one day.
        assertThat(plan.restDays()).hasValue(1);
    }

    @Test
    void anEmptyLedgerHasNoFormPlan() {
        assertThat(NextRunGuidance.formPlan(new TrainingLedger(), TODAY, FormOutlook.DEFAULT_BAND, -10))
                .isEmpty();
    }

    @Test
    void theWeeksEasyShareCountsTheCalendarWeekSoFar() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("sun", TODAY.minusDays(4)).hr(3600, 3600).build()); // Sunday 29 Nov
        ledger.upsert(run("mon", TODAY.minusDays(3)).hr(3600, 3000).build()); // Monday 30 Nov
        ledger.upsert(run("wed", TODAY.minusDays(1)).hr(2400, 1200).build()); // Wednesday 2 Dec
        ledger.upsert(run("fri", TODAY.plusDays(1)).hr(3600, 0).build()); // after today

        NextRunGuidance.WeekEasyShare monday = NextRunGuidance.easyShareThisWeek(ledger, TODAY, DayOfWeek.MONDAY);
        // Monday and Wednesday: (3000 + 1200) / (3600 + 2400) = 4200 / 6000 = 0.70.
        assertThat(monday.weekStart()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(monday.runs()).isEqualTo(2);
        assertThat(monday.share()).isCloseTo(0.70, within(1e-12));
        assertThat(monday.target()).isEqualTo(0.80);

        NextRunGuidance.WeekEasyShare sunday = NextRunGuidance.easyShareThisWeek(ledger, TODAY, DayOfWeek.SUNDAY);
        // Sunday weeks add Sunday's hour: (3600 + 4200) / (3600 + 6000) = 7800 / 9600 = 0.8125.
        assertThat(sunday.weekStart()).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(sunday.share()).isCloseTo(0.8125, within(1e-12));
    }

    @Test
    void aWeekWithoutHeartRateHasNoEasyShare() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("nohr", TODAY).estimated().build());
        NextRunGuidance.WeekEasyShare week = NextRunGuidance.easyShareThisWeek(ledger, TODAY, DayOfWeek.MONDAY);
        assertThat(week.runs()).isEqualTo(1);
        assertThat(week.share()).isNull();
    }
}
