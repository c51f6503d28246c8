package io.runload.bench.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.ZoneModel;
import io.runload.domain.AlertLog;
import io.runload.domain.LedgerRun;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.TrainingLedger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Realistic per-athlete state for weighing encodings: the ledger is built as the ledger footprint
 * test builds it (400 days of runs carrying what real uploads carry, vendor or importer ids), a
 * profile history of a few revisions, and an alert log of two months of a busy athlete.
 */
public final class StateFixtures {

    public static final String ATHLETE = "athlete-00042";
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 6);
    private static final int DAYS = 400;

    /** Run and external id styles: a vendor's (simulator) or the importer's (UUID and content hash). */
    public enum Ids {
        VENDOR,
        IMPORT;

        String runId(int n) {
            return this == VENDOR ? String.format("%s-r%03d", ATHLETE, n) : "import-" + uuid(externalId(n));
        }

        String externalId(int n) {
            if (this == VENDOR) {
                return String.valueOf(10_000_000_000L + 7_919_993L * n);
            }
            return UUID.nameUUIDFromBytes(("file" + n).getBytes(StandardCharsets.UTF_8))
                            .toString()
                            .replace("-", "")
                    + "-0";
        }

        private static UUID uuid(String externalId) {
            return UUID.nameUUIDFromBytes((ATHLETE + "\0garmin\0" + externalId).getBytes(StandardCharsets.UTF_8));
        }
    }

    private StateFixtures() {}

    public static TrainingLedger ledger(int runsPerWeek, Ids ids) {
        SplittableRandom random = new SplittableRandom(runsPerWeek);
        TrainingLedger ledger = new TrainingLedger();
        int n = 0;
        for (int day = 0; day < DAYS; day++) {
            if (day % 7 >= runsPerWeek) {
                continue;
            }
            LocalDate date = FIRST_DAY.plusDays(day);
            int duration = 1_800 + random.nextInt(5_400);
            int moving = duration - random.nextInt(120);
            int kind = random.nextInt(10);
            double coverage = kind < 7
                    ? (duration - random.nextInt(30)) / (double) duration
                    : kind < 9 ? 0.6 + random.nextDouble() * 0.4 : 0.0;
            long hrSeconds = Math.round(duration * coverage);
            long easySeconds = (long) (hrSeconds * random.nextDouble());
            double speed = 2.4 + random.nextDouble();
            double distance = Math.round(moving * speed * 10) / 10.0;
            double avgHr = 130 + random.nextDouble() * 30;
            double load = duration / 60.0 * (1.1 + random.nextDouble());
            long start = date.atTime(6 + random.nextInt(12), random.nextInt(60), random.nextInt(60))
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            int id = n++;
            boolean hr = kind < 9;
            ledger.upsert(new LedgerRun(
                    ids.runId(id),
                    "garmin",
                    ids.externalId(id),
                    Sport.RUN,
                    start,
                    duration,
                    moving,
                    distance,
                    date,
                    load,
                    !hr,
                    hrSeconds,
                    easySeconds,
                    hr ? speed / avgHr : null,
                    !hr ? IntensityClass.UNKNOWN : random.nextInt(4) == 0 ? IntensityClass.HARD : IntensityClass.EASY,
                    random.nextBoolean() ? PlannedType.EASY : null,
                    coverage));
        }
        ledger.advanceTo(FIRST_DAY.plusDays(DAYS - 1));
        return ledger;
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
