package io.runload.testing;

import io.runload.domain.AlertLog;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.TrainingLedger;
import io.runload.state.AlertLogCodec;
import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.ProfileHistoryCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
import io.runload.state.TrainingLedgerCodec;
import java.util.Arrays;

/** Store values in a form that compares by content, for tests that compare whole stores. */
public final class StoredValues {
    private StoredValues() {}

    /**
     * Domain state by its encoding (its classes have no value equality), stores that hold their
     * codec's bytes themselves (run-heart-rate-record) by those bytes, records by their text.
     */
    public static String fingerprint(Object value) {
        byte[] stored = value instanceof byte[] bytes
                ? bytes
                : value instanceof TrainingLedger ledger
                        ? TrainingLedgerCodec.encode(ledger)
                        : value instanceof AthleteHeartRateState heartRate
                                ? AthleteHeartRateStateCodec.encode(heartRate)
                                : value instanceof ProfileHistory history
                                        ? ProfileHistoryCodec.encode(history)
                                        : value instanceof AlertLog log
                                                ? AlertLogCodec.encode(log)
                                                : value instanceof RunHeartRateAccumulator run
                                                        ? RunHeartRateAccumulatorCodec.encode(run)
                                                        : null;
        return stored != null ? Arrays.toString(stored) : String.valueOf(value);
    }
}
