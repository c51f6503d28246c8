package io.runload.bench.jmh;

import io.runload.bench.state.AvroStateEncoding;
import io.runload.bench.state.StateFixtures;
import io.runload.domain.AlertLog;
import io.runload.domain.ProfileHistory;
import io.runload.domain.TrainingLedger;
import io.runload.state.AlertLogCodec;
import io.runload.state.ProfileHistoryCodec;
import io.runload.state.TrainingLedgerCodec;
import io.runload.testing.fixtures.TrainingHistory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode then decode of one athlete's ledger (6 runs a week, vendor ids), profile history and
 * alert log, by the store's own codec ({@code hand}) and by Avro single-object encoding
 * ({@code avro}, through the snapshot records of {@link AvroStateEncoding}): the cost a store
 * write and the next read pay. One thread, microseconds per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreEncodingBenchmark {

    @Param({"ledger", "profileHistory", "alertLog"})
    public String store;

    @Param({"hand", "avro"})
    public String codec;

    private TrainingLedger ledger;
    private ProfileHistory history;
    private AlertLog log;
    private AvroStateEncoding avro;

    @Setup
    public void setUp() {
        ledger = StateFixtures.ledger(6, TrainingHistory.Ids.VENDOR);
        history = StateFixtures.profileHistory();
        log = StateFixtures.alertLog();
        avro = switch (store) {
            case "ledger" -> AvroStateEncoding.ledger();
            case "profileHistory" -> AvroStateEncoding.profileHistory();
            default -> AvroStateEncoding.alertLog();
        };
    }

    @Benchmark
    public Object encodeThenDecode() {
        boolean hand = codec.equals("hand");
        return switch (store) {
            case "ledger" ->
                hand
                        ? TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger))
                        : AvroStateEncoding.ledgerFrom(avro.decode(avro.encode(AvroStateEncoding.toRecord(ledger))));
            case "profileHistory" ->
                hand
                        ? ProfileHistoryCodec.decode(ProfileHistoryCodec.encode(history))
                        : AvroStateEncoding.profileHistoryFrom(
                                avro.decode(avro.encode(AvroStateEncoding.toRecord(history))));
            default ->
                hand
                        ? AlertLogCodec.decode(AlertLogCodec.encode(log))
                        : AvroStateEncoding.alertLogFrom(avro.decode(avro.encode(AvroStateEncoding.toRecord(log))));
        };
    }
}
