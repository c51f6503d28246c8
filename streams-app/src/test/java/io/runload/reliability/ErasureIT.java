package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.ErasureOrigin;
import io.runload.avro.ErasureReceipt;
import io.runload.cli.RunLoadCli;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.StoredValues;
import io.runload.testing.TestApplications;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Erasure end to end against the broker: two athletes' history, {@code runload erase} for one of
 * them, then a wiped state directory and a full restore from the changelogs. Nothing of the erased
 * athlete comes back, in the stores, the changelogs (whose latest value per key is a tombstone) or
 * the API; the other athlete is restored identically.
 */
class ErasureIT {
    private static final String ERASED = "athlete-0";
    private static final String KEPT = "athlete-1";
    private static final List<String> STORES = List.of(
            StoreNames.PROFILE_HISTORY,
            StoreNames.HEART_RATE,
            StoreNames.HEART_RATE_RUNS,
            StoreNames.LEDGER,
            StoreNames.ALERT_LOG,
            StoreNames.RUN_SUMMARIES,
            StoreNames.WEEKLY_VOLUME,
            StoreNames.PENDING_RUNS,
            StoreNames.WATCHED_RUNS,
            StoreNames.RUN_HEART_RATE_RECORD,
            StoreNames.ALERTS);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void anErasedAthleteDoesNotComeBackFromAFullRestore() throws Exception {
        Properties settings = TestApplications.isolated("erasure");
        settings.setProperty("streams.max.task.idle.ms", "1000");
        settings.setProperty("runload.run.hr.wait", "PT0S"); // as ReferenceRun
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        ScriptedHistory history = ScriptedHistory.build(topics, registry, Instant.now(), 2);
        PublishedOutputs expected = ReferenceRun.of(history.all(), topics, registry);

        Map<String, String> erasedBefore;
        Map<String, String> keptBefore;
        Map<String, Set<String>> erasedLiveInChangelogsBefore;
        Map<String, Set<String>> keptInChangelogsBefore;
        String cliOutput;
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            for (List<ScriptedHistory.Input> batch : history.all()) {
                SharedKafkaBroker.produce(batch.stream()
                        .map(ScriptedHistory.Input::toProducerRecord)
                        .toList());
            }
            CommittedOutputReader.read(
                    SharedKafkaBroker.bootstrapServers(),
                    topics,
                    registry,
                    expected.counts(),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(2));
            erasedBefore = storeContents(app, ERASED);
            keptBefore = storeContents(app, KEPT);
            erasedLiveInChangelogsBefore = liveKeysInChangelogs(config, ERASED);
            keptInChangelogsBefore = liveKeysInChangelogs(config, KEPT);
            assertThat(perStore(erasedBefore))
                    .as("the history reaches these stores")
                    .containsKeys(
                            StoreNames.PROFILE_HISTORY,
                            StoreNames.HEART_RATE,
                            StoreNames.HEART_RATE_RUNS,
                            StoreNames.LEDGER,
                            StoreNames.ALERT_LOG,
                            StoreNames.RUN_SUMMARIES,
                            StoreNames.WEEKLY_VOLUME,
                            StoreNames.RUN_HEART_RATE_RECORD,
                            StoreNames.ALERTS);
            for (String resource : List.of("runs", "load", "alerts", "weekly-volume")) {
                assertThat(status(app, ERASED, resource)).as(resource).isEqualTo(200);
            }

            cliOutput = eraseWithTheCli(settings, ERASED);
            assertThat(cliOutput).startsWith("Erased: request ");

            assertThat(storeContents(app, ERASED))
                    .as("live stores right after the erasure")
                    .isEmpty();
            assertThat(storeContents(app, KEPT)).isEqualTo(keptBefore);
            for (String resource : List.of("runs", "load", "alerts", "weekly-volume")) {
                assertThat(status(app, ERASED, resource)).as(resource).isEqualTo(404);
                assertThat(status(app, KEPT, resource)).as(resource).isEqualTo(200);
            }
        }

        Path stateDir = config.stateDir();
        wipe(stateDir);
        assertThat(stateDir).doesNotExist();

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofMinutes(2));
            Map<String, String> erasedAfter = storeContents(app, ERASED);
            Map<String, String> keptAfter = storeContents(app, KEPT);
            Map<String, Set<String>> erasedLiveInChangelogsAfter = liveKeysInChangelogs(config, ERASED);
            Map<String, Set<String>> erasedTombstonedInChangelogs = tombstonedKeysInChangelogs(config, ERASED);
            Map<String, Set<String>> keptInChangelogsAfter = liveKeysInChangelogs(config, KEPT);
            for (String store : STORES) {
                System.out.printf(
                        "erasure: %-22s %s store %d -> %d, changelog live keys %d -> %d (latest a tombstone: %d); "
                                + "%s store %d -> %d, changelog live keys %d -> %d%n",
                        store,
                        ERASED,
                        perStore(erasedBefore).getOrDefault(store, 0),
                        perStore(erasedAfter).getOrDefault(store, 0),
                        size(erasedLiveInChangelogsBefore, store),
                        size(erasedLiveInChangelogsAfter, store),
                        size(erasedTombstonedInChangelogs, store),
                        KEPT,
                        perStore(keptBefore).getOrDefault(store, 0),
                        perStore(keptAfter).getOrDefault(store, 0),
                        size(keptInChangelogsBefore, store),
                        size(keptInChangelogsAfter, store));
            }
            assertThat(erasedAfter).as("restored stores").isEmpty();
            assertThat(erasedLiveInChangelogsAfter)
                    .as("changelog keys whose latest value is not a tombstone")
                    .isEmpty();
            erasedLiveInChangelogsBefore.forEach((store, keys) -> assertThat(erasedTombstonedInChangelogs.get(store))
                    .as("every key the athlete had in %s ends in a tombstone", store)
                    .containsAll(keys));
            assertThat(keptAfter)
                    .as("the other athlete is restored identically")
                    .isEqualTo(keptBefore);
            assertThat(keptInChangelogsAfter).isEqualTo(keptInChangelogsBefore);
            for (String resource : List.of("runs", "load", "alerts", "weekly-volume")) {
                assertThat(status(app, ERASED, resource)).as(resource).isEqualTo(404);
                assertThat(status(app, KEPT, resource)).as(resource).isEqualTo(200);
            }
        }

        // The compacted input topic: the latest value of the erased key is a tombstone.
        Map<String, byte[]> latestProfiles = latestPerKey(topics.athleteProfiles());
        assertThat(latestProfiles).containsKey(ERASED);
        assertThat(latestProfiles.get(ERASED))
                .as("latest profile of the erased athlete")
                .isNull();
        assertThat(latestProfiles.get(KEPT)).isNotNull();
        assertThat(cleanupPolicies(topics))
                .containsEntry(topics.athleteProfiles(), "compact")
                .containsEntry(topics.runSummaries(), "delete")
                .containsEntry(topics.weeklyVolume(), "delete")
                .containsEntry(topics.alerts(), "delete")
                .containsEntry(topics.deadLetters(), "delete");

        List<ErasureReceipt> receipts = receipts(topics, registry);
        assertThat(receipts).hasSize(1);
        ErasureReceipt receipt = receipts.get(0);
        assertThat(receipt.getAthleteId()).isEqualTo(ERASED);
        assertThat(cliOutput).contains(receipt.getRequestId());
        assertThat(receipt.getOrigin()).isEqualTo(ErasureOrigin.ERASURE_REQUEST);
        Map<String, Integer> cleared = new TreeMap<>(receipt.getStoresCleared());
        cleared.values().removeIf(n -> n == 0);
        assertThat(cleared).isEqualTo(perStore(erasedBefore));
        long keptInDlq =
                SharedKafkaBroker.consumeAll(topics.deadLetters(), Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                        .filter(r -> r.key() != null && ERASED.equals(new String(r.key(), StandardCharsets.UTF_8)))
                        .count();
        System.out.printf(
                "erasure: receipt %s; dead-lettered records of %s kept until retention: %d%n",
                receipt.getStoresCleared(), ERASED, keptInDlq);
    }

    private static String eraseWithTheCli(Properties settings, String athleteId) throws Exception {
        Path file = Files.createTempFile("runload-erase-", ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            settings.store(w, null);
        }
        var cli = RunLoadCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("erase", "--athlete-id", athleteId, "--wait", "PT90S", "--config", file.toString());
        assertThat(exit).as("exit code; stderr: " + err).isZero();
        return out.toString();
    }

    /** The athlete's entries in every store (key: store and key; value: its encoding or text), read through interactive queries. */
    private static Map<String, String> storeContents(RunLoadApplication app, String athleteId) {
        Map<String, String> all = new TreeMap<>();
        for (String store : STORES) {
            ReadOnlyKeyValueStore<String, Object> view = app.streams()
                    .store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            try (var it = view.all()) {
                it.forEachRemaining(kv -> {
                    if (ofAthlete(kv.key, athleteId)) {
                        all.put(store + " " + kv.key, StoredValues.fingerprint(kv.value));
                    }
                });
            }
        }
        return all;
    }

    private static int size(Map<String, Set<String>> keys, String store) {
        return keys.getOrDefault(store, Set.of()).size();
    }

    private static Map<String, Integer> perStore(Map<String, String> contents) {
        Map<String, Integer> counts = new TreeMap<>();
        contents.keySet().forEach(k -> counts.merge(k.split(" ", 2)[0], 1, Integer::sum));
        return counts;
    }

    private static boolean ofAthlete(String key, String athleteId) {
        return key.equals(athleteId) || key.startsWith(athleteId + '\u0000');
    }

    /** Per changelog, the athlete's keys whose latest record (read end to end, read_committed) has a value. */
    private static Map<String, Set<String>> liveKeysInChangelogs(RunLoadConfig config, String athleteId) {
        return keysInChangelogs(config, athleteId, true);
    }

    /** Per changelog, the athlete's keys whose latest record is a tombstone. */
    private static Map<String, Set<String>> tombstonedKeysInChangelogs(RunLoadConfig config, String athleteId) {
        return keysInChangelogs(config, athleteId, false);
    }

    private static Map<String, Set<String>> keysInChangelogs(RunLoadConfig config, String athleteId, boolean live) {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (String store : STORES) {
            String changelog = config.applicationId() + "-" + store + "-changelog";
            latestPerKey(changelog).forEach((key, value) -> {
                if (ofAthlete(key, athleteId) && (value != null) == live) {
                    keys.computeIfAbsent(store, s -> new TreeSet<>()).add(key);
                }
            });
        }
        return keys;
    }

    /** The latest value of every key of the topic, read from the beginning to its current end (null for a tombstone). */
    private static Map<String, byte[]> latestPerKey(String topic) {
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(SharedKafkaBroker.readCommittedConsumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime())
                        .as("read " + topic + " to its end in time")
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                }
            }
        }
        return latest;
    }

    private static List<ErasureReceipt> receipts(TopicNames topics, io.runload.serde.SchemaRegistryClient registry) {
        var deserializer = new SpecificAvroDeserializer<>(ErasureReceipt.class, registry);
        return SharedKafkaBroker.consumeAll(topics.erasureReceipts(), 1, Duration.ofSeconds(30)).stream()
                .map(r -> deserializer.deserialize(r.topic(), r.value()))
                .toList();
    }

    private static Map<String, String> cleanupPolicies(TopicNames topics) throws Exception {
        List<String> names = List.of(
                topics.athleteProfiles(),
                topics.runSummaries(),
                topics.weeklyVolume(),
                topics.alerts(),
                topics.deadLetters());
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()))) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
            Map<String, String> policies = new HashMap<>();
            configs.forEach((resource, c) ->
                    policies.put(resource.name(), c.get("cleanup.policy").value()));
            return policies;
        }
    }

    private static int status(RunLoadApplication app, String athleteId, String resource) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + app.httpPort() + "/api/athletes/" + athleteId + "/" + resource))
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void wipe(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
