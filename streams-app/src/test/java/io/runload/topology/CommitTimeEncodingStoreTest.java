package io.runload.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store under the per-sample heart-rate state: writes stay objects until the commit, and
 * exactly the last value of each key reaches the store and its changelog then.
 */
class CommitTimeEncodingStoreTest {
    private static final String STORE = "counters";
    private static final String CHANGELOG = "encoding-test-" + STORE + "-changelog";

    /** A mutable value, as the heart-rate state is. */
    static final class Tally {
        final List<String> items = new ArrayList<>();
    }

    private final AtomicInteger encodings = new AtomicInteger();
    private final List<String> seenByProcessor = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, String> changelog;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /**
     * Each input value is a comma-separated list of commands on the record's key: an item to add
     * (the tally is written back after each), "fail" (throws half-way through a change, after which
     * the processor discards), "delete", or "check" (records what a read sees).
     */
    private void start() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(CommitTimeEncodingStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(),
                new CodecSerde<Tally>(
                        tally -> {
                            encodings.incrementAndGet();
                            return String.join(",", tally.items).getBytes(StandardCharsets.UTF_8);
                        },
                        bytes -> {
                            Tally tally = new Tally();
                            String text = new String(bytes, StandardCharsets.UTF_8);
                            if (!text.isEmpty()) {
                                tally.items.addAll(List.of(text.split(",")));
                            }
                            return tally;
                        }))));
        builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
                .process(
                        () -> new Processor<String, String, Void, Void>() {
                            private KeyValueStore<String, Tally> store;

                            @Override
                            public void init(ProcessorContext<Void, Void> context) {
                                store = context.getStateStore(STORE);
                            }

                            @Override
                            public void process(Record<String, String> record) {
                                for (String command : record.value().split(",", -1)) {
                                    switch (command) {
                                        case "delete" -> store.delete(record.key());
                                        case "check" -> {
                                            Tally tally = store.get(record.key());
                                            seenByProcessor.add(tally == null ? "-" : String.join("+", tally.items));
                                        }
                                        case "fail" -> {
                                            store.get(record.key()).items.add("half-done");
                                            assertThat(CommitTimeEncodingStore.under(store)
                                                            .discard(record.key()))
                                                    .isTrue();
                                        }
                                        default -> {
                                            Tally tally = store.get(record.key());
                                            if (tally == null) {
                                                tally = new Tally();
                                            }
                                            tally.items.add(command);
                                            store.put(record.key(), tally);
                                        }
                                    }
                                }
                            }
                        },
                        STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "encoding-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
        changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer());
    }

    private String stored(String key) {
        KeyValueStore<String, Tally> store = driver.getKeyValueStore(STORE);
        Tally tally = store.get(key);
        return tally == null ? null : String.join("+", tally.items);
    }

    @Test
    void manyWritesOfOneKeyBeforeACommitAreEncodedAndLoggedOnce() {
        start();
        // The test driver commits after every input record.
        input.pipeInput("a", "x,y,z,check");
        assertThat(seenByProcessor).containsExactly("x+y+z");
        assertThat(encodings).hasValue(1);
        assertThat(changelog.readKeyValuesToList())
                .extracting(kv -> kv.key + "=" + kv.value)
                .containsExactly("a=x,y,z");

        input.pipeInput("b", "p");
        input.pipeInput("a", "w");
        assertThat(encodings).hasValue(3);
        assertThat(changelog.readKeyValuesToList())
                .extracting(kv -> kv.key + "=" + kv.value)
                .containsExactly("b=p", "a=x,y,z,w");
        assertThat(stored("a")).isEqualTo("x+y+z+w");
    }

    @Test
    void aDiscardedHalfChangedValueNeverReachesTheStoreOrTheChangelog() {
        start();
        input.pipeInput("a", "x");
        changelog.readKeyValuesToList();
        // Written, then changed and failed half-way: the whole uncommitted value goes, the committed one stays.
        input.pipeInput("a", "y,fail,check");
        assertThat(seenByProcessor).containsExactly("x");
        assertThat(changelog.readKeyValuesToList()).isEmpty();
        assertThat(stored("a")).isEqualTo("x");
    }

    @Test
    void aDeleteRemovesTheUncommittedAndTheCommittedValue() {
        start();
        input.pipeInput("a", "x");
        input.pipeInput("a", "y,delete,check");
        assertThat(seenByProcessor).containsExactly("-");
        assertThat(stored("a")).isNull();
        assertThat(changelog.readKeyValuesToList())
                .extracting(kv -> kv.key + "=" + kv.value)
                .containsExactly("a=x", "a=null");

        input.pipeInput("a", "delete,z");
        assertThat(stored("a")).isEqualTo("z");
    }

    private static CommitTimeEncodingStore<Tally> standaloneStore() {
        CommitTimeEncodingStore<Tally> store = new CommitTimeEncodingStore<>(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(STORE),
                        Serdes.String(),
                        new CodecSerde<Tally>(
                                tally -> String.join(",", tally.items).getBytes(StandardCharsets.UTF_8), bytes -> {
                                    Tally tally = new Tally();
                                    tally.items.add(new String(bytes, StandardCharsets.UTF_8));
                                    return tally;
                                }))
                .withLoggingDisabled()
                .build());
        org.apache.kafka.streams.processor.api.MockProcessorContext<Void, Void> context =
                new org.apache.kafka.streams.processor.api.MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void uncommittedKeysAreEncodedEarlyBeyondTheBound() {
        CommitTimeEncodingStore<Tally> store = standaloneStore();
        for (int i = 0; i < CommitTimeEncodingStore.MAX_PENDING_KEYS; i++) {
            store.put("k" + i, new Tally());
        }
        assertThat(store.pendingWrites()).isEqualTo(CommitTimeEncodingStore.MAX_PENDING_KEYS);
        assertThat(store.approximateNumEntries()).isZero();
        store.put("one-more", new Tally());
        assertThat(store.pendingWrites()).isZero();
        assertThat(store.approximateNumEntries()).isEqualTo(CommitTimeEncodingStore.MAX_PENDING_KEYS + 1L);
        store.close();
    }

    @Test
    void anotherThreadReadsOnlyCommittedValues() throws Exception {
        CommitTimeEncodingStore<Tally> store = standaloneStore();
        Tally tally = new Tally();
        tally.items.add("x");
        store.put("a", tally);
        assertThat(store.get("a")).isSameAs(tally);
        assertThat(CompletableFuture.supplyAsync(() -> store.get("a")).get()).isNull();
        assertThat(store.pendingWrites()).isEqualTo(1);

        store.flushCache();
        assertThat(store.pendingWrites()).isZero();
        assertThat(CompletableFuture.supplyAsync(() -> store.get("a").items).get())
                .containsExactly("x");
        store.close();
    }
}
