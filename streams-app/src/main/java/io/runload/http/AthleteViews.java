package io.runload.http;

import io.runload.avro.AthleteAlert;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.DailyLoad;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

    public record ErrorView(String error, String detail) {}
}
