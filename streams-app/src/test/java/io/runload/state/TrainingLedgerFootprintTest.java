package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.domain.TrainingLedger;
import io.runload.testing.fixtures.TrainingHistory;
import io.runload.testing.fixtures.TrainingHistory.Ids;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's ledger size per athlete: 400 days of history at N runs a week ({@link TrainingHistory}),
 * measured as the encoded ledger plus its store key, with the simulator's ids and with the
 * importer's, which are the longest ids the pipeline produces.
 */
class TrainingLedgerFootprintTest {

    /** Issue 6's target for ledger_bytes_per_athlete. */
    private static final int TARGET_BYTES = 2_048;

    static int ledgerBytes(int runsPerWeek, Ids ids) {
        TrainingLedger ledger = TrainingHistory.ledger(runsPerWeek, ids);
        byte[] stored = TrainingLedgerCodec.encode(ledger);
        assertThat(TrainingLedgerCodec.encode(TrainingLedgerCodec.decode(stored)))
                .isEqualTo(stored);
        return stored.length + TrainingHistory.ATHLETE.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void ledgerBytesPerAthleteByRunsPerWeek() {
        System.out.println("runs/week | runs in window | simulator ids | import ids");
        int[] simulator = new int[8];
        int[] imported = new int[8];
        for (int perWeek : new int[] {2, 3, 5, 6, 7}) {
            simulator[perWeek] = ledgerBytes(perWeek, Ids.VENDOR);
            imported[perWeek] = ledgerBytes(perWeek, Ids.IMPORT);
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
