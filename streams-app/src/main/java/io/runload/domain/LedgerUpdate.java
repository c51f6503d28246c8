package io.runload.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * What one change did to a ledger.
 *
 * @param effectiveRunId the run id the change was applied to; differs from the incoming id when
 *     exact dedup recognised a re-send of an upload already known under another id
 * @param earliestChangedDay first local day whose totals or chain values changed, null if none
 * @param changedRuns runs whose status or content changed (the upserted run included)
 */
public record LedgerUpdate(
        Outcome outcome, String effectiveRunId, LocalDate earliestChangedDay, List<RunStatusChange> changedRuns) {

    public enum Outcome {
        APPLIED,
        /** Older than the ledger's detail window: the caller routes it to the dead-letter topic. */
        OUTSIDE_WINDOW,
        /** Not a running sport: the analytics ignore it. */
        NOT_A_RUN,
        /** Delete of a run the ledger does not hold. */
        UNKNOWN_RUN
    }

    public LedgerUpdate {
        changedRuns = List.copyOf(changedRuns);
    }

    static LedgerUpdate unchanged(Outcome outcome, String runId) {
        return new LedgerUpdate(outcome, runId, null, List.of());
    }

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
