package io.runload.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoded cache over the commit-time encoding store hands a value to the store once per commit
 * interval, not on every write. These pin that every change written through the cache still reaches
 * the store at the next flush, whatever flushed, discarded or deleted in between.
 */
class DecodedStateCacheTest {
    private static final String STORE = "tallies";

    /** A mutable value, as the heart-rate state is. */
    static final class Tally {
        final List<String> items = new ArrayList<>();
    }

    private final CommitTimeEncodingStore<Tally> store = new CommitTimeEncodingStore<>(Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(STORE),
                    Serdes.String(),
                    new CodecSerde<Tally>(
                            tally -> String.join(",", tally.items).getBytes(StandardCharsets.UTF_8), bytes -> {
                                Tally tally = new Tally();
                                String text = new String(bytes, StandardCharsets.UTF_8);
                                if (!text.isEmpty()) {
                                    tally.items.addAll(List.of(text.split(",")));
                                }
                                return tally;
                            }))
            .withLoggingDisabled()
            .build());
    /** Stands where the processor context's store handle stands: over the layer, counting what passes. */
    private final CountingKeyValueStore<Tally> counted = new CountingKeyValueStore<>(store);

    private final DecodedStateCache<Tally> cache = new DecodedStateCache<>(counted, 16);

    DecodedStateCacheTest() {
        store.init(new MockProcessorContext<Void, Void>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** What the store would restore from: the flushed, encoded value, decoded afresh. */
    private List<String> flushed(String key) {
        store.flushCache();
        Tally tally = store.get(key);
        return tally == null ? null : tally.items;
    }

    private void add(String key, String item) {
        Tally tally = cache.get(key);
        if (tally == null) {
            tally = new Tally();
        }
        tally.items.add(item);
        cache.put(key, tally);
    }

    @Test
    void manyChangesBeforeACommitAreHandedToTheStoreOnce() {
        add("a", "x");
        add("a", "y");
        add("a", "z");
        assertThat(counted.puts).isEqualTo(1);
        assertThat(flushed("a")).containsExactly("x", "y", "z");
        // After the commit the store no longer holds the object, so the next change is handed over again.
        add("a", "w");
        add("a", "v");
        assertThat(counted.puts).isEqualTo(2);
        assertThat(flushed("a")).containsExactly("x", "y", "z", "w", "v");
    }

    @Test
    void aChangeAfterAnEarlyFlushByOtherKeysIsWrittenAgain() {
        add("a", "x");
        // With "a", the last of these is one beyond the bound.
        for (int i = 0; i < CommitTimeEncodingStore.MAX_PENDING_KEYS; i++) {
            store.put("other-" + i, new Tally());
        }
        assertThat(store.pendingWrites()).isZero();
        add("a", "y");
        assertThat(flushed("a")).containsExactly("x", "y");
    }

    @Test
    void aChangeAfterTheWriteThatFlushedEarlyIsWrittenAgain() {
        for (int i = 0; i < CommitTimeEncodingStore.MAX_PENDING_KEYS; i++) {
            store.put("other-" + i, new Tally());
        }
        // This write is the one beyond the bound: the store encodes it at once and holds nothing pending.
        add("a", "x");
        assertThat(store.pendingWrites()).isZero();
        add("a", "y");
        assertThat(store.pendingWrites()).isEqualTo(1);
        assertThat(flushed("a")).containsExactly("x", "y");
    }

    @Test
    void aChangeAfterADiscardOrADeleteIsWrittenAgain() {
        add("a", "x");
        store.flushCache();
        add("a", "y");
        Tally halfChanged = cache.get("a");
        halfChanged.items.add("half");
        cache.forget("a");
        assertThat(store.discard("a")).isTrue();
        add("a", "z");
        assertThat(flushed("a")).containsExactly("x", "z");

        add("b", "x");
        store.delete("b");
        assertThat(cache.get("b")).isNull();
        add("b", "y");
        assertThat(flushed("b")).containsExactly("y");
    }

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            seeds.add(seed * 7_919L);
        }
        return seeds;
    }

    /**
     * Random sequences of changes, commits, early flushes, half-changed failures and deletes by
     * another processor, against a model that writes every change: after each commit the store
     * holds exactly the model's values, and the cache never shows anything else.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyChangeReachesTheStoreWhateverHappensInBetween(long seed) {
        Random random = new Random(seed);
        List<String> keys = List.of(
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t");
        Map<String, List<String>> written = new HashMap<>();
        Map<String, List<String>> committed = new HashMap<>();
        int fillers = 0;
        for (int step = 0; step < 400; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            int op = random.nextInt(100);
            String context = "seed " + seed + ", step " + step + ", key " + key;
            if (op < 70) {
                String item = "i" + step;
                int pendingBefore = store.pendingWrites();
                add(key, item);
                written.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
                if (store.pendingWrites() < pendingBefore) {
                    // This write was the one beyond the bound: everything was encoded early.
                    committed.clear();
                    written.forEach((k, v) -> committed.put(k, List.copyOf(v)));
                }
            } else if (op < 80) {
                store.flushCache();
                committed.clear();
                written.forEach((k, v) -> committed.put(k, List.copyOf(v)));
                for (String k : keys) {
                    assertThat(flushed(k)).as(context).isEqualTo(written.get(k));
                }
            } else if (op < 84) {
                // Other writers fill the store up to its bound, so that the next new key makes it
                // encode early, and half of the time they are that next key.
                while (store.pendingWrites() < CommitTimeEncodingStore.MAX_PENDING_KEYS) {
                    store.put("filler-" + fillers++, new Tally());
                }
                if (random.nextBoolean()) {
                    store.put("filler-" + fillers++, new Tally());
                    committed.clear();
                    written.forEach((k, v) -> committed.put(k, List.copyOf(v)));
                }
            } else if (op < 94) {
                Tally tally = cache.get(key);
                if (tally != null) {
                    tally.items.add("half");
                    cache.forget(key);
                    if (store.discard(key)) {
                        List<String> before = committed.get(key);
                        if (before == null) {
                            written.remove(key);
                        } else {
                            written.put(key, new ArrayList<>(before));
                        }
                    }
                }
            } else {
                store.delete(key);
                written.remove(key);
                committed.remove(key);
            }
            Tally seen = cache.get(key);
            assertThat(seen == null ? null : seen.items).as(context).isEqualTo(written.get(key));
        }
        for (String k : keys) {
            assertThat(flushed(k)).as("seed " + seed + ", at the end, key " + k).isEqualTo(written.get(k));
        }
    }
}
