package io.runload.bench.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.AlertLog;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.TrainingLedger;
import io.runload.testing.fixtures.TrainingHistory;
import io.runload.testing.fixtures.TrainingHistory.Ids;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Realistic per-athlete state for weighing encodings: the ledger the ledger footprint test sizes
 * ({@link TrainingHistory}: 400 days of runs carrying what real uploads carry, vendor or importer
 * ids), a profile history of a few revisions, and an alert log of two months of a busy athlete.
 */
public final class StateFixtures {

    public static final String ATHLETE = TrainingHistory.ATHLETE;

    private StateFixtures() {}

    public static TrainingLedger ledger(int runsPerWeek, Ids ids) {
        return TrainingHistory.ledger(runsPerWeek, ids);
    }

    /** Four revisions: a sparse first profile, then tests that add LTHR, a move and a zone model. */
    public static ProfileHistory profileHistory() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(new ProfileVersion(
                null, 58, null, 1988, Sex.FEMALE, ZoneId.of("Europe/Berlin"), null, null, LocalDate.of(2024, 3, 1)));
        history.upsert(new ProfileVersion(
                189,
                54,
                171,
                1988,
                Sex.FEMALE,
                ZoneId.of("Europe/Berlin"),
                DayOfWeek.MONDAY,
                ZoneModel.KARVONEN,
                LocalDate.of(2024, 9, 14)));
        history.upsert(new ProfileVersion(
                188,
                52,
                173,
                1988,
                Sex.FEMALE,
                ZoneId.of("America/New_York"),
                DayOfWeek.SUNDAY,
                ZoneModel.KARVONEN,
                LocalDate.of(2025, 4, 2)));
        history.upsert(new ProfileVersion(
                188,
                51,
                174,
                1988,
                Sex.FEMALE,
                ZoneId.of("America/New_York"),
                DayOfWeek.SUNDAY,
                ZoneModel.LTHR_FRIEL,
                LocalDate.of(2025, 11, 20)));
        return history;
    }

    /**
     * Eight weeks of a busy athlete: a volume spike and an ACWR alert standing on every other
     * week, an easy run too hard each week (once from the ledger, once live).
     */
    public static AlertLog alertLog() {
        LocalDate monday = LocalDate.of(2026, 3, 2);
        TreeMap<String, AlertLog.Standing> standing = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(8);
        for (int week = 0; week < 8; week++) {
            LocalDate start = monday.plusWeeks(week);
            String period = start.toString();
            LocalDate end = start.plusDays(6);
            if (week % 2 == 0) {
                put(
                        standing,
                        AlertType.VOLUME_SPIKE,
                        AlertSeverity.WARNING,
                        AlertLog.Scope.WEEK,
                        period,
                        end,
                        null,
                        end,
                        random);
                put(
                        standing,
                        AlertType.ACWR_HIGH,
                        AlertSeverity.CRITICAL,
                        AlertLog.Scope.WEEK,
                        period,
                        end,
                        null,
                        end,
                        random);
            }
            String runId = String.format("%s-r%03d", ATHLETE, 100 + week);
            LocalDate runDay = start.plusDays(2);
            put(
                    standing,
                    AlertType.EASY_EFFORT_DRIFT,
                    AlertSeverity.INFO,
                    AlertLog.Scope.RUN,
                    runId,
                    runDay,
                    runId,
                    runDay,
                    random);
            put(
                    standing,
                    AlertType.EASY_RUN_TOO_HARD,
                    AlertSeverity.WARNING,
                    AlertLog.Scope.LIVE,
                    null,
                    null,
                    null,
                    runDay,
                    random);
        }
        return AlertLog.restore(new AlertLog.Snapshot(monday.plusWeeks(8).minusDays(1), standing));
    }

    private static void put(
            TreeMap<String, AlertLog.Standing> standing,
            AlertType type,
            AlertSeverity severity,
            AlertLog.Scope scope,
            String period,
            LocalDate periodEnd,
            String runId,
            LocalDate day,
            SplittableRandom random) {
        String id = AlertLog.alertId(ATHLETE, type, period == null ? day.toString() : period);
        AlertLog.Standing entry = new AlertLog.Standing(
                scope == AlertLog.Scope.LIVE ? null : type,
                severity,
                scope,
                period,
                periodEnd,
                runId,
                scope == AlertLog.Scope.LIVE ? 0 : random.nextLong(),
                day);
        standing.put(id, entry);
    }
}
