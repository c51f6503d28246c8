package io.runload.bench;

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
import io.runload.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per-athlete state, store by store: every entry read through interactive queries and measured as
 * the bytes RocksDB and the changelog hold for it (UTF-8 key + the store's value encoding; Avro
 * values counted with their 5-byte wire header). This is the logical size, before RocksDB's LZ4
 * compression and without its per-entry overhead; RocksDB's own estimates are reported next to it.
 */
final class StoreFootprint {
    static final List<String> STORES = List.of(
            StoreNames.LEDGER,
            StoreNames.HEART_RATE,
            StoreNames.HEART_RATE_RUNS,
            StoreNames.PROFILE_HISTORY,
            StoreNames.ALERT_LOG,
            StoreNames.RUN_SUMMARIES,
            StoreNames.WEEKLY_VOLUME,
            StoreNames.ALERTS);

    record Size(String store, long entries, long athletes, long bytes) {
        double bytesPerAthlete() {
            return athletes == 0 ? 0 : (double) bytes / athletes;
        }
    }

    private StoreFootprint() {}

    static Map<String, Size> measure(KafkaStreams streams) {
        Map<String, Size> sizes = new LinkedHashMap<>();
        for (String store : STORES) {
            ReadOnlyKeyValueStore<String, Object> view =
                    streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            long entries = 0;
            long bytes = 0;
            Set<String> athletes = new HashSet<>();
            try (KeyValueIterator<String, Object> it = view.all()) {
                while (it.hasNext()) {
                    KeyValue<String, Object> kv = it.next();
                    entries++;
                    bytes += kv.key.getBytes(StandardCharsets.UTF_8).length + valueBytes(kv.value);
                    int nul = kv.key.indexOf('\u0000');
                    athletes.add(nul < 0 ? kv.key : kv.key.substring(0, nul));
                }
            }
            sizes.put(store, new Size(store, entries, athletes.size(), bytes));
        }
        return sizes;
    }

    /** RocksDB's estimate-live-data-size and total-sst-files-size per store, summed over tasks (0 when not reported). */
    static Map<String, long[]> rocksDbEstimates(KafkaStreams streams) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            String store = name.tags().get("rocksdb-state-id");
            if (store == null) {
                continue;
            }
            int slot = switch (name.name()) {
                case "estimate-live-data-size" -> 0;
                case "total-sst-files-size" -> 1;
                case "size-all-mem-tables" -> 2;
                default -> -1;
            };
            if (slot >= 0 && e.getValue().metricValue() instanceof Number n) {
                out.computeIfAbsent(store, s -> new long[3])[slot] += n.longValue();
            }
        }
        return out;
    }

    private static long avroBytes(SpecificRecordBase record) {
        var out = new java.io.ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new org.apache.avro.specific.SpecificDatumWriter<SpecificRecordBase>(
                            record.getSchema(), org.apache.avro.specific.SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.size();
    }

    private static long valueBytes(Object value) {
        if (value instanceof TrainingLedger v) {
            return TrainingLedgerCodec.encode(v).length;
        }
        if (value instanceof AthleteHeartRateState v) {
            return AthleteHeartRateStateCodec.encode(v).length;
        }
        if (value instanceof RunHeartRateAccumulator v) {
            return RunHeartRateAccumulatorCodec.encode(v).length;
        }
        if (value instanceof ProfileHistory v) {
            return ProfileHistoryCodec.encode(v).length;
        }
        if (value instanceof AlertLog v) {
            return AlertLogCodec.encode(v).length;
        }
        if (value instanceof SpecificRecordBase v) {
            return 5 + avroBytes(v);
        }
        throw new IllegalArgumentException("no size rule for " + value.getClass());
    }
}
