package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import io.runload.domain.LedgerRun;
import io.runload.domain.TrainingLedger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's ledger size per athlete: 400 days of history at N runs a week, measured as the
 * encoded ledger plus its store key. Runs carry what real uploads carry (non-round TRIMP, EF,
 * GPS distance, partial HR coverage on some) and two id styles: the simulator's
 * ({@code <athlete>-r001}, a vendor's numeric activity id) and the importer's (a name-based UUID
 * and a content hash), which are the longest ids the pipeline produces.
 */
class TrainingLedgerFootprintTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 6);
    private static final int DAYS = 400;
    private static final String ATHLETE = "athlete-00042";
    /** Issue 6's target for ledger_bytes_per_athlete. */
    private static final int TARGET_BYTES = 2_048;

    private record Ids(String runId, String externalId) {}

    private static Ids simulatorIds(int n) {
        return new Ids(String.format("%s-r%03d", ATHLETE, n), String.valueOf(10_000_000_000L + 7_919_993L * n));
    }

    private static Ids importIds(int n) {
        String hash = UUID.nameUUIDFromBytes(("file" + n).getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
        String externalId = hash + "-0";
        return new Ids(
                "import-"
                        + UUID.nameUUIDFromBytes(
                                (ATHLETE + "\0garmin\0" + externalId).getBytes(StandardCharsets.UTF_8)),
                externalId);
    }

    static int ledgerBytes(int runsPerWeek, IntFunction<Ids> ids) {
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
            // 7 in 10 runs with a few seconds of HR missing, 2 with a patchy strap, 1 without HR
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
            Ids id = ids.apply(n++);
            boolean hr = kind < 9;
            ledger.upsert(new LedgerRun(
                    id.runId(),
                    "garmin",
                    id.externalId(),
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
        byte[] stored = TrainingLedgerCodec.encode(ledger);
        assertThat(TrainingLedgerCodec.encode(TrainingLedgerCodec.decode(stored)))
                .isEqualTo(stored);
        return stored.length + ATHLETE.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void ledgerBytesPerAthleteByRunsPerWeek() {
        System.out.println("runs/week | runs in window | simulator ids | import ids");
        int[] simulator = new int[8];
        int[] imported = new int[8];
        for (int perWeek : new int[] {2, 3, 5, 6, 7}) {
            simulator[perWeek] = ledgerBytes(perWeek, TrainingLedgerFootprintTest::simulatorIds);
            imported[perWeek] = ledgerBytes(perWeek, TrainingLedgerFootprintTest::importIds);
            System.out.printf(
                    "%d | %d | %d | %d%n",
                    perWeek, perWeek * TrainingLedger.WINDOW_DAYS / 7, simulator[perWeek], imported[perWeek]);
        }
        // Issue 6: a typical athlete (up to 5 runs a week) fits the target with vendor ids; with
        // the importer's UUID ids up to 3 runs a week do.
        assertThat(simulator[5]).isLessThanOrEqualTo(TARGET_BYTES);
        // The store's encoding is chosen against this bound (docs/architecture.md, "State and its
        // encodings"): six runs a week with vendor ids must still fit.
        assertThat(simulator[6]).isLessThanOrEqualTo(TARGET_BYTES);
        assertThat(imported[3]).isLessThanOrEqualTo(TARGET_BYTES);
        // about 40 bytes a run with vendor ids (format 1 took about 105)
        assertThat((simulator[7] - simulator[2]) / (7.0 - 2.0) / 8).isLessThan(45);
    }
}
