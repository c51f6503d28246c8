package io.runload.domain;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The volume, load, recovery and drift rules of docs/domain.md, evaluated on a ledger after a change.
 * Pure: which alerts are new, changed or withdrawn is the {@link AlertLog}'s business.
 */
public final class AlertRules {

    /** docs/domain.md (Garmin-RUNSAFE): a run more than 10% longer than the 30-day longest. */
    static final double SINGLE_RUN_SPIKE_PCT = 10;
    /** docs/domain.md: runs over 100% longer carried more than double the risk. */
    static final double SINGLE_RUN_CRITICAL_PCT = 100;

    static final int SINGLE_RUN_LOOKBACK_DAYS = 30;
    /** History needed before the single-run rule speaks: two weeks shows a runner's usual long run. */
    public static final int SINGLE_RUN_MIN_HISTORY_DAYS = 14;
    /** docs/domain.md: week-over-week change above +10% is info... */
    static final double WEEK_CHANGE_INFO_PCT = 10;
    /** ...and above +30% a warning (Nielsen 2014). */
    static final double WEEK_CHANGE_WARNING_PCT = 30;
    /** docs/domain.md: an ACWR of 1.5 or more is flagged. */
    static final double ACWR_FLAG = 1.5;
    /**
     * A ratio needs a chronic base: 28 days of history (the chronic span) and a chronic average of
     * at least 10 load a day (about 7 easy minutes a day). Below that, any run makes the ratio
     * jump, which is a cold-start artefact rather than a risk.
     */
    static final int ACWR_MIN_HISTORY_DAYS = 28;

    static final double ACWR_MIN_CHRONIC = 10;
    /** docs/domain.md: TSB below -30 is a high-risk overload. */
    static final double TSB_OVERLOAD = -30;
    /** Days of history before the TSB band is trusted; the same four weeks as the chronic ACWR window. */
    static final int TSB_MIN_HISTORY_DAYS = 28;
    /** docs/domain.md: monotony above 2 warns. */
    static final double MONOTONY_WARNING = 2;
    /** docs/domain.md: no light day in 7 or more days. */
    static final int DAYS_WITHOUT_LIGHT_DAY = 7;
    /**
     * A day is light when its load is under 30 (about 20 easy minutes at the default 1.449 a
     * minute) or under 20% of the day-before CTL, whichever is higher, so that the bar rises for
     * athletes whose normal day is big.
     */
    static final double LIGHT_DAY_LOAD = 30;

    static final double LIGHT_DAY_SHARE_OF_CTL = 0.20;
    /** docs/domain.md (Seiler): under 80% of HR time in easy zones over the rolling 7 days warns. */
    static final double EASY_SHARE_MIN = 0.80;
    /** Half an hour of HR time before a share says anything. */
    static final long EASY_SHARE_MIN_HR_SECONDS = 30 * 60;
    /** docs/domain.md: EF of easy runs falling by more than 5% over 4 weeks. */
    static final double EF_DROP_PCT = 5;

    private AlertRules() {}

    /**
     * All alerts that hold for the periods {@code update} can have altered (see
     * {@link #evaluateFrom}), sorted by severity, then by the strength of the evidence behind the
     * rule (single-run spike first, ACWR last).
     */
    public static List<AlertCandidate> evaluate(TrainingLedger ledger, LedgerUpdate update, DayOfWeek firstDay) {
        if (!update.applied()) {
            return List.of();
        }
        return evaluateFrom(ledger, update.earliestChangedDay(), firstDay).holding();
    }

    /**
     * Days before a week's first day that its rules read: the previous week for week-over-week,
     * and the 7 days ending 3 weeks before the week's last day for the EF baseline.
     */
    public static final int WEEK_LOOKBACK_DAYS = 28;

    /**
     * Every ledger alert that holds, now, for the periods a change starting at {@code from}
     * can have altered: each counted run on or after {@code from} (its spike compares it with
     * the 30 days before it) and each week ending on or after {@code from} (chains carry
     * forward, so every later week is affected). A period whose lookback has partly left the
     * ledger's detail window is not evaluated: its inputs are no longer all known, so its
     * standing alert, if any, stays as it is. The result depends only on the ledger's content,
     * not on the order its runs arrived in.
     */
    public static AlertEvaluation evaluateFrom(TrainingLedger ledger, LocalDate from, DayOfWeek firstDay) {
        if (ledger.isEmpty() || from == null) {
            return AlertEvaluation.nothing();
        }
        List<AlertCandidate> out = new ArrayList<>();
        for (LedgerRun run : ledger.countedRuns()) {
            if (!run.localDate().isBefore(from) && runEvaluable(ledger, run.localDate())) {
                singleRunSpike(ledger, run).ifPresent(out::add);
            }
        }
        LocalDate latest = ledger.latestDay();
        for (LocalDate weekStart : ledger.affectedWeekStarts(from, firstDay)) {
            if (!weekEvaluable(ledger, weekStart)) {
                continue;
            }
            LocalDate weekEnd = weekStart.plusDays(6);
            WeeklyTotals week = ledger.week(weekStart, weekEnd.isAfter(latest) ? latest : weekEnd);
            weekOverWeek(week).ifPresent(out::add);
            recoveryDeficit(ledger, week).ifPresent(out::add);
            easyEffortDrift(ledger, week).ifPresent(out::add);
            acwrHigh(ledger, week).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(AlertCandidate::severity)
                .reversed()
                .thenComparingInt(AlertRules::evidenceRank)
                .thenComparing(AlertCandidate::period));
        return new AlertEvaluation(from, ledger.windowStart(), ledger.historyStart(), out);
    }

    /** Whether the single-run rule can judge a run on {@code day}: its 30-day lookback is all known. */
    public static boolean runEvaluable(TrainingLedger ledger, LocalDate day) {
        return ledger.lookbackKnown(day, SINGLE_RUN_LOOKBACK_DAYS + 1);
    }

    /** Whether the week rules can judge the week starting {@code weekStart}: its lookback is all known. */
    public static boolean weekEvaluable(TrainingLedger ledger, LocalDate weekStart) {
        return ledger.lookbackKnown(weekStart, WEEK_LOOKBACK_DAYS)
                && !weekStart.plusDays(6).isBefore(ledger.windowStart());
    }

    private static int evidenceRank(AlertCandidate c) {
        return switch (c.type()) {
            case VOLUME_SPIKE -> c.runId() != null ? 0 : 1;
            case RECOVERY_DEFICIT -> 2;
            case EASY_RUN_TOO_HARD, EASY_EFFORT_DRIFT -> 3;
            case ACWR_HIGH -> 4;
        };
    }

    /**
     * A counted run more than 10% longer than the longest counted run that started in the 30 days
     * before it. Silent when there is no such run, or when part of those 30 days has already been
     * folded out of the ledger (the longest run there is no longer known), or while the athlete's
     * history is shorter than {@link #SINGLE_RUN_MIN_HISTORY_DAYS}: a new athlete's second or third
     * run says nothing about their usual longest run.
     */
    public static Optional<AlertCandidate> singleRunSpike(TrainingLedger ledger, LedgerRun run) {
        if (ledger.historyStart() == null
                || ledger.historyStart().isAfter(run.localDate().minusDays(SINGLE_RUN_MIN_HISTORY_DAYS))) {
            return Optional.empty();
        }
        LocalDate lookbackStart = run.localDate().minusDays(SINGLE_RUN_LOOKBACK_DAYS + 1L);
        if (lookbackStart.isBefore(ledger.windowStart())
                && ledger.historyStart().isBefore(ledger.windowStart())) {
            return Optional.empty();
        }
        long from = run.startMillis() - SINGLE_RUN_LOOKBACK_DAYS * 86_400_000L;
        OptionalDouble longest = ledger.countedRuns().stream()
                .filter(r -> !r.runId().equals(run.runId())
                        && r.startMillis() >= from
                        && r.startMillis() < run.startMillis())
                .mapToDouble(LedgerRun::distanceMeters)
                .max();
        if (longest.isEmpty() || longest.getAsDouble() <= 0) {
            return Optional.empty();
        }
        // Multiplying before dividing keeps round figures exact at the thresholds (11 km on 10 km
        // is 10%, which must not fire).
        double increasePct = (run.distanceMeters() - longest.getAsDouble()) * 100 / longest.getAsDouble();
        if (increasePct <= SINGLE_RUN_SPIKE_PCT) {
            return Optional.empty();
        }
        boolean critical = increasePct > SINGLE_RUN_CRITICAL_PCT;
        String message = String.format(
                Locale.ROOT,
                "This run (%.1f km) was %.0f%% longer than your longest run of the previous 30 days (%.1f km). "
                        + "In a study of about 5,200 runners, a run more than 10%% longer than the recent longest "
                        + "raised the risk of overuse injury%s. Keep the next few days easy, and grow your longest "
                        + "run in steps of about 10%% instead.",
                km(run.distanceMeters()),
                increasePct,
                km(longest.getAsDouble()),
                critical ? ", and more than doubled it for runs over twice as long" : "");
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("distanceMeters", run.distanceMeters());
        evidence.put("longestPrevious30DaysMeters", longest.getAsDouble());
        evidence.put("increasePct", increasePct);
        return Optional.of(new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                critical ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                run.runId(),
                run.localDate(),
                run.runId(),
                message,
                evidence));
    }

    /** Calendar-week distance up more than 10% (info) or 30% (warning) on a previous week with volume. */
    public static Optional<AlertCandidate> weekOverWeek(WeeklyTotals week) {
        Double change = week.weekOverWeekChangePct();
        if (change == null || change <= WEEK_CHANGE_INFO_PCT) {
            return Optional.empty();
        }
        boolean warning = change > WEEK_CHANGE_WARNING_PCT;
        String message = warning
                ? String.format(
                        Locale.ROOT,
                        "You have run %.1f km this week, %.0f%% more than last week's %.1f km. "
                                + "Jumps of more than 30%% have been linked to injuries in newer runners. "
                                + "Hold next week at about this week's volume or lower, and keep most runs easy.",
                        km(week.distanceMeters()),
                        change,
                        km(week.previousWeekDistanceMeters()))
                : String.format(
                        Locale.ROOT,
                        "You have run %.1f km this week, %.0f%% more than last week's %.1f km. "
                                + "The popular 10%% rule has little evidence behind it, so this is a heads-up only: "
                                + "if anything aches, ease off for a few days.",
                        km(week.distanceMeters()),
                        change,
                        km(week.previousWeekDistanceMeters()));
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("distanceMeters", week.distanceMeters());
        evidence.put("previousWeekDistanceMeters", week.previousWeekDistanceMeters());
        evidence.put("weekOverWeekChangePct", change);
        return Optional.of(new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                warning ? AlertSeverity.WARNING : AlertSeverity.INFO,
                WeekCalendar.isoWeekLabel(week.weekStart()),
                week.asOf(),
                null,
                message,
                evidence,
                week.weekStart().plusDays(6)));
    }

    /**
     * EWMA ACWR of 1.5 or more once the athlete has a chronic base. Always INFO: the ratio is
     * contested (Impellizzeri 2020), so it ranks below the single-run spike.
     */
    public static Optional<AlertCandidate> acwrHigh(TrainingLedger ledger, WeeklyTotals week) {
        Double acwr = week.acwr();
        long historyDays = ChronoUnit.DAYS.between(ledger.historyStart(), week.asOf()) + 1;
        if (acwr == null || acwr < ACWR_FLAG || historyDays < ACWR_MIN_HISTORY_DAYS) {
            return Optional.empty();
        }
        List<DailyLoad> day = ledger.series(week.asOf(), week.asOf());
        double chronic = day.get(0).chronicEwma();
        if (chronic < ACWR_MIN_CHRONIC) {
            return Optional.empty();
        }
        String message = String.format(
                Locale.ROOT,
                "Your load over the last week is %.1f times your usual load "
                        + "(acute:chronic ratio; 1.5 or more is commonly flagged). The ratio is a rough guide, "
                        + "not a verdict: if you feel tired or sore, swap a hard session for an easy one.",
                acwr);
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("acwr", acwr);
        evidence.put("acuteEwma", day.get(0).acuteEwma());
        evidence.put("chronicEwma", chronic);
        return Optional.of(new AlertCandidate(
                AlertType.ACWR_HIGH,
                AlertSeverity.INFO,
                WeekCalendar.isoWeekLabel(week.weekStart()),
                week.asOf(),
                null,
                message,
                evidence,
                week.weekStart().plusDays(6)));
    }

    /**
     * One RECOVERY_DEFICIT per week, listing every branch that holds at asOf: TSB under -30,
     * monotony over 2, or 7+ days in a row without a light day.
     */
    public static Optional<AlertCandidate> recoveryDeficit(TrainingLedger ledger, WeeklyTotals week) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> evidence = new LinkedHashMap<>();
        long historyDays = ChronoUnit.DAYS.between(ledger.historyStart(), week.asOf()) + 1;
        // In an athlete's first weeks CTL is still near zero, so any training reads as a deep TSB:
        // the fixed -30 band misfires until fitness has had a few weeks to build (docs/domain.md).
        if (week.tsb() < TSB_OVERLOAD && historyDays >= TSB_MIN_HISTORY_DAYS) {
            evidence.put("tsb", week.tsb());
            List<DailyLoad> yesterday =
                    ledger.series(week.asOf().minusDays(1), week.asOf().minusDays(1));
            if (!yesterday.isEmpty() && yesterday.get(0).ctl() > 0) {
                evidence.put("ctl", yesterday.get(0).ctl());
                evidence.put("tsbPctOfCtl", week.tsb() / yesterday.get(0).ctl() * 100);
            }
            reasons.add(String.format(
                    Locale.ROOT,
                    "your form (TSB) is %.0f, well below -30, so fatigue is far ahead of fitness",
                    week.tsb()));
        }
        if (week.monotony() != null && week.monotony() > MONOTONY_WARNING) {
            evidence.put("monotony", week.monotony());
            evidence.put("strain", week.strain());
            reasons.add(String.format(
                    Locale.ROOT,
                    "your last 7 days were very similar in load (monotony %.1f, above 2)",
                    week.monotony()));
        }
        int streak = daysWithoutLightDay(ledger, week.asOf());
        if (streak >= DAYS_WITHOUT_LIGHT_DAY) {
            evidence.put("daysWithoutLightDay", (double) streak);
            reasons.add(String.format(Locale.ROOT, "you have gone %d days without a light or rest day", streak));
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        String message = "Recovery is falling behind: " + String.join("; ", reasons)
                + ". Take a rest day or a short easy run in the next two days, and vary hard and easy days.";
        return Optional.of(new AlertCandidate(
                AlertType.RECOVERY_DEFICIT,
                AlertSeverity.WARNING,
                WeekCalendar.isoWeekLabel(week.weekStart()),
                week.asOf(),
                null,
                message,
                evidence,
                week.weekStart().plusDays(6)));
    }

    /** Consecutive days ending {@code asOf} whose load was at or above the light-day threshold. */
    static int daysWithoutLightDay(TrainingLedger ledger, LocalDate asOf) {
        List<DailyLoad> days = ledger.series(ledger.windowStart(), asOf);
        int streak = 0;
        for (int i = days.size() - 1; i >= 1; i--) {
            double threshold = Math.max(
                    LIGHT_DAY_LOAD, LIGHT_DAY_SHARE_OF_CTL * days.get(i - 1).ctl());
            if (days.get(i).load() < threshold) {
                break;
            }
            streak++;
        }
        return streak;
    }

    /**
     * One EASY_EFFORT_DRIFT per week: under 80% of HR time easy over the rolling 7 days (INFO), or
     * the mean EF of easy runs in the last 7 days more than 5% below that of the 7 days ending 3
     * weeks earlier (WARNING).
     */
    public static Optional<AlertCandidate> easyEffortDrift(TrainingLedger ledger, WeeklyTotals week) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> evidence = new LinkedHashMap<>();
        AlertSeverity severity = null;
        if (week.easyShare() != null
                && week.rolling7HrSeconds() >= EASY_SHARE_MIN_HR_SECONDS
                && week.easyShare() < EASY_SHARE_MIN) {
            evidence.put("easySharePct", week.easyShare() * 100);
            evidence.put("hrMinutes", week.rolling7HrSeconds() / 60.0);
            reasons.add(String.format(
                    Locale.ROOT,
                    "only %.0f%% of your heart-rate time in the last 7 days was easy "
                            + "(about 80%% is the usual target)",
                    week.easyShare() * 100));
            severity = AlertSeverity.INFO;
        }
        LocalDate asOf = week.asOf();
        LocalDate referenceEnd = asOf.minusDays(21);
        if (!referenceEnd.minusDays(6).isBefore(ledger.windowStart())) {
            OptionalDouble latest = meanEasyEf(ledger, asOf.minusDays(6), asOf);
            OptionalDouble reference = meanEasyEf(ledger, referenceEnd.minusDays(6), referenceEnd);
            if (latest.isPresent() && reference.isPresent() && reference.getAsDouble() > 0) {
                double drop = (reference.getAsDouble() - latest.getAsDouble()) / reference.getAsDouble() * 100;
                if (drop > EF_DROP_PCT) {
                    evidence.put("efLatest", latest.getAsDouble());
                    evidence.put("efFourWeeksAgo", reference.getAsDouble());
                    evidence.put("efDropPct", drop);
                    reasons.add(String.format(
                            Locale.ROOT,
                            "your easy runs take %.0f%% more heart rate for the same pace " + "than 4 weeks ago",
                            drop));
                    severity = AlertSeverity.WARNING;
                }
            }
        }
        if (severity == null) {
            return Optional.empty();
        }
        String message = "Your easy running is drifting harder: " + String.join("; ", reasons)
                + ". Slow your easy runs down to stay below the easy heart-rate ceiling, and check sleep,"
                + " heat and illness if your heart rate keeps rising.";
        return Optional.of(new AlertCandidate(
                AlertType.EASY_EFFORT_DRIFT,
                severity,
                WeekCalendar.isoWeekLabel(week.weekStart()),
                asOf,
                null,
                message,
                evidence,
                week.weekStart().plusDays(6)));
    }

    /**
     * Mean EF of easy runs between two local dates. An easy run is one planned as EASY, or one with
     * no plan whose HR said EASY: a planned easy run counts even when drift pushed its HR up.
     */
    private static OptionalDouble meanEasyEf(TrainingLedger ledger, LocalDate from, LocalDate to) {
        return ledger.countedRuns().stream()
                .filter(r -> !r.localDate().isBefore(from) && !r.localDate().isAfter(to))
                .filter(r -> r.efficiencyFactor() != null)
                .filter(r -> r.plannedType() == PlannedType.EASY
                        || (r.plannedType() == null && r.intensity() == IntensityClass.EASY))
                .mapToDouble(LedgerRun::efficiencyFactor)
                .average();
    }

    private static double km(double meters) {
        return meters / 1000;
    }
}
