package io.runload.http;

import io.runload.avro.AthleteAlert;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.DailyLoad;
import io.runload.domain.FormOutlook;
import io.runload.domain.NextRunGuidance;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.TrainingLedger;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON shapes of the query API. They are explicit records rather than the Avro classes, so
 * the API's contract does not shift with schema internals and dates come out as ISO strings.
 */
public final class AthleteViews {
    private AthleteViews() {}

    public record AthleteList(List<String> athletes, boolean complete) {}

    public record WeeklyVolumeView(String athleteId, List<WeekView> weeks) {}

    public record WeekView(
            LocalDate weekStart,
            String timezone,
            LocalDate asOf,
            double distanceMeters,
            long movingTimeSec,
            int runs,
            double load,
            double rolling7DistanceMeters,
            long rolling7MovingTimeSec,
            int rolling7Runs,
            double rolling7Load,
            double previousWeekDistanceMeters,
            Double weekOverWeekChangePct,
            double ctl,
            double atl,
            double tsb,
            Double acwr,
            Double monotony,
            Double strain,
            Double easyShare,
            Instant updatedAt) {
        static WeekView of(WeeklyVolume w) {
            return new WeekView(
                    w.getWeekStart(),
                    w.getTimezone(),
                    w.getAsOf(),
                    w.getDistanceMeters(),
                    w.getMovingTimeSec(),
                    w.getRuns(),
                    w.getLoad(),
                    w.getRolling7DistanceMeters(),
                    w.getRolling7MovingTimeSec(),
                    w.getRolling7Runs(),
                    w.getRolling7Load(),
                    w.getPreviousWeekDistanceMeters(),
                    w.getWeekOverWeekChangePct(),
                    w.getCtl(),
                    w.getAtl(),
                    w.getTsb(),
                    w.getAcwr(),
                    w.getMonotony(),
                    w.getStrain(),
                    w.getEasyShare(),
                    w.getUpdatedAt());
        }
    }

    /**
     * An athlete's training load, day by day.
     *
     * @param today the figures on the athlete's current local date (days without runs decay the chains)
     * @param days one entry per local day, oldest first, ending with {@code today}
     */
    public record LoadView(String athleteId, String timezone, DayView today, List<DayView> days) {}

    public record DayView(
            LocalDate date,
            double load,
            double distanceMeters,
            long movingTimeSec,
            int runs,
            double ctl,
            double atl,
            double tsb,
            Double acwr,
            Double monotony,
            Double strain) {
        static DayView of(DailyLoad d) {
            return new DayView(
                    d.date(),
                    d.load(),
                    d.distanceMeters(),
                    d.movingTimeSec(),
                    d.runs(),
                    d.ctl(),
                    d.atl(),
                    d.tsb(),
                    d.acwr(),
                    d.monotony(),
                    d.strain());
        }
    }

    public record AlertsView(String athleteId, List<AlertView> alerts) {}

    /**
     * The latest record of one alertId: {@code status} says whether it stands or was withdrawn, and
     * the rule fields say what it rests on; they are null on withdrawals and on records written
     * before they existed (docs/alerts.md).
     */
    public record AlertView(
            String alertId,
            String type,
            String severity,
            String status,
            String statusReason,
            boolean historical,
            String period,
            Instant eventTime,
            Instant detectedAt,
            String runId,
            String message,
            Map<String, Double> evidence,
            String ruleId,
            Integer ruleVersion,
            Double threshold,
            Double measuredValue,
            String unit,
            String source,
            String doi,
            String evidenceGrade) {
        static AlertView of(AthleteAlert a) {
            return new AlertView(
                    a.getAlertId(),
                    a.getType().name(),
                    a.getSeverity().name(),
                    a.getStatus().name(),
                    a.getStatusReason(),
                    a.getHistorical(),
                    a.getPeriod(),
                    a.getEventTime(),
                    a.getDetectedAt(),
                    a.getRunId(),
                    a.getMessage(),
                    new TreeMap<>(a.getEvidence()),
                    a.getRuleId(),
                    a.getRuleVersion(),
                    a.getThreshold(),
                    a.getMeasuredValue(),
                    a.getUnit(),
                    a.getSource(),
                    a.getDoi(),
                    a.getEvidenceGrade());
        }
    }

    public record RunsView(String athleteId, List<RunView> runs) {}

    public record RunView(
            String runId,
            String status,
            String duplicateOf,
            String sport,
            String source,
            Instant startTime,
            String timezone,
            LocalDate localDate,
            int durationSec,
            int movingTimeSec,
            double distanceMeters,
            String plannedType,
            double load,
            boolean loadEstimated,
            List<Integer> timeInZoneSec,
            Double avgHr,
            Integer maxHr,
            String intensity,
            Double decouplingPct,
            Double efficiencyFactor,
            double hrCoverage,
            List<String> qualityFlags,
            Instant updatedAt) {
        static RunView of(RunSummary r) {
            return new RunView(
                    r.getRunId(),
                    r.getStatus().name(),
                    r.getDuplicateOf(),
                    r.getSport().name(),
                    r.getSource(),
                    r.getStartTime(),
                    r.getTimezone(),
                    r.getLocalDate(),
                    r.getDurationSec(),
                    r.getMovingTimeSec(),
                    r.getDistanceMeters(),
                    r.getPlannedType() == null ? null : r.getPlannedType().name(),
                    r.getLoad(),
                    r.getLoadEstimated(),
                    List.copyOf(r.getTimeInZoneSec()),
                    r.getAvgHr(),
                    r.getMaxHr(),
                    r.getIntensity().name(),
                    r.getDecouplingPct(),
                    r.getEfficiencyFactor(),
                    r.getHrCoverage(),
                    List.copyOf(r.getQualityFlags()),
                    r.getUpdatedAt());
        }
    }

    /**
     * Guidance for the athlete's next run, each figure with what it is based on. A figure the data
     * cannot support is null and {@code unavailable} says why.
     *
     * @param today the athlete's local date, as for {@link LoadView}
     */
    public record GuidanceView(
            String athleteId,
            String timezone,
            LocalDate today,
            LongestNextRunView longestNextRun,
            TodayLoadView todayLoad,
            RestView rest,
            WeekEasyShareView weekEasyShare) {

        /**
         * @param ledgerOrNull the athlete's ledger; without one, or empty, every figure says there are no runs
         * @param firstDay the first day of the athlete's calendar week
         */
        static GuidanceView of(
                String athleteId,
                ZoneId zone,
                TrainingLedger ledgerOrNull,
                LocalDate today,
                DayOfWeek firstDay,
                FormOutlook.Band band,
                double recoveredTsb) {
            TrainingLedger ledger = ledgerOrNull == null ? new TrainingLedger() : ledgerOrNull;
            Optional<NextRunGuidance.FormPlan> plan = NextRunGuidance.formPlan(ledger, today, band, recoveredTsb);
            String noChains = ledger.isEmpty() ? "no runs yet" : "yesterday's CTL and ATL are no longer held";
            return new GuidanceView(
                    athleteId,
                    zone.getId(),
                    today,
                    LongestNextRunView.of(NextRunGuidance.longestNextRun(ledger, today), today),
                    plan.map(TodayLoadView::of).orElseGet(() -> TodayLoadView.missing(today, band, noChains)),
                    plan.map(RestView::of).orElseGet(() -> RestView.missing(recoveredTsb, noChains)),
                    WeekEasyShareView.of(NextRunGuidance.easyShareThisWeek(ledger, today, firstDay)));
        }
    }

    public record LongestNextRunView(
            String rule,
            LocalDate lookbackFrom,
            LocalDate lookbackTo,
            String basedOnRunId,
            LocalDate basedOnDate,
            Double basedOnDistanceMeters,
            Double basedOnMinutes,
            Double limitDistanceMeters,
            Double limitMinutes,
            String unavailable) {
        static final String RULE = "at most 10% longer than the longest counted run (by distance) dated from"
                + " 30 days before today through today (Garmin-RUNSAFE, Frandsen et al. 2025)";

        static LongestNextRunView of(Optional<NextRunGuidance.LongestRunLimit> limit, LocalDate today) {
            LocalDate from = today.minusDays(NextRunGuidance.LONGEST_RUN_LOOKBACK_DAYS);
            return limit.map(l -> new LongestNextRunView(
                            RULE,
                            l.lookbackFrom(),
                            l.today(),
                            l.basedOnRunId(),
                            l.basedOnDate(),
                            l.basedOnMeters(),
                            l.basedOnMinutes(),
                            l.limitMeters(),
                            l.limitMinutes(),
                            null))
                    .orElseGet(() -> new LongestNextRunView(
                            RULE,
                            from,
                            today,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            "no counted run with a distance from " + from + " to " + today));
        }
    }

    /**
     * Today's load that puts tomorrow's form in the band from {@code formLow} to {@code formHigh},
     * with yesterday's chains and the rule it is solved from.
     *
     * @param lowestLoad the day's total load (done so far included) that brings tomorrow's form down to
     *     {@code formHigh}; 0 when rest already does
     * @param highestLoad the day's total load that keeps tomorrow's form at or above {@code formLow}
     */
    public record TodayLoadView(
            String rule,
            LocalDate date,
            double formLow,
            double formHigh,
            Double ctlYesterday,
            Double atlYesterday,
            Double tsbToday,
            Double loadDoneToday,
            Double restTsbTomorrow,
            Double lowestLoad,
            Double highestLoad,
            String unavailable) {
        static final String RULE = "tomorrow's TSB = CTL_yesterday × e^(−1/42) − ATL_yesterday × e^(−1/7)"
                + " − load_today × ((1 − e^(−1/7)) − (1 − e^(−1/42))), solved for the band";

        static TodayLoadView of(NextRunGuidance.FormPlan p) {
            FormOutlook.LoadRange r = p.range();
            return new TodayLoadView(
                    RULE,
                    p.today(),
                    p.band().low(),
                    p.band().high(),
                    p.ctlYesterday(),
                    p.atlYesterday(),
                    p.tsbToday(),
                    p.loadToday(),
                    r.restTsbTomorrow(),
                    r.lowestLoad(),
                    r.highestLoad(),
                    r.reachable()
                            ? null
                            : "even with no load today, tomorrow's TSB would be below "
                                    + p.band().low());
        }

        static TodayLoadView missing(LocalDate today, FormOutlook.Band band, String why) {
            return new TodayLoadView(
                    RULE, today, band.low(), band.high(), null, null, null, null, null, null, null, why);
        }
    }

    /**
     * How many rest days bring form back up to {@code threshold}, with today's chains and the rule
     * they decay by.
     *
     * @param restDays days from today until TSB is at least {@code threshold} with no further load; 0
     *     when it already is today
     */
    public record RestView(
            String rule,
            double threshold,
            Double tsbToday,
            Double ctlToday,
            Double atlToday,
            Integer restDays,
            LocalDate formBackOn,
            String unavailable) {
        static final String RULE = "no further load from today: CTL and ATL decay by e^(−1/42) and e^(−1/7) a day,"
                + " TSB of a day is the day before's CTL − ATL";

        static RestView of(NextRunGuidance.FormPlan p) {
            if (p.restDays().isEmpty()) {
                return new RestView(
                        RULE,
                        p.recoveredTsb(),
                        p.tsbToday(),
                        p.ctlToday(),
                        p.atlToday(),
                        null,
                        null,
                        "TSB does not reach " + p.recoveredTsb() + " within " + FormOutlook.REST_HORIZON_DAYS
                                + " days of rest");
            }
            int days = p.restDays().getAsInt();
            return new RestView(
                    RULE,
                    p.recoveredTsb(),
                    p.tsbToday(),
                    p.ctlToday(),
                    p.atlToday(),
                    days,
                    p.today().plusDays(days),
                    null);
        }

        static RestView missing(double threshold, String why) {
            return new RestView(RULE, threshold, null, null, null, null, null, why);
        }
    }

    public record WeekEasyShareView(
            String rule,
            LocalDate weekStart,
            LocalDate asOf,
            int runs,
            long hrSeconds,
            long easySeconds,
            Double share,
            double target,
            String unavailable) {
        static final String RULE = "easy heart-rate seconds over all heart-rate seconds of the counted runs of the"
                + " calendar week so far, against 80% (Seiler)";

        static WeekEasyShareView of(NextRunGuidance.WeekEasyShare w) {
            return new WeekEasyShareView(
                    RULE,
                    w.weekStart(),
                    w.asOf(),
                    w.runs(),
                    w.hrSeconds(),
                    w.easySeconds(),
                    w.share(),
                    w.target(),
                    w.share() == null ? "no heart rate in the counted runs of this week yet" : null);
        }
    }

    /**
     * The inputs behind one run's figures.
     *
     * @param profile the profile version in effect for the run's local date in the current history
     * @param scoredWithEstimatedMaxHr what the run's load and zones were computed with
     * @param duplicates runs the ledger's dedup counted as uploads of this one, and left out
     */
    public record RunExplanationView(
            String athleteId,
            RunView run,
            String loadSource,
            Double loadConfidence,
            boolean scoredWithEstimatedMaxHr,
            int samplesAboveProfileMax,
            List<String> qualityFlags,
            ProfileAppliedView profile,
            List<RunView> duplicates) {}

    /**
     * One calendar week explained: its figures and the runs and profiles behind them.
     *
     * @param figures the week's published figures, null when none were published
     * @param counted runs counted in the week's volume and load
     * @param duplicates runs of the week the dedup left out, each naming the run kept
     * @param deleted runs of the week withdrawn by a delete
     * @param profiles the profile versions in effect on the dates of the counted runs
     */
    public record WeekExplanationView(
            String athleteId,
            String isoWeek,
            LocalDate weekStart,
            WeekView figures,
            List<RunView> counted,
            List<RunView> duplicates,
            List<RunView> deleted,
            List<ProfileAppliedView> profiles) {}

    /**
     * A published profile version and the values resolved from it.
     *
     * @param effectiveFrom null when the athlete has no profile and the population default applies
     * @param maxHrSource {@code PROFILE} when the profile states max HR, else {@code ESTIMATED_FROM_BIRTH_YEAR}
     *     or {@code ESTIMATED_DEFAULT_AGE} (Tanaka: 208 − 0.7 × age)
     */
    public record ProfileAppliedView(
            LocalDate effectiveFrom,
            Integer statedMaxHr,
            Integer statedRestingHr,
            Integer statedLthr,
            Integer birthYear,
            String statedZoneModel,
            String timezone,
            int maxHr,
            String maxHrSource,
            int restingHr,
            double lthr,
            String zoneModel) {
        static ProfileAppliedView of(ProfileHistory historyOrNull, LocalDate date) {
            Optional<ProfileVersion> version =
                    historyOrNull == null ? Optional.empty() : historyOrNull.versionFor(date);
            ResolvedProfile resolved =
                    historyOrNull == null ? ProfileHistory.populationDefault() : historyOrNull.resolve(date);
            if (version.isEmpty()) {
                return new ProfileAppliedView(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        resolved.timezone().getId(),
                        resolved.maxHr(),
                        "ESTIMATED_DEFAULT_AGE",
                        resolved.restingHr(),
                        resolved.lthr(),
                        resolved.zoneModel().name());
            }
            ProfileVersion v = version.get();
            String maxHrSource = v.maxHr() != null
                    ? "PROFILE"
                    : v.birthYear() != null ? "ESTIMATED_FROM_BIRTH_YEAR" : "ESTIMATED_DEFAULT_AGE";
            return new ProfileAppliedView(
                    v.effectiveFrom(),
                    v.maxHr(),
                    v.restingHr(),
                    v.lthr(),
                    v.birthYear(),
                    v.zoneModel() == null ? null : v.zoneModel().name(),
                    resolved.timezone().getId(),
                    resolved.maxHr(),
                    maxHrSource,
                    resolved.restingHr(),
                    resolved.lthr(),
                    resolved.zoneModel().name());
        }
    }

    public record ErrorView(String error, String detail) {}
}
