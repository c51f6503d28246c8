package io.runload.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The ledger alerts that hold for the periods one evaluation judged, and which periods those
 * were: a standing alert inside them that is not among {@code holding} no longer holds.
 *
 * @param from first local day whose periods were judged; null when nothing was
 * @param windowStart the ledger's first detail day at the evaluation
 * @param historyStart the athlete's first day at the evaluation
 * @param holding the alerts that hold, at most one per alert identity
 */
public record AlertEvaluation(
        LocalDate from, LocalDate windowStart, LocalDate historyStart, List<AlertCandidate> holding) {

    public AlertEvaluation {
        holding = List.copyOf(holding);
    }

    static AlertEvaluation nothing() {
        return new AlertEvaluation(null, null, null, List.of());
    }

    /**
     * True when this evaluation judged the period of an alert of {@code scope} ending on
     * {@code periodEnd} (a run's date, or a week's last day).
     */
    public boolean covers(AlertLog.Scope scope, LocalDate periodEnd) {
        if (from == null || periodEnd == null || periodEnd.isBefore(from)) {
            return false;
        }
        return switch (scope) {
            case RUN -> lookbackKnown(periodEnd, AlertRules.SINGLE_RUN_LOOKBACK_DAYS + 1);
            case WEEK ->
                lookbackKnown(periodEnd.minusDays(6), AlertRules.WEEK_LOOKBACK_DAYS)
                        && !periodEnd.isBefore(windowStart);
            case LIVE, UNKNOWN -> false;
        };
    }

    private boolean lookbackKnown(LocalDate day, int days) {
        return !day.minusDays(days).isBefore(windowStart) || !historyStart.isBefore(windowStart);
    }
}
