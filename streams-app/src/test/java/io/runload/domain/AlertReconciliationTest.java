package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.RunStatus;
import io.runload.state.AlertLogCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The standing-alert diff: raise, re-send, withdraw, and silence when nothing changed. */
class AlertReconciliationTest {

    /** A Monday; ISO week 2026-W45 runs D .. D+6. */
    private static final LocalDate D = LocalDate.of(2026, 11, 2);

    private static final String ATHLETE = "ath-1";

    private static Optional<RunStatus> counted(String runId) {
        return Optional.of(RunStatus.COUNTED);
    }

    private static AlertCandidate week(AlertSeverity severity, double changePct) {
        return new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                severity,
                "2026-W45",
                D.plusDays(6),
                null,
                "week up",
                Map.of("weekOverWeekChangePct", changePct),
                AlertRule.WEEKLY_VOLUME_CHANGE.basis(10, changePct),
                D.plusDays(6));
    }

    private static AlertCandidate spike(String runId, LocalDate day) {
        return new AlertCandidate(
                AlertType.VOLUME_SPIKE,
                AlertSeverity.WARNING,
                runId,
                day,
                runId,
                "long run",
                Map.of("increasePct", 20.0),
                AlertRule.SINGLE_RUN_SPIKE.basis(10, 20.0));
    }

    /** An evaluation of everything from {@code from}, the whole history in the window. */
    private static AlertEvaluation evaluation(LocalDate from, AlertCandidate... holding) {
        return new AlertEvaluation(from, D.minusDays(40), D.minusDays(30), List.of(holding));
    }

    @Test
    void aNewAlertIsRaisedOnceAndTheSameEvaluationAgainEmitsNothing() {
        AlertLog log = new AlertLog();
        List<AlertLog.Change> first = log.reconcile(
                ATHLETE,
                evaluation(D, week(AlertSeverity.WARNING, 40)),
                AlertReconciliationTest::counted,
                D.plusDays(6));
        assertThat(first)
                .extracting(AlertLog.Change::status, AlertLog.Change::reason, AlertLog.Change::severity)
                .containsExactly(tuple(AlertStatus.ACTIVE, null, AlertSeverity.WARNING));
        assertThat(first.get(0).alertId()).isEqualTo(AlertLog.alertId(ATHLETE, AlertType.VOLUME_SPIKE, "2026-W45"));
        assertThat(log.reconcile(
                        ATHLETE,
                        evaluation(D, week(AlertSeverity.WARNING, 40)),
                        AlertReconciliationTest::counted,
                        D.plusDays(6)))
                .isEmpty();
    }

    @Test
    void aSeverityChangeOrNewFiguresReSendTheSameId() {
        AlertLog log = new AlertLog();
        log.reconcile(ATHLETE, evaluation(D, week(AlertSeverity.INFO, 20)), AlertReconciliationTest::counted, D);
        assertThat(log.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.WARNING, 40)), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::status, AlertLog.Change::reason)
                .containsExactly(tuple(AlertStatus.ACTIVE, "severity_raised"));
        assertThat(log.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.WARNING, 45)), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::reason)
                .containsExactly("figures_changed");
        assertThat(log.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.INFO, 20)), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::reason)
                .containsExactly("severity_lowered");
        assertThat(log.severityOf(AlertLog.alertId(ATHLETE, AlertType.VOLUME_SPIKE, "2026-W45")))
                .contains(AlertSeverity.INFO);
    }

    @Test
    void anAlertThatNoLongerHoldsIsWithdrawnOnceAndCanBeRaisedAgainByNewData() {
        AlertLog log = new AlertLog();
        log.reconcile(ATHLETE, evaluation(D, week(AlertSeverity.WARNING, 40)), AlertReconciliationTest::counted, D);
        List<AlertLog.Change> withdrawn = log.reconcile(ATHLETE, evaluation(D), AlertReconciliationTest::counted, D);
        assertThat(withdrawn)
                .extracting(
                        AlertLog.Change::status,
                        AlertLog.Change::reason,
                        AlertLog.Change::type,
                        AlertLog.Change::severity,
                        AlertLog.Change::period)
                .containsExactly(tuple(
                        AlertStatus.WITHDRAWN,
                        "no_longer_holds",
                        AlertType.VOLUME_SPIKE,
                        AlertSeverity.WARNING,
                        "2026-W45"));
        assertThat(log.reconcile(ATHLETE, evaluation(D), AlertReconciliationTest::counted, D))
                .isEmpty();
        assertThat(log.size()).isZero();
        assertThat(log.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.WARNING, 40)), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::status, AlertLog.Change::reason)
                .containsExactly(tuple(AlertStatus.ACTIVE, null));
    }

    @Test
    void onlyPeriodsTheEvaluationJudgedAreWithdrawn() {
        AlertLog log = new AlertLog();
        log.reconcile(
                ATHLETE,
                evaluation(D, week(AlertSeverity.WARNING, 40), spike("r1", D.plusDays(1))),
                AlertReconciliationTest::counted,
                D);
        // From the Monday after: the week ended on D+6 and the run was on D+1, neither is judged.
        assertThat(log.reconcile(ATHLETE, evaluation(D.plusDays(7)), AlertReconciliationTest::counted, D.plusDays(7)))
                .isEmpty();
        // From D+2: the week (ending D+6) is judged, the run (D+1) is not.
        assertThat(log.reconcile(ATHLETE, evaluation(D.plusDays(2)), AlertReconciliationTest::counted, D.plusDays(7)))
                .extracting(AlertLog.Change::period)
                .containsExactly("2026-W45");
        // A run whose 31-day lookback starts before the window, with history before it, is not judged either.
        AlertEvaluation folded = new AlertEvaluation(D, D.minusDays(20), D.minusDays(60), List.of());
        assertThat(log.reconcile(ATHLETE, folded, AlertReconciliationTest::counted, D.plusDays(7)))
                .isEmpty();
        assertThat(log.standingIds(AlertLog.Scope.RUN)).hasSize(1);
    }

    @Test
    void aRunAlertIsWithdrawnWithTheReasonTheRunStoppedCounting() {
        AlertLog log = new AlertLog();
        log.reconcile(
                ATHLETE,
                evaluation(D, spike("gone", D.plusDays(1)), spike("copy", D.plusDays(2))),
                AlertReconciliationTest::counted,
                D);
        Map<String, RunStatus> statuses = Map.of("gone", RunStatus.DELETED, "copy", RunStatus.DUPLICATE);
        assertThat(log.reconcile(ATHLETE, evaluation(D), id -> Optional.ofNullable(statuses.get(id)), D))
                .extracting(AlertLog.Change::runId, AlertLog.Change::reason)
                .containsExactlyInAnyOrder(tuple("gone", "run_deleted"), tuple("copy", "run_duplicate"));
    }

    @Test
    void aDeletedRunsAlertIsWithdrawnEvenWhenItsPeriodIsNoLongerReJudged() {
        // Window from D-40, history from D-60: a run on D-20 has a 31-day lookback reaching D-51,
        // before the window, so its spike is frozen for re-judging; a delete must still withdraw it.
        LocalDate runDay = D.minusDays(20);
        AlertEvaluation raised =
                new AlertEvaluation(runDay, D.minusDays(40), D.minusDays(60), List.of(spike("old", runDay)));
        AlertLog log = new AlertLog();
        log.reconcile(ATHLETE, raised, AlertReconciliationTest::counted, D);
        AlertEvaluation afterDelete = new AlertEvaluation(runDay, D.minusDays(40), D.minusDays(60), List.of());
        assertThat(afterDelete.covers(AlertLog.Scope.RUN, runDay)).isFalse();

        assertThat(log.reconcile(ATHLETE, afterDelete, id -> Optional.of(RunStatus.COUNTED), D))
                .isEmpty();
        assertThat(log.reconcile(ATHLETE, afterDelete, id -> Optional.of(RunStatus.DELETED), D))
                .extracting(AlertLog.Change::runId, AlertLog.Change::status, AlertLog.Change::reason)
                .containsExactly(tuple("old", AlertStatus.WITHDRAWN, "run_deleted"));
        assertThat(log.reconcile(ATHLETE, afterDelete, id -> Optional.of(RunStatus.DELETED), D))
                .isEmpty();
    }

    @Test
    void liveAlertsAreNeverWithdrawnByTheLedger() {
        AlertLog log = new AlertLog();
        String live = AlertLog.alertId(ATHLETE, AlertType.EASY_RUN_TOO_HARD, "run-9");
        assertThat(log.shouldEmit(live, AlertSeverity.WARNING, D)).isTrue();
        assertThat(log.reconcile(ATHLETE, evaluation(D.minusDays(30)), AlertReconciliationTest::counted, D))
                .isEmpty();
        assertThat(log.contains(live)).isTrue();
    }

    @Test
    void formatTwoRoundTripsAndFormatOneStillDecodes() throws IOException {
        AlertLog log = new AlertLog();
        log.reconcile(
                ATHLETE,
                evaluation(D, week(AlertSeverity.WARNING, 40), spike("r1", D.plusDays(1))),
                AlertReconciliationTest::counted,
                D);
        log.shouldEmit(AlertLog.alertId(ATHLETE, AlertType.EASY_RUN_TOO_HARD, "run-9"), AlertSeverity.WARNING, D);
        AlertLog copy = AlertLogCodec.decode(AlertLogCodec.encode(log));
        assertThat(AlertLogCodec.encode(copy)).isEqualTo(AlertLogCodec.encode(log));
        assertThat(copy.reconcile(
                        ATHLETE,
                        evaluation(D, week(AlertSeverity.WARNING, 40), spike("r1", D.plusDays(1))),
                        AlertReconciliationTest::counted,
                        D))
                .isEmpty();

        // Format 1 as written before: version, latest day, count, then (id, severity, day) per entry.
        String weekId = AlertLog.alertId(ATHLETE, AlertType.VOLUME_SPIKE, "2026-W45");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeBoolean(true);
            out.writeInt((int) D.toEpochDay());
            out.writeInt(1);
            out.writeUTF(weekId);
            out.writeByte(1); // WARNING's stored code
            out.writeBoolean(true);
            out.writeInt((int) D.toEpochDay());
        }
        AlertLog old = AlertLogCodec.decode(bytes.toByteArray());
        assertThat(old.contains(weekId)).isTrue();
        // An old entry is adopted quietly at the same severity; it is not withdrawn, as its period is unknown.
        assertThat(old.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.WARNING, 40)), AlertReconciliationTest::counted, D))
                .isEmpty();
        AlertLog older = AlertLogCodec.decode(bytes.toByteArray());
        assertThat(older.reconcile(ATHLETE, evaluation(D), AlertReconciliationTest::counted, D))
                .isEmpty();
        assertThat(older.reconcile(
                        ATHLETE, evaluation(D, week(AlertSeverity.CRITICAL, 120)), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::reason)
                .containsExactly("severity_raised");
    }

    @Test
    void aNewRuleVersionOrCitationAloneReSendsNothing() {
        AlertLog log = new AlertLog();
        AlertCandidate first = spike("run-1", D);
        assertThat(log.reconcile(ATHLETE, evaluation(D, first), AlertReconciliationTest::counted, D))
                .hasSize(1);
        AlertBasis old = first.basis();
        AlertBasis reCited = new AlertBasis(
                old.ruleId(),
                old.ruleVersion() + 1,
                old.threshold(),
                old.measuredValue(),
                old.unit(),
                "a better citation",
                "10.0000/example",
                EvidenceGrade.B);
        AlertCandidate sameMeaning = new AlertCandidate(
                first.type(),
                first.severity(),
                first.period(),
                first.date(),
                first.runId(),
                first.message(),
                first.evidence(),
                reCited);
        assertThat(log.reconcile(ATHLETE, evaluation(D, sameMeaning), AlertReconciliationTest::counted, D))
                .isEmpty();
        // A change of meaning shows in severity, message or evidence, and that is re-sent, with the new basis.
        AlertCandidate critical = new AlertCandidate(
                first.type(),
                AlertSeverity.CRITICAL,
                first.period(),
                first.date(),
                first.runId(),
                first.message(),
                first.evidence(),
                reCited);
        assertThat(log.reconcile(ATHLETE, evaluation(D, critical), AlertReconciliationTest::counted, D))
                .extracting(AlertLog.Change::reason, c -> c.basis().ruleVersion())
                .containsExactly(tuple("severity_raised", old.ruleVersion() + 1));
    }

    // ---- with the rules: a late run completes a week ----

    @Test
    void aLateRunThatCompletesLastWeekWithdrawsThisWeeksVolumeAlert() {
        TrainingLedger ledger = new TrainingLedger();
        AlertLog log = new AlertLog();
        // W45: 10 km on D and D+2. W46: 10 km on D+7, D+9, D+11.
        for (int day : new int[] {0, 2, 7, 9, 11}) {
            ledger.upsert(run("r" + day, D.plusDays(day)).build());
        }
        AlertEvaluation before = AlertRules.evaluateFrom(ledger, D, DayOfWeek.MONDAY);
        // 30 km on 20 km: +50% -> INFO (week-over-week change is descriptive at any size); nothing
        // else holds (no history for ACWR/TSB, loads alternate).
        assertThat(before.holding())
                .extracting(AlertCandidate::type, AlertCandidate::severity, AlertCandidate::period)
                .containsExactly(tuple(AlertType.VOLUME_SPIKE, AlertSeverity.INFO, "2026-W46"));
        assertThat(log.reconcile(ATHLETE, before, ledger::statusOf, ledger.latestDay()))
                .hasSize(1);

        // The run of D+4 syncs late: W45 is 30 km too, so W46 is +0%.
        LedgerUpdate late = ledger.upsert(run("r4", D.plusDays(4)).build());
        assertThat(late.earliestChangedDay()).isEqualTo(D.plusDays(4));
        AlertEvaluation after = AlertRules.evaluateFrom(ledger, late.earliestChangedDay(), DayOfWeek.MONDAY);
        assertThat(after.holding()).isEmpty();
        assertThat(log.reconcile(ATHLETE, after, ledger::statusOf, ledger.latestDay()))
                .extracting(AlertLog.Change::status, AlertLog.Change::reason, AlertLog.Change::period)
                .containsExactly(tuple(AlertStatus.WITHDRAWN, "no_longer_holds", "2026-W46"));
        // Re-sending the same run changes nothing, so nothing is published.
        LedgerUpdate again = ledger.upsert(run("r4", D.plusDays(4)).build());
        assertThat(log.reconcile(
                        ATHLETE,
                        AlertRules.evaluateFrom(ledger, again.earliestChangedDay(), DayOfWeek.MONDAY),
                        ledger::statusOf,
                        ledger.latestDay()))
                .isEmpty();
    }
}
