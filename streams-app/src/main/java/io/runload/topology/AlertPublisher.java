package io.runload.topology;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.domain.AlertLog;
import io.runload.runtime.RunLoadMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a detected condition into an {@link AthleteAlert}, at most once per (athlete, type, period)
 * unless the severity rises. Every processor that raises alerts goes through here, so the dedup rule
 * and the alert id scheme live in one place.
 */
final class AlertPublisher {
    private final KeyValueStore<String, AlertLog> logs;
    private final KeyValueStore<String, AthleteAlert> recent;
    private final RunLoadMetrics metrics;
    private final Clock clock;

    AlertPublisher(KeyValueStore<String, AlertLog> logs, KeyValueStore<String, AthleteAlert> recent, RunLoadMetrics metrics,
                   Clock clock) {
        this.logs = logs;
        this.recent = recent;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Returns the alert to emit, or empty when this id was already emitted at this severity or higher. */
    Optional<AthleteAlert> publish(String athleteId, AlertType type, AlertSeverity severity, String period, LocalDate day,
                                   long eventTimeMillis, String runId, String message, Map<String, Double> evidence) {
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
        recent.put(StoreNames.composite(athleteId, alertId), alert);
        metrics.alertEmitted(type.name(), severity.name());
        return Optional.of(alert);
    }
}
