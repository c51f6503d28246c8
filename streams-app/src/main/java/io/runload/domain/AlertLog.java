package io.runload.domain;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The alerts that stand for one athlete: what was last published per alert id, so that a
 * condition is announced once, re-sent when its severity or figures change, and withdrawn once
 * when it stops holding. Ledger alerts are reconciled against a fresh {@link AlertEvaluation}
 * ({@link #reconcile}); live alerts only ever rise ({@link #shouldEmit}). Bounded by age and by
 * count.
 */
public final class AlertLog {

    /**
     * The ledger window and a week. A ledger alert is raised, re-sent or withdrawn only for a period
     * ending inside the ledger window ({@link AlertEvaluation#covers}, {@link #reconcile}), so an
     * entry older than the window can never be judged again and only costs state; the week covers
     * this log's latest day running ahead of the ledger's (a live alert dated by a run whose event
     * has not arrived yet). Live alerts only matter while their run's samples still arrive, hours.
     */
    public static final int RETENTION_DAYS = TrainingLedger.WINDOW_DAYS + 7;
    /** Hard cap in case an athlete produces alerts faster than retention removes them. */
    public static final int MAX_ENTRIES = 512;

    /** How an alert is kept up to date. */
    public enum Scope {
        /** Raised during a run from live heart rate: never re-evaluated, only escalated. */
        LIVE,
        /** About one run (the single-run spike), re-evaluated from the ledger. */
        RUN,
        /** About a calendar week, re-evaluated from the ledger. */
        WEEK,
        /** Stored by format 1, which did not say: kept for dedup until a re-evaluation adopts it. */
        UNKNOWN
    }

    /**
     * One standing alert.
     *
     * @param periodEnd last local day of the period: the run's date, or the week's last day
     * @param fingerprint hash of severity, message and evidence; a change re-sends the alert
     * @param day the day the entry is dated for retention
     */
    public record Standing(
            AlertType type,
            AlertSeverity severity,
            Scope scope,
            String period,
            LocalDate periodEnd,
            String runId,
            long fingerprint,
            LocalDate day) {}

    /**
     * A record to publish: a raise or re-send (with its candidate) or a withdrawal.
     *
     * @param reason null for a first raise; otherwise why it is sent again or withdrawn
     * @param periodEnd last local day of the period the alert is about
     * @param basis the rule behind a raise or re-send; null for a withdrawal, since the stored
     *     standing alert keeps only its fingerprint
     */
    public record Change(
            String alertId,
            AlertStatus status,
            String reason,
            AlertType type,
            AlertSeverity severity,
            String period,
            LocalDate periodEnd,
            String runId,
            String message,
            Map<String, Double> evidence,
            AlertBasis basis) {}

    private final TreeMap<String, Standing> standing = new TreeMap<>();
    private LocalDate latestDay;

    /** Everything a log holds, as plain values to store it by and restore it from; entries by alert id. */
    public record Snapshot(LocalDate latestDay, Map<String, Standing> standing) {}

    public Snapshot snapshot() {
        return new Snapshot(latestDay, Collections.unmodifiableMap(standing));
    }

    /** The log a snapshot describes, its entries taken as they were kept. */
    public static AlertLog restore(Snapshot snapshot) {
        AlertLog log = new AlertLog();
        log.latestDay = snapshot.latestDay();
        log.standing.putAll(snapshot.standing());
        return log;
    }

    /** The same (athlete, type, period) always yields the same id: consumers dedup on it. */
    public static String alertId(String athleteId, AlertType type, String period) {
        String name = athleteId + "|" + type.name() + "|" + period;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * For live alerts: true for an id not sent yet, or for a strictly higher severity than the
     * one sent; the alert is then recorded as sent on {@code day}. Entries older than the
     * retention are dropped.
     */
    public boolean shouldEmit(String alertId, AlertSeverity severity, LocalDate day) {
        advance(day);
        Standing previous = standing.get(alertId);
        if (previous != null && severity.compareTo(previous.severity()) <= 0) {
            return false;
        }
        standing.put(
                alertId,
                new Standing(
                        previous == null ? null : previous.type(),
                        severity,
                        Scope.LIVE,
                        null,
                        null,
                        null,
                        0,
                        day != null ? day : latestDay));
        enforceCap();
        return true;
    }

    /**
     * As {@link #shouldEmit(String, AlertSeverity, LocalDate)}, dated with the latest day this log
     * has seen; an entry recorded before any dated call is dated at the next prune.
     */
    public boolean shouldEmit(String alertId, AlertSeverity severity) {
        return shouldEmit(alertId, severity, null);
    }

    /**
     * Brings the standing ledger alerts in line with {@code evaluation}: an alert that now holds
     * and did not stand is raised; one whose severity or figures changed is sent again; one that
     * stood for a judged period and no longer holds is withdrawn (and forgotten, so it is never
     * withdrawn twice). The same evaluation applied twice yields no change the second time.
     *
     * @param runStatus the ledger status of a run id, to say why a run's alert is withdrawn
     * @param today the athlete's latest data day, for retention
     */
    public List<Change> reconcile(
            String athleteId,
            AlertEvaluation evaluation,
            Function<String, Optional<RunStatus>> runStatus,
            LocalDate today) {
        advance(today);
        List<Change> changes = new ArrayList<>();
        Set<String> holding = new HashSet<>();
        for (AlertCandidate c : evaluation.holding()) {
            String id = alertId(athleteId, c.type(), c.period());
            if (!holding.add(id)) {
                continue;
            }
            Scope scope = c.runId() != null ? Scope.RUN : Scope.WEEK;
            LocalDate periodEnd = c.periodEnd();
            long fingerprint = fingerprint(c);
            Standing previous = standing.get(id);
            Standing next = new Standing(
                    c.type(), c.severity(), scope, c.period(), periodEnd, c.runId(), fingerprint, periodEnd);
            String reason;
            if (previous == null) {
                reason = null;
            } else if (previous.severity() != c.severity()) {
                reason = c.severity().compareTo(previous.severity()) > 0 ? "severity_raised" : "severity_lowered";
            } else if (previous.scope() == Scope.UNKNOWN) {
                // Sent by a version that kept no figures: adopt it quietly rather than re-send it.
                standing.put(id, next);
                continue;
            } else if (previous.fingerprint() != fingerprint) {
                reason = "figures_changed";
            } else {
                continue;
            }
            standing.put(id, next);
            changes.add(new Change(
                    id,
                    AlertStatus.ACTIVE,
                    reason,
                    c.type(),
                    c.severity(),
                    c.period(),
                    periodEnd,
                    c.runId(),
                    c.message(),
                    c.evidence(),
                    c.basis()));
        }
        List<String> withdrawn = new ArrayList<>();
        for (Map.Entry<String, Standing> e : standing.entrySet()) {
            Standing s = e.getValue();
            if (holding.contains(e.getKey())
                    || !(evaluation.covers(s.scope(), s.periodEnd()) || runStoppedCounting(s, evaluation, runStatus))) {
                continue;
            }
            withdrawn.add(e.getKey());
            String reason = "no_longer_holds";
            if (s.scope() == Scope.RUN && s.runId() != null) {
                RunStatus status = runStatus.apply(s.runId()).orElse(RunStatus.DELETED);
                if (status == RunStatus.DELETED) {
                    reason = "run_deleted";
                } else if (status == RunStatus.DUPLICATE) {
                    reason = "run_duplicate";
                }
            }
            changes.add(new Change(
                    e.getKey(),
                    AlertStatus.WITHDRAWN,
                    reason,
                    s.type(),
                    s.severity(),
                    s.period(),
                    s.periodEnd(),
                    s.runId(),
                    null,
                    Map.of(),
                    null));
        }
        withdrawn.forEach(standing::remove);
        enforceCap();
        return changes;
    }

    /**
     * A run alert whose run was deleted or found to be a duplicate is withdrawn even when its
     * lookback has left the window and its period is no longer re-judged: deletes are accepted at
     * any age within the window, and an alert must not keep pointing at a run that no longer counts.
     */
    private static boolean runStoppedCounting(
            Standing s, AlertEvaluation evaluation, Function<String, Optional<RunStatus>> runStatus) {
        if (s.scope() != Scope.RUN
                || s.runId() == null
                || s.periodEnd() == null
                || evaluation.from() == null
                || s.periodEnd().isBefore(evaluation.from())
                || s.periodEnd().isBefore(evaluation.windowStart())) {
            return false;
        }
        return runStatus
                .apply(s.runId())
                .map(status -> status != RunStatus.COUNTED)
                .orElse(true);
    }

    /** Ids of the standing alerts of {@code scope}, in id order. */
    public List<String> standingIds(Scope scope) {
        return standing.entrySet().stream()
                .filter(e -> e.getValue().scope() == scope)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Severity of a standing alert. */
    public Optional<AlertSeverity> severityOf(String alertId) {
        return Optional.ofNullable(standing.get(alertId)).map(Standing::severity);
    }

    private void advance(LocalDate day) {
        if (day != null && (latestDay == null || day.isAfter(latestDay))) {
            latestDay = day;
            prune(day);
        }
    }

    /** Drops entries recorded more than {@link #RETENTION_DAYS} before {@code today}. */
    public void prune(LocalDate today) {
        LocalDate cutoff = today.minusDays(RETENTION_DAYS);
        standing.replaceAll((id, s) -> s.day() == null
                ? new Standing(
                        s.type(), s.severity(), s.scope(), s.period(), s.periodEnd(), s.runId(), s.fingerprint(), today)
                : s);
        standing.values().removeIf(s -> s.day().isBefore(cutoff));
    }

    public int size() {
        return standing.size();
    }

    public boolean contains(String alertId) {
        return standing.containsKey(alertId);
    }

    private void enforceCap() {
        while (standing.size() > MAX_ENTRIES) {
            String oldest = standing.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Standing> e) ->
                                    e.getValue().day() == null
                                            ? LocalDate.MIN
                                            : e.getValue().day())
                            .thenComparing(Map.Entry::getKey))
                    .orElseThrow()
                    .getKey();
            standing.remove(oldest);
        }
    }

    /**
     * FNV-1a over what a reader sees: severity, message and evidence. Stable across JVMs. The
     * alert's basis (rule id and version, threshold, source, DOI, grade) is left out on purpose: a
     * new rule version or a better citation alone must not re-send every standing alert. A change of
     * meaning shows anyway, as a different severity, message or evidence.
     */
    static long fingerprint(AlertCandidate c) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, c.severity().name());
        h = mix(h, c.message());
        for (Map.Entry<String, Double> e : c.evidence().entrySet()) {
            h = mix(h, e.getKey());
            long bits = Double.doubleToLongBits(e.getValue());
            for (int shift = 0; shift < 64; shift += 8) {
                h = (h ^ ((bits >>> shift) & 0xff)) * 0x100000001b3L;
            }
        }
        return h;
    }

    private static long mix(long h, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (h ^ 0xff) * 0x100000001b3L;
    }
}
