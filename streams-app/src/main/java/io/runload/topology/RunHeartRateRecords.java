package io.runload.topology;

import io.runload.avro.RunEvent;
import io.runload.avro.Sport;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.RunHeartRateRecord;
import io.runload.domain.TrainingLedger;
import io.runload.state.RunHeartRateRecordCodec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link StoreNames#RUN_HEART_RATE_RECORD} store: one record per summarised run of the ledger
 * window, written when the run is summarised, and read when a back-dated profile version means
 * the runs must be scored again. A run leaving the window leaves the store, so it costs state for
 * 56 days and no longer. The store holds the codec's bytes rather than decoded records, because
 * the codec leaves the athlete and run id to the key and needs it back to decode.
 */
final class RunHeartRateRecords {
    private final KeyValueStore<String, byte[]> store;

    RunHeartRateRecords(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /**
     * Keeps what re-scoring the run needs after it has been summarised. A run summarised again once
     * its heart-rate accumulation is gone keeps the histogram recorded before, with the newer event.
     *
     * @param accumulator the run's heart rate, null when there is none (any longer)
     * @param effort the published effort, null without heart rate
     */
    void summarised(
            String athleteId,
            RunEvent run,
            LocalDate localDate,
            RunHeartRateAccumulator accumulator,
            RunEffort effort,
            TrainingLedger ledger) {
        String key = StoreNames.composite(athleteId, run.getRunId());
        if (run.getSport() == Sport.OTHER) {
            if (store.get(key) != null) {
                store.delete(key);
            }
        } else if (accumulator != null) {
            put(athleteId, RunHeartRateRecord.of(run, localDate, accumulator, effort));
        } else {
            RunHeartRateRecord earlier = get(athleteId, run.getRunId());
            put(
                    athleteId,
                    earlier == null
                            ? RunHeartRateRecord.withoutHeartRate(run, localDate)
                            : earlier.withEvent(run, localDate));
        }
        prune(athleteId, ledger);
    }

    void deleted(String athleteId, String runId) {
        String key = StoreNames.composite(athleteId, runId);
        if (store.get(key) != null) {
            store.delete(key);
        }
    }

    void rescored(String athleteId, RunHeartRateRecord record) {
        put(athleteId, record);
    }

    private void put(String athleteId, RunHeartRateRecord record) {
        String runId = record.event().getRunId();
        store.put(StoreNames.composite(athleteId, runId), RunHeartRateRecordCodec.toBytes(record, athleteId, runId));
    }

    private RunHeartRateRecord get(String athleteId, String runId) {
        byte[] bytes = store.get(StoreNames.composite(athleteId, runId));
        return bytes == null ? null : RunHeartRateRecordCodec.fromBytes(bytes, athleteId, runId);
    }

    private static RunHeartRateRecord decode(String athleteId, KeyValue<String, byte[]> entry) {
        String runId = entry.key.substring(StoreNames.athletePrefix(athleteId).length());
        return RunHeartRateRecordCodec.fromBytes(entry.value, athleteId, runId);
    }

    /** The athlete's records inside the ledger window, in start order. */
    List<RunHeartRateRecord> inWindow(String athleteId, TrainingLedger ledger) {
        List<RunHeartRateRecord> runs = new ArrayList<>();
        if (ledger == null || ledger.windowStart() == null) {
            return runs;
        }
        try (KeyValueIterator<String, byte[]> it = athlete(athleteId)) {
            while (it.hasNext()) {
                RunHeartRateRecord record = decode(athleteId, it.next());
                if (!record.localDate().isBefore(ledger.windowStart())) {
                    runs.add(record);
                }
            }
        }
        runs.sort(Comparator.comparing((RunHeartRateRecord r) -> r.event().getStartTime())
                .thenComparing(r -> r.event().getRunId()));
        return runs;
    }

    private void prune(String athleteId, TrainingLedger ledger) {
        if (ledger == null || ledger.windowStart() == null) {
            return;
        }
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = athlete(athleteId)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                if (decode(athleteId, entry).localDate().isBefore(ledger.windowStart())) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(store::delete);
    }

    private KeyValueIterator<String, byte[]> athlete(String athleteId) {
        return store.prefixScan(StoreNames.athletePrefix(athleteId), new StringSerializer());
    }
}
