package io.runload.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Every store's state as its changelog holds it after compaction: the latest value of every key,
 * tombstones dropped, read back from the broker with read_committed. The bytes are exactly what a
 * restore writes into RocksDB, whatever the store's value encoding, so a store added to the topology
 * is measured without the benchmark knowing its types.
 */
final class ChangelogSnapshot {
    private static final String CHANGELOG_SUFFIX = "-changelog";

    /** store -> partition -> key -> value. */
    private final Map<String, Map<Integer, Map<ByteBuffer, byte[]>>> stores;

    private ChangelogSnapshot(Map<String, Map<Integer, Map<ByteBuffer, byte[]>>> stores) {
        this.stores = stores;
    }

    record StoreSize(String store, long entries, long athletes, long bytes) {}

    /**
     * The stores of the running application: those it reports metrics for (tag {@code <type>-state-id})
     * and those it created a changelog for. Instances report no store names through
     * {@code metadataForAllStreamsClients()} unless {@code application.server} is set.
     */
    static List<String> storeNames(KafkaStreams streams, Admin admin, String applicationId) throws Exception {
        Set<String> names = new TreeSet<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            names.addAll(m.stateStoreNames());
        }
        for (MetricName metric : streams.metrics().keySet()) {
            if (!"stream-state-metrics".equals(metric.group())) {
                continue;
            }
            metric.tags().forEach((tag, value) -> {
                if (tag.endsWith("-state-id")) {
                    names.add(value);
                }
            });
        }
        String prefix = applicationId + "-";
        for (String topic : admin.listTopics().names().get()) {
            if (topic.startsWith(prefix) && topic.endsWith(CHANGELOG_SUFFIX)) {
                names.add(topic.substring(prefix.length(), topic.length() - CHANGELOG_SUFFIX.length()));
            }
        }
        return List.copyOf(names);
    }

    /** Kafka Streams' naming rule for a store's changelog. */
    static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + CHANGELOG_SUFFIX;
    }

    static ChangelogSnapshot read(String bootstrap, Admin admin, String applicationId, Collection<String> storeNames)
            throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        Map<String, Map<Integer, Map<ByteBuffer, byte[]>>> stores = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String store : storeNames) {
                Map<Integer, Map<ByteBuffer, byte[]>> partitions = new HashMap<>();
                stores.put(store, partitions);
                String topic = changelogTopic(applicationId, store);
                if (!existing.contains(topic)) {
                    BenchRun.log("  %s has no changelog (logging disabled?): not measured", store);
                    continue;
                }
                List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
                Set<TopicPartition> open = new HashSet<>(tps);
                open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (!open.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("changelog " + topic + " not read to its end: " + open);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        Map<ByteBuffer, byte[]> entries =
                                partitions.computeIfAbsent(r.partition(), p -> new HashMap<>());
                        if (r.value() == null) {
                            entries.remove(ByteBuffer.wrap(r.key()));
                        } else {
                            entries.put(ByteBuffer.wrap(r.key()), r.value());
                        }
                    }
                    open.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
                }
            }
        }
        return new ChangelogSnapshot(stores);
    }

    List<String> stores() {
        return List.copyOf(stores.keySet());
    }

    /** Key + value bytes of the live entries of each store, and how many athletes they belong to. */
    Map<String, StoreSize> sizes() {
        Map<String, StoreSize> out = new LinkedHashMap<>();
        for (var store : stores.entrySet()) {
            long entries = 0;
            long bytes = 0;
            Set<ByteBuffer> athletes = new HashSet<>();
            for (Map<ByteBuffer, byte[]> partition : store.getValue().values()) {
                for (var e : partition.entrySet()) {
                    entries++;
                    bytes += e.getKey().remaining() + e.getValue().length;
                    athletes.add(athleteOf(e.getKey()));
                }
            }
            out.put(store.getKey(), new StoreSize(store.getKey(), entries, athletes.size(), bytes));
        }
        return out;
    }

    /** One changelog record of an athlete: which store and partition, key and value. */
    record Entry(String store, int partition, byte[] key, byte[] value) {}

    /** Every live entry, grouped by the athlete its key starts with (keys are athleteId or athleteId NUL suffix). */
    Map<ByteBuffer, List<Entry>> byAthlete() {
        Map<ByteBuffer, List<Entry>> out = new LinkedHashMap<>();
        for (var store : stores.entrySet()) {
            for (var partition : store.getValue().entrySet()) {
                for (var e : partition.getValue().entrySet()) {
                    byte[] key = new byte[e.getKey().remaining()];
                    e.getKey().duplicate().get(key);
                    out.computeIfAbsent(athleteOf(e.getKey()), a -> new ArrayList<>())
                            .add(new Entry(store.getKey(), partition.getKey(), key, e.getValue()));
                }
            }
        }
        return out;
    }

    private static ByteBuffer athleteOf(ByteBuffer key) {
        int end = key.position();
        while (end < key.limit() && key.get(end) != 0) {
            end++;
        }
        ByteBuffer athlete = key.duplicate();
        athlete.limit(end);
        return athlete.slice();
    }
}
