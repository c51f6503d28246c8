package io.runload.bench.state;

import io.runload.domain.AlertLog;
import io.runload.domain.ProfileHistory;
import io.runload.domain.TrainingLedger;
import io.runload.state.AlertLogCodec;
import io.runload.state.ProfileHistoryCodec;
import io.runload.state.TrainingLedgerCodec;
import io.runload.testing.fixtures.TrainingHistory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes per athlete of the ledger, profile history and alert log, hand codec against Avro
 * single-object encoding, for the fixtures of {@link StateFixtures}. Each Avro value is decoded
 * again and re-encoded by the hand codec: the figures only count if that gives the same bytes,
 * i.e. the Avro form loses nothing.
 */
public final class StoreEncodingSizes {

    private StoreEncodingSizes() {}

    public static void main(String[] args) {
        int key = StateFixtures.ATHLETE.getBytes(StandardCharsets.UTF_8).length;
        AvroStateEncoding ledgerAvro = AvroStateEncoding.ledger();
        System.out.println(
                "store | fixture | hand codec bytes | Avro single-object bytes (incl. 10-byte header) | key bytes");
        for (TrainingHistory.Ids ids : TrainingHistory.Ids.values()) {
            for (int perWeek : new int[] {3, 5, 6, 7}) {
                TrainingLedger ledger = StateFixtures.ledger(perWeek, ids);
                byte[] hand = TrainingLedgerCodec.encode(ledger);
                byte[] avro = ledgerAvro.encode(AvroStateEncoding.toRecord(ledger));
                byte[] again = TrainingLedgerCodec.encode(AvroStateEncoding.ledgerFrom(ledgerAvro.decode(avro)));
                requireSame("ledger", hand, again);
                System.out.printf(
                        "ledger | %d runs/week, %s ids, %d runs held | %d | %d | %d%n",
                        perWeek, ids, ledger.snapshot().entries().size(), hand.length, avro.length, key);
            }
        }
        ProfileHistory history = StateFixtures.profileHistory();
        AvroStateEncoding historyAvro = AvroStateEncoding.profileHistory();
        byte[] hand = ProfileHistoryCodec.encode(history);
        byte[] avro = historyAvro.encode(AvroStateEncoding.toRecord(history));
        requireSame(
                "profile history",
                hand,
                ProfileHistoryCodec.encode(AvroStateEncoding.profileHistoryFrom(historyAvro.decode(avro))));
        System.out.printf(
                "profile history | %d versions | %d | %d | %d%n",
                history.versions().size(), hand.length, avro.length, key);

        AlertLog log = StateFixtures.alertLog();
        AvroStateEncoding logAvro = AvroStateEncoding.alertLog();
        hand = AlertLogCodec.encode(log);
        avro = logAvro.encode(AvroStateEncoding.toRecord(log));
        requireSame("alert log", hand, AlertLogCodec.encode(AvroStateEncoding.alertLogFrom(logAvro.decode(avro))));
        System.out.printf(
                "alert log | %d standing alerts | %d | %d | %d%n",
                log.snapshot().standing().size(), hand.length, avro.length, key);
    }

    private static void requireSame(String store, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(store + ": the Avro round trip does not give back the same state");
        }
    }
}
