package io.runload.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an athlete's ledger says about the next run: how long it may be, what load today keeps
 * form in a band, how long rest takes to restore form, and how easy the week has been so far.
 * Each answer carries the inputs it came from; an answer the data cannot support is empty rather
 * than guessed.
 */
public final class NextRunGuidance {

    /** Garmin-RUNSAFE (Frandsen 2025): runs more than 10% longer than the 30-day longest raised injury risk. */
    public static final double LONGEST_RUN_GROWTH = 0.10;

    /** The same 30 days the single-run spike alert looks back over (docs/domain.md). */
    public static final int LONGEST_RUN_LOOKBACK_DAYS = 30;

    /** Seiler's polarised distribution: about 80% of heart-rate time easy (docs/domain.md). */
    public static final double EASY_SHARE_TARGET = 0.80;

    private NextRunGuidance() {}

    /**
     * The longest run of the lookback and the distance and time 10% above it.
     *
     * @param lookbackFrom first local date searched; runs dated {@code lookbackFrom..today} count, so
     *     a run later today is compared with the 30 days before it, as the alert does
     */
    public record LongestRunLimit(
            LocalDate lookbackFrom,
            LocalDate today,
            String basedOnRunId,
            LocalDate basedOnDate,
            double basedOnMeters,
            double basedOnMinutes,
            double limitMeters,
            double limitMinutes) {}

    /**
     * The longest counted run (by distance) dated in the 30 days before today or today, and 10%
     * more. Empty when no counted run with a distance falls there. The ledger always holds these
     * days in detail: its window reaches 56 days back from its latest day, and today is never
     * before that day.
     */
    public static Optional<LongestRunLimit> longestNextRun(TrainingLedger ledger, LocalDate today) {
        LocalDate from = today.minusDays(LONGEST_RUN_LOOKBACK_DAYS);
        return ledger.countedRuns().stream()
                .filter(r -> !r.localDate().isBefore(from) && !r.localDate().isAfter(today))
                .filter(r -> r.distanceMeters() > 0)
                // Ties go to the earlier run, so the answer does not depend on upload order.
                .max(Comparator.comparingDouble(LedgerRun::distanceMeters)
                        .thenComparing(
                                Comparator.comparingLong(LedgerRun::startMillis).reversed()))
                .map(r -> new LongestRunLimit(
                        from,
                        today,
                        r.runId(),
                        r.localDate(),
                        r.distanceMeters(),
                        r.activeMinutes(),
                        r.distanceMeters() * (1 + LONGEST_RUN_GROWTH),
                        r.activeMinutes() * (1 + LONGEST_RUN_GROWTH)));
    }

    /**
     * Form today and where today's load can take it.
     *
     * @param ctlYesterday CTL after yesterday, {@code atlYesterday} likewise: today's form is their difference
     * @param loadToday the counted load already done today
     * @param ctlToday CTL after today with that load, {@code atlToday} likewise
     * @param range the day's total load that puts tomorrow's form in {@code band}
     * @param restDays days until form reaches {@code recoveredTsb} with no further load, empty beyond
     *     {@link FormOutlook#REST_HORIZON_DAYS}
     */
    public record FormPlan(
            LocalDate today,
            double ctlYesterday,
            double atlYesterday,
            double tsbToday,
            double loadToday,
            double ctlToday,
            double atlToday,
            FormOutlook.Band band,
            FormOutlook.LoadRange range,
            double recoveredTsb,
            OptionalInt restDays) {}

    /** Empty while the ledger holds no run: there are no chains to project. */
    public static Optional<FormPlan> formPlan(
            TrainingLedger ledger, LocalDate today, FormOutlook.Band band, double recoveredTsb) {
        if (ledger.isEmpty()) {
            return Optional.empty();
        }
        List<DailyLoad> days = ledger.series(today.minusDays(1), today);
        // Fewer than two days when today is the window's first day or before it: yesterday's chains are folded.
        if (days.size() != 2) {
            return Optional.empty();
        }
        DailyLoad yesterday = days.get(0);
        DailyLoad now = days.get(1);
        return Optional.of(new FormPlan(
                today,
                yesterday.ctl(),
                yesterday.atl(),
                now.tsb(),
                now.load(),
                now.ctl(),
                now.atl(),
                band,
                FormOutlook.loadRange(yesterday.ctl(), yesterday.atl(), band),
                recoveredTsb,
                FormOutlook.restDaysUntil(now.tsb(), now.ctl(), now.atl(), recoveredTsb)));
    }

    /**
     * Heart-rate time of the counted runs of the calendar week so far.
     *
     * @param share easy over all heart-rate seconds; null when the week has no heart rate yet
     */
    public record WeekEasyShare(
            LocalDate weekStart, LocalDate asOf, int runs, long hrSeconds, long easySeconds, Double share) {
        public double target() {
            return EASY_SHARE_TARGET;
        }
    }

    /** The athlete's calendar week holding {@code today}, from its first day through today. */
    public static WeekEasyShare easyShareThisWeek(TrainingLedger ledger, LocalDate today, DayOfWeek firstDay) {
        LocalDate weekStart = WeekCalendar.weekStart(today, firstDay);
        int runs = 0;
        long hr = 0;
        long easy = 0;
        for (LedgerRun run : ledger.countedRuns()) {
            if (!run.localDate().isBefore(weekStart) && !run.localDate().isAfter(today)) {
                runs++;
                hr += run.hrSeconds();
                easy += run.easySeconds();
            }
        }
        return new WeekEasyShare(weekStart, today, runs, hr, easy, hr > 0 ? (double) easy / hr : null);
    }
}
