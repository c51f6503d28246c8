package io.runload.topology;

import io.runload.avro.ErasureOrigin;
import io.runload.avro.ErasureReceipt;
import io.runload.metrics.RunLoadMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one athlete from every state store of the task: each delete writes a tombstone to the
 * store's changelog, so a restore brings nothing back. Then it emits the receipt and, for an
 * explicit request, a tombstone for the athlete on the compacted athlete-profiles topic (marked
 * with {@link ProfileTombstoneProcessor#ERASURE_HEADER} so that it is not taken for a new request).
 *
 * <p>It runs in the same task as every other processor of the athlete, so nothing of the athlete
 * is processed half-way through. The in-memory copies on the per-sample path go with the stores:
 * the decoded heart-rate states are told about the delete by their store
 * ({@link CommitTimeEncodingStore#onDelete}), and the cached profiles of the day by
 * {@link ProfileRevision}.
 *
 * <p>It logs the request id and counts only: neither the athlete id nor anything about it.
 */
final class AthleteErasureProcessor implements Processor<String, ErasureCommand, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(AthleteErasureProcessor.class);
    /** Stores keyed by athleteId alone. */
    static final List<String> ATHLETE_STORES =
            List.of(StoreNames.PROFILE_HISTORY, StoreNames.HEART_RATE, StoreNames.LEDGER, StoreNames.ALERT_LOG);
    /** Stores keyed by athleteId NUL something: one entry per run, week or alert. */
    static final List<String> ATHLETE_ENTRY_STORES = List.of(
            StoreNames.RUN_SUMMARIES,
            StoreNames.WEEKLY_VOLUME,
            StoreNames.PENDING_RUNS,
            StoreNames.WATCHED_RUNS,
            StoreNames.RUN_HEART_RATE_RECORD,
            StoreNames.HEART_RATE_RUNS,
            StoreNames.ALERTS);

    private final RunLoadMetrics metrics;
    private final Clock clock;
    private final ProfileRevision profileRevision;
    private ProcessorContext<String, SpecificRecord> context;
    private final Map<String, KeyValueStore<String, Object>> stores = new LinkedHashMap<>();

    AthleteErasureProcessor(RunLoadMetrics metrics, Clock clock, ProfileRevision profileRevision) {
        this.metrics = metrics;
        this.clock = clock;
        this.profileRevision = profileRevision;
    }

    /** Every store this processor clears, for the topology to connect. */
    static String[] storeNames() {
        List<String> all = new ArrayList<>(ATHLETE_STORES);
        all.addAll(ATHLETE_ENTRY_STORES);
        return all.toArray(String[]::new);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        for (String name : storeNames()) {
            stores.put(name, context.getStateStore(name));
        }
    }

    @Override
    public void process(Record<String, ErasureCommand> record) {
        ErasureCommand command = record.value();
        String athleteId = command.athleteId();
        Map<String, Integer> cleared = new LinkedHashMap<>();
        for (String name : ATHLETE_STORES) {
            cleared.put(name, stores.get(name).delete(athleteId) == null ? 0 : 1);
        }
        for (String name : ATHLETE_ENTRY_STORES) {
            cleared.put(name, deleteEntries(stores.get(name), athleteId));
        }
        profileRevision.advance();

        boolean writeProfileTombstone = command.origin() == ErasureOrigin.ERASURE_REQUEST;
        long completedAt = clock.millis();
        ErasureReceipt receipt = ErasureReceipt.newBuilder()
                .setAthleteId(athleteId)
                .setRequestId(command.requestId())
                .setOrigin(command.origin())
                .setRequestedAt(Instant.ofEpochMilli(command.requestedAtMillis()))
                .setCompletedAt(Instant.ofEpochMilli(completedAt))
                .setStoresCleared(cleared)
                .setProfileTombstoneWritten(writeProfileTombstone)
                .build();
        if (writeProfileTombstone) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(
                    ProfileTombstoneProcessor.ERASURE_HEADER,
                    command.requestId().getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<String, SpecificRecord>(athleteId, null, record.timestamp(), headers));
        }
        context.forward(
                new Record<String, SpecificRecord>(athleteId, receipt, record.timestamp(), new RecordHeaders()));
        metrics.erasure(command.origin().name().toLowerCase(Locale.ROOT));
        int total = cleared.values().stream().mapToInt(Integer::intValue).sum();
        LOG.info("Erasure {} completed: {} state entries deleted", command.requestId(), total);
    }

    private static int deleteEntries(KeyValueStore<String, Object> store, String athleteId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it =
                store.prefixScan(StoreNames.athletePrefix(athleteId), new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
        return keys.size();
    }
}
