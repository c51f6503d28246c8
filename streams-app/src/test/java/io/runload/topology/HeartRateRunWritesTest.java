package io.runload.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.state.RunHeartRateAccumulatorCodec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run's entry is handed to its commit-time store once per commit, however many samples change it
 * in between, and each commit still stores every sample taken: the store keeps the very accumulator
 * unflushed and encodes it as it is at the commit.
 */
class HeartRateRunWritesTest {
    private static final long START = Instant.parse("2026-11-25T07:00:00Z").toEpochMilli();
    private static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);

    private final CommitTimeEncodingStore<RunHeartRateAccumulator> store =
            new CommitTimeEncodingStore<>(Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(StoreNames.HEART_RATE_RUNS),
                            Serdes.String(),
                            new CodecSerde<>(
                                    RunHeartRateAccumulatorCodec::encode, RunHeartRateAccumulatorCodec::decode))
                    .withLoggingDisabled()
                    .build());
    private final CountingKeyValueStore<RunHeartRateAccumulator> counted = new CountingKeyValueStore<>(store);
    /** The states' own store is only read by {@link AthleteHeartRateStores#get}, which this test does not call. */
    private final AthleteHeartRateStores stores = new AthleteHeartRateStores(null, counted);

    private final Map<String, AthleteHeartRateState> states = new HashMap<>();
    private final Map<String, Integer> samplesTaken = new HashMap<>();

    HeartRateRunWritesTest() {
        store.init(new MockProcessorContext<Void, Void>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void sample(String athleteId, String runKey) {
        AthleteHeartRateState state = states.computeIfAbsent(athleteId, id -> {
            AthleteHeartRateState created = new AthleteHeartRateState();
            stores.attachForWriting(id, created);
            return created;
        });
        samplesTaken.merge(StoreNames.composite(athleteId, runKey), 1, Integer::sum);
        // A second apart per athlete, whichever run: two samples at one instant would be one re-sent.
        long at = START + 1000L * samplesTaken.merge(athleteId, 1, Integer::sum);
        state.onSample(runKey, at, 140, Double.NaN, -1, PROFILE, 60_000L);
        stores.changed(athleteId, state, runKey);
    }

    /** The run as a restore would see it: encoded at the flush, decoded afresh. */
    private RunHeartRateAccumulator flushed(String athleteId, String runKey) {
        store.flushCache();
        return store.get(StoreNames.composite(athleteId, runKey));
    }

    @Test
    void interleavedSamplesWriteEachRunOncePerCommit() {
        for (int i = 0; i < 6; i++) {
            sample("a1", "r1");
            sample("a2", "r2");
        }
        assertThat(counted.puts).isEqualTo(2);
        assertThat(flushed("a1", "r1").sampleCount()).isEqualTo(6);
        assertThat(flushed("a2", "r2").sampleCount()).isEqualTo(6);

        for (int i = 0; i < 3; i++) {
            sample("a1", "r1");
            sample("a2", "r2");
        }
        assertThat(counted.puts).isEqualTo(4);
        assertThat(flushed("a1", "r1").sampleCount()).isEqualTo(9);
        assertThat(flushed("a2", "r2").sampleCount()).isEqualTo(9);
    }

    /**
     * Random interleavings of samples of several athletes' runs with commits and early flushes:
     * after each commit every run's stored bytes are those of its live accumulator, with every
     * sample taken so far.
     */
    @Test
    void everySampleReachesTheStoreWhateverFlushesInBetween() {
        List<String> athletes = List.of("a1", "a2", "a3", "a4", "a5");
        List<String> runKeys = List.of("r1", "r2");
        int fillers = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            for (int step = 0; step < 300; step++) {
                int op = random.nextInt(100);
                if (op < 85) {
                    sample(athletes.get(random.nextInt(athletes.size())), runKeys.get(random.nextInt(runKeys.size())));
                } else if (op < 99) {
                    store.flushCache();
                    for (String athleteId : athletes) {
                        for (String runKey : runKeys) {
                            assertFlushedIsLive(athleteId, runKey, "seed " + seed + ", step " + step);
                        }
                    }
                } else {
                    // Other keys fill the store to its bound, and the next write encodes everything early.
                    while (store.pendingWrites() < CommitTimeEncodingStore.MAX_PENDING_KEYS) {
                        store.put("filler-" + fillers++, new RunHeartRateAccumulator());
                    }
                }
            }
        }
    }

    private void assertFlushedIsLive(String athleteId, String runKey, String context) {
        AthleteHeartRateState state = states.get(athleteId);
        RunHeartRateAccumulator live = state == null ? null : state.run(runKey).orElse(null);
        RunHeartRateAccumulator stored = store.get(StoreNames.composite(athleteId, runKey));
        if (live == null) {
            assertThat(stored).as(context).isNull();
            return;
        }
        assertThat(stored).as(context).isNotNull();
        assertThat(stored.sampleCount())
                .as(context)
                .isEqualTo(samplesTaken.get(StoreNames.composite(athleteId, runKey)));
        assertThat(RunHeartRateAccumulatorCodec.encode(stored))
                .as(context)
                .isEqualTo(RunHeartRateAccumulatorCodec.encode(live));
    }
}
