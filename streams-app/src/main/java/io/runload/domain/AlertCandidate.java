package io.runload.domain;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert a rule raised, before the alert log decides whether it is new.
 *
 * @param period what the alert is about: an ISO week label or a run id; with the athlete and type
 *     it forms the alert's identity
 * @param date local date the figures were taken at (the run's date for a run alert)
 * @param runId the run concerned, null for week-level alerts
 * @param evidence the numbers behind the alert, by name, in name order
 * @param basis the rule, threshold, measured value and source behind the alert; not part of what
 *     {@link AlertLog} compares, so a re-cited source or a new rule version alone re-sends nothing
 * @param periodEnd last local day of the period: the run's date, or the week's last day
 */
public record AlertCandidate(
        AlertType type,
        AlertSeverity severity,
        String period,
        LocalDate date,
        String runId,
        String message,
        Map<String, Double> evidence,
        AlertBasis basis,
        LocalDate periodEnd) {

    /** A candidate whose period ends on its date (a run's alert). */
    public AlertCandidate(
            AlertType type,
            AlertSeverity severity,
            String period,
            LocalDate date,
            String runId,
            String message,
            Map<String, Double> evidence,
            AlertBasis basis) {
        this(type, severity, period, date, runId, message, evidence, basis, date);
    }

    public AlertCandidate {
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(basis, "basis");
        evidence = Collections.unmodifiableMap(new TreeMap<>(evidence));
    }
}
