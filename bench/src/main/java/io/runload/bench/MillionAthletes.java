package io.runload.bench;

import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * A platform-sized population without processing its history: the changelog entries of a sample of
 * athletes that went through the real topology ({@link HistoryStateFootprint}) are copied under new
 * athlete ids into the changelogs of a fresh application, each copy on the partition its new id
 * hashes to, as if those athletes had lived through the same history. Copies keep their byte sizes:
 * new ids have the length of the sample's ids, and the sample id is replaced by the new one inside
 * the values too. Then one instance restores all partitions from the changelogs into an empty state
 * directory, and is restarted on its state until the first query is answered.
 */
final class MillionAthletes {
    private MillionAthletes() {}

    static Map<String, Object> measure(
            String bootstrap,
            Admin admin,
            CommittedProgress progress,
            Path work,
            HistoryStateFootprint.Result sample,
            String samplePrefix,
            int population)
            throws Exception {
        String prefix = "m-";
        if (prefix.length() != samplePrefix.length()) {
            throw new IllegalArgumentException("new ids must have the length of the sample's ids");
        }
        RunLoadConfig config = BenchRun.config(bootstrap, "million.", "runload-million", work.resolve("state-million"));
        BenchRun.ensureTopics(admin, config);
        int partitions = config.topicPartitions();
        List<String> stores = sample.snapshot().stores();
        List<NewTopic> changelogs = new ArrayList<>();
        for (String store : stores) {
            changelogs.add(
                    new NewTopic(ChangelogSnapshot.changelogTopic(config.applicationId(), store), partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")));
        }
        admin.createTopics(changelogs).all().get();

        List<List<ChangelogSnapshot.Entry>> templates =
                new ArrayList<>(sample.snapshot().byAthlete().values());
        List<byte[]> templateIds = new ArrayList<>();
        for (List<ChangelogSnapshot.Entry> entries : templates) {
            byte[] key = entries.get(0).key();
            int end = 0;
            while (end < key.length && key[end] != 0) {
                end++;
            }
            templateIds.add(java.util.Arrays.copyOf(key, end));
        }
        long t = System.nanoTime();
        long records = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            BenchAthletes ids = new BenchAthletes(prefix, population);
            for (int j = 0; j < population; j++) {
                byte[] id = ids.id(j).getBytes(StandardCharsets.UTF_8);
                int template = j % templates.size();
                byte[] old = templateIds.get(template);
                // Streams partitions the inputs by the athlete id, so its state lives on that partition.
                int partition = Utils.toPositive(Utils.murmur2(id)) % partitions;
                for (ChangelogSnapshot.Entry e : templates.get(template)) {
                    producer.send(new ProducerRecord<>(
                            ChangelogSnapshot.changelogTopic(config.applicationId(), e.store()),
                            partition,
                            replaced(e.key(), old, id),
                            replaced(e.value(), old, id)));
                    records++;
                }
            }
        }
        BenchRun.log(
                "1M: %,d changelog records for %,d athletes (copies of %,d sampled ones) written in %.1f s",
                records, population, templates.size(), (System.nanoTime() - t) / 1e9);
        long changelogBytes = logDirBytes(admin, config.applicationId(), stores);

        System.gc();
        long heapBefore = heapUsed();
        Path stateDir = work.resolve("state-million");
        t = System.nanoTime();
        double restoreSeconds;
        long heapAfter;
        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
            awaitQueryable(app.streams(), stores, partitions, Duration.ofMinutes(60));
            restoreSeconds = (System.nanoTime() - t) / 1e9;
            System.gc();
            heapAfter = heapUsed();
            BenchRun.leaveGroup(app.streams());
        }
        long rocksBytes = directoryBytes(stateDir);
        BenchRun.log(
                "1M: restored %,d athletes (all %d partitions, one instance, empty state directory) in %.1f s; "
                        + "changelogs %,d bytes on the broker, RocksDB %,d bytes on disk; heap after GC %,d bytes "
                        + "with the application (%,d before it started: broker, producers and the benchmark)",
                population, partitions, restoreSeconds, changelogBytes, rocksBytes, heapAfter, heapBefore);

        // Restart on the state just restored: from start to the first answered query.
        String athlete = new BenchAthletes(prefix, population).id(population / 2);
        t = System.nanoTime();
        double firstQuery;
        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
            firstQuery = awaitAnswer(app.httpPort(), athlete, Duration.ofMinutes(10), t);
            BenchRun.leaveGroup(app.streams());
        }
        BenchRun.log("1M: restart on its state: first query (%s runs) answered after %.2f s", athlete, firstQuery);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("million_athletes", population);
        out.put("restore_seconds_1m", round(restoreSeconds));
        out.put("rocksdb_bytes_1m", rocksBytes);
        out.put("changelog_bytes_1m", changelogBytes);
        out.put("heap_after_gc_bytes_1m", heapAfter - heapBefore);
        out.put("first_query_seconds_after_restart", round(firstQuery));
        return out;
    }

    /** {@code bytes} with every occurrence of {@code from} replaced by {@code to}, of the same length. */
    static byte[] replaced(byte[] bytes, byte[] from, byte[] to) {
        byte[] out = bytes.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            if (ByteBuffer.wrap(out, i, from.length).equals(ByteBuffer.wrap(from))) {
                System.arraycopy(to, 0, out, i, to.length);
                i += from.length - 1;
            }
        }
        return out;
    }

    /** Every store of every partition answers a query: restoration is over (a restoring store refuses). */
    private static void awaitQueryable(KafkaStreams streams, List<String> stores, int partitions, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> pending = new HashSet<>();
        for (String store : stores) {
            for (int p = 0; p < partitions; p++) {
                pending.add(store + "#" + p);
            }
        }
        while (!pending.isEmpty()) {
            pending.removeIf(entry -> {
                int hash = entry.lastIndexOf('#');
                try {
                    streams.store(StoreQueryParameters.fromNameAndType(
                                            entry.substring(0, hash), QueryableStoreTypes.keyValueStore())
                                    .withPartition(Integer.parseInt(entry.substring(hash + 1))))
                            .approximateNumEntries();
                    return true;
                } catch (InvalidStateStoreException notYet) {
                    // A store of another type (window, session) cannot be asked as a key-value store;
                    // Kafka Streams only says so once the store is there, so it counts as restored.
                    String message = String.valueOf(notYet.getMessage());
                    return message.contains("does not accept the actual store type");
                }
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("still restoring: " + pending);
            }
            Thread.sleep(20);
        }
    }

    private static double awaitAnswer(int port, String athlete, Duration timeout, long startNanos) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/athletes/" + athlete + "/runs"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode();
                if (last == 200) {
                    return (System.nanoTime() - startNanos) / 1e9;
                }
            } catch (java.io.IOException notListeningYet) {
                last = -1;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no answer for " + athlete + " (last status " + last + ")");
    }

    /** Bytes of the changelogs' partitions on the broker's disks. */
    private static long logDirBytes(Admin admin, String applicationId, List<String> stores) throws Exception {
        Set<String> topics = new HashSet<>();
        stores.forEach(s -> topics.add(ChangelogSnapshot.changelogTopic(applicationId, s)));
        long bytes = 0;
        var dirs = admin.describeLogDirs(admin.describeCluster().nodes().get().stream()
                        .map(n -> n.id())
                        .toList())
                .allDescriptions()
                .get();
        for (var broker : dirs.values()) {
            for (var dir : broker.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> r :
                        dir.replicaInfos().entrySet()) {
                    if (topics.contains(r.getKey().topic())) {
                        bytes += r.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    static long directoryBytes(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (java.io.IOException gone) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
