package io.runload.bench.jmh;

import io.runload.avro.IntensityClass;
import io.runload.avro.Sport;
import io.runload.domain.AlertCandidate;
import io.runload.domain.AlertRules;
import io.runload.domain.LedgerRun;
import io.runload.domain.LedgerUpdate;
import io.runload.domain.TrainingLedger;
import io.runload.state.TrainingLedgerCodec;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A late run 30 days back into a ledger with a run on 5 days of every week for the last 120 days:
 * what the training-load processor does with it in the domain (decode the stored ledger, upsert,
 * recompute every affected week, evaluate the alert rules, encode the ledger again).
 * {@code decodeOnly} is the store read alone, for subtraction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class LateRunLedgerBenchmark {
    private static final LocalDate TODAY = LocalDate.of(2026, 5, 1);

    private byte[] stored;
    private LedgerRun late;

    @Setup
    public void setUp() {
        TrainingLedger ledger = new TrainingLedger();
        for (int d = 120; d >= 1; d--) {
            LocalDate day = TODAY.minusDays(d);
            if (day.getDayOfWeek() != DayOfWeek.MONDAY && day.getDayOfWeek() != DayOfWeek.FRIDAY) {
                ledger.upsert(run("r" + d, day, 45 + d % 30));
            }
        }
        stored = TrainingLedgerCodec.encode(ledger);
        late = run("late-30", TODAY.minusDays(30), 50);
    }

    private static LedgerRun run(String id, LocalDate day, int minutes) {
        long start = day.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        int seconds = minutes * 60;
        return new LedgerRun(
                id,
                "garmin",
                "ext-" + id,
                Sport.RUN,
                start,
                seconds,
                seconds - 30,
                seconds * 2.9,
                day,
                minutes * 1.1,
                false,
                seconds,
                (long) (seconds * 0.85),
                0.021,
                IntensityClass.EASY,
                null,
                1.0);
    }

    @Benchmark
    public byte[] lateRunRecompute(Blackhole sink) {
        TrainingLedger ledger = TrainingLedgerCodec.decode(stored);
        LedgerUpdate update = ledger.upsert(late);
        for (LocalDate weekStart : ledger.affectedWeekStarts(update.earliestChangedDay(), DayOfWeek.MONDAY)) {
            LocalDate weekEnd = weekStart.plusDays(6);
            sink.consume(ledger.week(weekStart, weekEnd.isAfter(ledger.latestDay()) ? ledger.latestDay() : weekEnd));
        }
        List<AlertCandidate> alerts = AlertRules.evaluate(ledger, update, DayOfWeek.MONDAY);
        sink.consume(alerts);
        return TrainingLedgerCodec.encode(ledger);
    }

    @Benchmark
    public TrainingLedger decodeOnly() {
        return TrainingLedgerCodec.decode(stored);
    }
}
