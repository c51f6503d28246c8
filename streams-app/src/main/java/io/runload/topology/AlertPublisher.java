package io.runload.topology;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.domain.AlertBasis;
import io.runload.domain.AlertEvaluation;
import io.runload.domain.AlertLog;
import io.runload.domain.TrainingLedger;
import io.runload.metrics.RunLoadMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns detected conditions into {@link AthleteAlert}s. Live alerts go out at most once per
 * (athlete, type, period) unless the severity rises; ledger alerts are reconciled with what
 * stands, so they are raised, re-sent and withdrawn as the data changes. Every processor that
 * raises alerts goes through here, so the alert log, the id scheme and the historical rule live
 * in one place.
 */
final class AlertPublisher {
    private final KeyValueStore<String, AlertLog> logs;
    private final KeyValueStore<String, AthleteAlert> recent;
    private final RunLoadMetrics metrics;
    private final Clock clock;
    private final int historicalDays;

    AlertPublisher(
            KeyValueStore<String, AlertLog> logs,
            KeyValueStore<String, AthleteAlert> recent,
            RunLoadMetrics metrics,
            Clock clock) {
        this(logs, recent, metrics, clock, TopologySettings.DEFAULT_ALERT_HISTORICAL_DAYS);
    }

    AlertPublisher(
            KeyValueStore<String, AlertLog> logs,
            KeyValueStore<String, AthleteAlert> recent,
            RunLoadMetrics metrics,
            Clock clock,
            int historicalDays) {
        this.logs = logs;
        this.recent = recent;
        this.metrics = metrics;
        this.clock = clock;
        this.historicalDays = historicalDays;
    }

    /**
     * Reconciles the athlete's standing ledger alerts with a fresh evaluation and returns the
     * records to publish: raises, re-sends and withdrawals, each also kept in the queryable
     * store as the latest record of its alert id. An alert whose period ended more than the
     * historical days before the ledger's latest day is marked historical.
     */
    List<AthleteAlert> reconcile(
            String athleteId, AlertEvaluation evaluation, TrainingLedger ledger, long eventTimeMillis) {
        AlertLog log = logs.get(athleteId);
        if (log == null) {
            log = new AlertLog();
        }
        List<AlertLog.Change> changes = log.reconcile(athleteId, evaluation, ledger::statusOf, ledger.latestDay());
        logs.put(athleteId, log);
        List<AthleteAlert> out = new ArrayList<>(changes.size());
        LocalDate latest = ledger.latestDay();
        for (AlertLog.Change change : changes) {
            boolean withdrawn = change.status() == AlertStatus.WITHDRAWN;
            AthleteAlert alert = AthleteAlert.newBuilder()
                    .setAlertId(change.alertId())
                    .setAthleteId(athleteId)
                    .setType(change.type())
                    .setSeverity(change.severity())
                    .setPeriod(change.period())
                    .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
                    .setDetectedAt(Instant.ofEpochMilli(clock.millis()))
                    .setRunId(change.runId())
                    .setMessage(withdrawn ? withdrawalMessage(change.reason()) : change.message())
                    .setEvidence(new TreeMap<>(change.evidence()))
                    .setStatus(change.status())
                    .setStatusReason(change.reason())
                    .setHistorical(latest != null && change.periodEnd().isBefore(latest.minusDays(historicalDays)))
                    .build();
            withBasis(alert, change.basis());
            recent.put(StoreNames.composite(athleteId, change.alertId()), alert);
            if (withdrawn) {
                metrics.alertWithdrawn(change.type().name(), change.reason());
            } else {
                metrics.alertEmitted(change.type().name(), change.severity().name());
            }
            out.add(alert);
        }
        return out;
    }

    /** Copies the rule behind an alert onto its record; a withdrawal has none and keeps nulls. */
    private static void withBasis(AthleteAlert alert, AlertBasis basis) {
        if (basis == null) {
            return;
        }
        alert.setRuleId(basis.ruleId());
        alert.setRuleVersion(basis.ruleVersion());
        alert.setThreshold(basis.threshold());
        alert.setMeasuredValue(basis.measuredValue());
        alert.setUnit(basis.unit());
        alert.setSource(basis.source());
        alert.setDoi(basis.doi());
        alert.setEvidenceGrade(basis.grade().name());
    }

    private static String withdrawalMessage(String reason) {
        return switch (reason) {
            case "run_deleted" -> "Withdrawn: the run this alert was about has been deleted.";
            case "run_duplicate" ->
                "Withdrawn: the run this alert was about turned out to be a duplicate of another upload.";
            default -> "Withdrawn: with the data now known (late or corrected runs included), this no longer applies.";
        };
    }

    /** Returns the alert to emit, or empty when this id was already emitted at this severity or higher. */
    Optional<AthleteAlert> publish(
            String athleteId,
            AlertType type,
            AlertSeverity severity,
            String period,
            LocalDate day,
            long eventTimeMillis,
            String runId,
            String message,
            Map<String, Double> evidence,
            AlertBasis basis) {
        AlertLog log = logs.get(athleteId);
        if (log == null) {
            log = new AlertLog();
        }
        String alertId = AlertLog.alertId(athleteId, type, period);
        log.prune(day);
        if (!log.shouldEmit(alertId, severity, day)) {
            return Optional.empty();
        }
        logs.put(athleteId, log);
        AthleteAlert alert = AthleteAlert.newBuilder()
                .setAlertId(alertId)
                .setAthleteId(athleteId)
                .setType(type)
                .setSeverity(severity)
                .setPeriod(period)
                .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
                .setDetectedAt(Instant.ofEpochMilli(clock.millis()))
                .setRunId(runId)
                .setMessage(message)
                .setEvidence(new TreeMap<>(evidence))
                .build();
        withBasis(alert, basis);
        recent.put(StoreNames.composite(athleteId, alertId), alert);
        metrics.alertEmitted(type.name(), severity.name());
        return Optional.of(alert);
    }
}
