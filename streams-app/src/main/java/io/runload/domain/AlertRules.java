package io.runload.domain;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import java.math.BigDecimal;
import java.math.RoundingMode;
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

    /**
     * Garmin-RUNSAFE's bands (Frandsen 2025, docs/alerts.md): more than 10% longer than the 30-day
     * longest, more than 30%, more than 100%; up to 10% was the study's reference.
     */
    static final double SINGLE_RUN_SPIKE_PCT = 10;

    static final double SINGLE_RUN_MODERATE_PCT = 30;
    static final double SINGLE_RUN_CRITICAL_PCT = 100;
    /** Adjusted hazard rate ratios of the three bands against the reference (Frandsen 2025). */
    static final double HRR_SMALL_SPIKE = 1.64;

    static final double HRR_MODERATE_SPIKE = 1.52;
    static final double HRR_LARGE_SPIKE = 2.28;

    static final int SINGLE_RUN_LOOKBACK_DAYS = 30;
    /** History needed before the single-run rule speaks: two weeks shows a runner's usual long run. */
    public static final int SINGLE_RUN_MIN_HISTORY_DAYS = 14;
    /**
     * Week-over-week change above +10% is reported as INFO only: Garmin-RUNSAFE found no link
     * between the week-to-week ratio and overuse injury at any band (docs/alerts.md).
     */
    static final double WEEK_CHANGE_INFO_PCT = 10;
    /** docs/domain.md: an ACWR of 1.5 or more is flagged. */
    static final double ACWR_FLAG = 1.5;
    /**
     * A ratio needs a chronic base: 28 days of history (the chronic span) and a chronic average of
     * at least 10 load a day (about 7 easy minutes a day). Below that, any run makes the ratio
     * jump, which is a cold-start artefact rather than a risk.
     */
    static final int ACWR_MIN_HISTORY_DAYS = 28;

    static final double ACWR_MIN_CHRONIC = 10;
    /** docs/domain.md: TSB below -30 is an overload: fatigue ahead of fitness. */
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
    /** docs/domain.md: EF of easy runs more than 5% below that of the 7 days ending 3 weeks earlier. */
    static final double EF_DROP_PCT = 5;
    /** Days between the end of the EF reference week and the end of the latest 7 days. */
    static final int EF_REFERENCE_GAP_DAYS = 21;

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
        double bandLow;
        double hazardRateRatio;
        String band;
        if (increasePct > SINGLE_RUN_CRITICAL_PCT) {
            bandLow = SINGLE_RUN_CRITICAL_PCT;
            hazardRateRatio = HRR_LARGE_SPIKE;
            band = "more than 100%";
        } else if (increasePct > SINGLE_RUN_MODERATE_PCT) {
            bandLow = SINGLE_RUN_MODERATE_PCT;
            hazardRateRatio = HRR_MODERATE_SPIKE;
            band = "30-100%";
        } else {
            bandLow = SINGLE_RUN_SPIKE_PCT;
            hazardRateRatio = HRR_SMALL_SPIKE;
            band = "10-30%";
        }
        boolean critical = increasePct > SINGLE_RUN_CRITICAL_PCT;
        int kmDecimals = kmDecimals(run.distanceMeters(), longest.getAsDouble(), bandLow, 2);
        String message = String.format(
                Locale.ROOT,
                "This run (%s km) was %s%% longer than your longest run of the previous 30 days (%s km). "
                        + "In the Garmin-RUNSAFE cohort of 5,205 runners, runs %s longer than the 30-day longest "
                        + "came with %.2f times the rate of overuse injury of runs within 10%%. Keep the next few "
                        + "days easy, and grow your longest run in steps of no more than 10%%.",
                km(run.distanceMeters(), kmDecimals),
                ThresholdFigure.above(increasePct, bandLow, 1),
                km(longest.getAsDouble(), kmDecimals),
                band,
                hazardRateRatio);
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("distanceMeters", run.distanceMeters());
        evidence.put("longestPrevious30DaysMeters", longest.getAsDouble());
        evidence.put("increasePct", increasePct);
        evidence.put("hazardRateRatio", hazardRateRatio);
        return Optional.of(new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                critical ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                run.runId(),
                run.localDate(),
                run.runId(),
                message,
                evidence,
                AlertRule.SINGLE_RUN_SPIKE.basis(bandLow, increasePct)));
    }

    /**
     * Calendar-week distance up more than 10% on a previous week with volume: INFO at any size, and
     * worded as a description, since the week-to-week change was not linked to injury (docs/alerts.md).
     */
    public static Optional<AlertCandidate> weekOverWeek(WeeklyTotals week) {
        Double change = week.weekOverWeekChangePct();
        if (change == null || change <= WEEK_CHANGE_INFO_PCT) {
            return Optional.empty();
        }
        int kmDecimals = kmDecimals(week.distanceMeters(), week.previousWeekDistanceMeters(), WEEK_CHANGE_INFO_PCT, 1);
        String message = String.format(
                Locale.ROOT,
                "You have run %s km this week, %s%% more than last week's %s km. This is for your information: "
                        + "in a cohort of 5,205 runners, week-to-week changes in distance did not go with more "
                        + "overuse injuries, while single runs well beyond the recent longest did. Watch the "
                        + "length of your longest run rather than the weekly total.",
                km(week.distanceMeters(), kmDecimals),
                ThresholdFigure.above(change, WEEK_CHANGE_INFO_PCT, 1),
                km(week.previousWeekDistanceMeters(), kmDecimals));
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("distanceMeters", week.distanceMeters());
        evidence.put("previousWeekDistanceMeters", week.previousWeekDistanceMeters());
        evidence.put("weekOverWeekChangePct", change);
        return Optional.of(new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                AlertSeverity.INFO,
                WeekCalendar.isoWeekLabel(week.weekStart()),
                week.asOf(),
                null,
                message,
                evidence,
                AlertRule.WEEKLY_VOLUME_CHANGE.basis(WEEK_CHANGE_INFO_PCT, change),
                week.weekStart().plusDays(6)));
    }

    /**
     * EWMA ACWR of 1.5 or more once the athlete has a chronic base. Always INFO and worded as a
     * description: the ratio is contested (Impellizzeri 2020, Lolli 2019), and Garmin-RUNSAFE found
     * no higher injury rate at high ratios, so it ranks below the single-run spike.
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
                "Your load over the last week is %s times your usual load (acute:chronic ratio; 1.5 or more "
                        + "is commonly flagged). This describes your recent training and is not a warning: the "
                        + "ratio is contested, and in a cohort of 5,205 runners high ratios did not go with more "
                        + "overuse injuries. If you feel tired or sore, swap a hard session for an easy one.",
                ThresholdFigure.atLeast(acwr, ACWR_FLAG, 2));
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
                AlertRule.ACWR.basis(ACWR_FLAG, acwr),
                week.weekStart().plusDays(6)));
    }

    /**
     * One RECOVERY_DEFICIT per week, listing every branch that holds at asOf: TSB under -30,
     * monotony over 2, or 7+ days in a row without a light day. Its basis is the first reason in
     * that order.
     */
    public static Optional<AlertCandidate> recoveryDeficit(TrainingLedger ledger, WeeklyTotals week) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> evidence = new LinkedHashMap<>();
        AlertBasis basis = null;
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
                    "your form (TSB) is %s, below %.0f, so fatigue is ahead of fitness",
                    ThresholdFigure.below(week.tsb(), TSB_OVERLOAD, 1),
                    TSB_OVERLOAD));
            basis = AlertRule.RECOVERY_DEFICIT_TSB.basis(TSB_OVERLOAD, week.tsb());
        }
        if (week.monotony() != null && week.monotony() > MONOTONY_WARNING) {
            evidence.put("monotony", week.monotony());
            evidence.put("strain", week.strain());
            reasons.add(String.format(
                    Locale.ROOT,
                    "your last 7 days were very similar in load (monotony %s, above %.0f)",
                    ThresholdFigure.above(week.monotony(), MONOTONY_WARNING, 1),
                    MONOTONY_WARNING));
            if (basis == null) {
                basis = AlertRule.RECOVERY_DEFICIT_MONOTONY.basis(MONOTONY_WARNING, week.monotony());
            }
        }
        int streak = daysWithoutLightDay(ledger, week.asOf());
        if (streak >= DAYS_WITHOUT_LIGHT_DAY) {
            evidence.put("daysWithoutLightDay", (double) streak);
            reasons.add(String.format(Locale.ROOT, "you have gone %d days without a light or rest day", streak));
            if (basis == null) {
                basis = AlertRule.RECOVERY_DEFICIT_NO_LIGHT_DAY.basis(DAYS_WITHOUT_LIGHT_DAY, streak);
            }
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
                basis,
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
     * weeks earlier (WARNING). Its basis is the EF drop when that holds, as it sets the severity.
     */
    public static Optional<AlertCandidate> easyEffortDrift(TrainingLedger ledger, WeeklyTotals week) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> evidence = new LinkedHashMap<>();
        AlertSeverity severity = null;
        AlertBasis basis = null;
        if (week.easyShare() != null
                && week.rolling7HrSeconds() >= EASY_SHARE_MIN_HR_SECONDS
                && week.easyShare() < EASY_SHARE_MIN) {
            evidence.put("easySharePct", week.easyShare() * 100);
            evidence.put("hrMinutes", week.rolling7HrSeconds() / 60.0);
            reasons.add(String.format(
                    Locale.ROOT,
                    "only %s%% of your heart-rate time in the last 7 days was easy "
                            + "(the usual target is %.0f%% or more)",
                    ThresholdFigure.below(week.easyShare() * 100, EASY_SHARE_MIN * 100, 0),
                    EASY_SHARE_MIN * 100));
            severity = AlertSeverity.INFO;
            basis = AlertRule.EASY_SHARE.basis(EASY_SHARE_MIN * 100, week.easyShare() * 100);
        }
        LocalDate asOf = week.asOf();
        LocalDate referenceEnd = asOf.minusDays(EF_REFERENCE_GAP_DAYS);
        if (!referenceEnd.minusDays(6).isBefore(ledger.windowStart())) {
            OptionalDouble latest = meanEasyEf(ledger, asOf.minusDays(6), asOf);
            OptionalDouble reference = meanEasyEf(ledger, referenceEnd.minusDays(6), referenceEnd);
            if (latest.isPresent() && reference.isPresent() && reference.getAsDouble() > 0) {
                double drop = (reference.getAsDouble() - latest.getAsDouble()) / reference.getAsDouble() * 100;
                if (drop > EF_DROP_PCT) {
                    evidence.put("efLatest", latest.getAsDouble());
                    evidence.put("efThreeWeeksEarlier", reference.getAsDouble());
                    evidence.put("efDropPct", drop);
                    reasons.add(String.format(
                            Locale.ROOT,
                            "the efficiency factor of your easy runs (speed per heartbeat) is %s%% lower than in "
                                    + "the 7 days that ended 3 weeks earlier, so the same easy pace now takes more "
                                    + "heart rate",
                            ThresholdFigure.above(drop, EF_DROP_PCT, 1)));
                    severity = AlertSeverity.WARNING;
                    basis = AlertRule.EASY_EF_DRIFT.basis(EF_DROP_PCT, drop);
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
                basis,
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

    private static String km(double meters, int decimals) {
        return new BigDecimal(meters)
                .movePointLeft(3)
                .setScale(decimals, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /**
     * Decimals for a pair of distances printed next to a percentage above {@code thresholdPct}: the
     * usual {@code decimals}, or more (down to metres) when the rounded distances would work out to
     * the threshold or less, so that a reader's own sum agrees with the printed percentage.
     */
    private static int kmDecimals(double meters, double baseMeters, double thresholdPct, int decimals) {
        for (int d = decimals; d < 3; d++) {
            double a = new BigDecimal(meters)
                    .movePointLeft(3)
                    .setScale(d, RoundingMode.HALF_UP)
                    .doubleValue();
            double b = new BigDecimal(baseMeters)
                    .movePointLeft(3)
                    .setScale(d, RoundingMode.HALF_UP)
                    .doubleValue();
            if (b > 0 && (a - b) * 100 / b > thresholdPct) {
                return d;
            }
        }
        return 3;
    }
}
