package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * In the style of Kafka's RestoreIntegrationTest: an instance loses its state directory, restores
 * from the changelogs, answers queries exactly as before, emits nothing again, and then processes
 * a re-sent run as if it had never lost anything (its alert log is back, so no alert repeats).
 */
class RestoreIT {

    @Test
    void aWipedStateDirectoryIsRestoredWithIdenticalQueriesAndNoRepeatedAlerts() throws Exception {
        Properties settings = TestApplications.isolated("restore");
        settings.setProperty("streams.max.task.idle.ms", "1000");
        settings.setProperty("runload.run.hr.wait", "PT0S"); // as ReferenceRun
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        ScriptedHistory history = ScriptedHistory.build(topics, registry, Instant.now(), 3);
        List<ScriptedHistory.Input> resent = history.all().stream()
                .flatMap(List::stream)
                .filter(in -> in.topic().equals(topics.runs()))
                .map(in -> new ScriptedHistory.Input(
                        in.topic(), in.key(), in.value(), Instant.now().toEpochMilli()))
                .toList();
        List<List<ScriptedHistory.Input>> withResend = new ArrayList<>(history.all());
        withResend.add(resent);
        PublishedOutputs expectedBefore = ReferenceRun.of(history.all(), topics, registry);
        PublishedOutputs expectedAfter = ReferenceRun.of(withResend, topics, registry);
        assertThat(expectedBefore.count(PublishedOutputs.ALERTS)).isPositive();

        Map<String, String> before;
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            produce(history.all());
            PublishedOutputs published = CommittedOutputReader.read(
                    SharedKafkaBroker.bootstrapServers(),
                    topics,
                    registry,
                    expectedBefore.counts(),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(2));
            assertThat(PublishedOutputs.compare(expectedBefore, published).examples())
                    .isEmpty();
            assertThat(published.records()).isEqualTo(expectedBefore.records());
            before = queryAll(app);
        }
        Path stateDir = config.stateDir();
        wipe(stateDir);
        assertThat(stateDir).doesNotExist();

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofMinutes(2));
            Map<String, String> after = queryAll(app);
            System.out.printf("restore: %d store entries restored identically%n", after.size());
            assertThat(after).isEqualTo(before);
            PublishedOutputs afterRestart = CommittedOutputReader.read(
                    SharedKafkaBroker.bootstrapServers(),
                    topics,
                    registry,
                    expectedBefore.counts(),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(3));
            assertThat(afterRestart.records())
                    .as("the restart re-emits nothing")
                    .isEqualTo(expectedBefore.records());

            produce(List.of(resent));
            PublishedOutputs afterResend = CommittedOutputReader.read(
                    SharedKafkaBroker.bootstrapServers(),
                    topics,
                    registry,
                    expectedAfter.counts(),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(3));
            assertThat(PublishedOutputs.compare(expectedAfter, afterResend).examples())
                    .isEmpty();
            assertThat(afterResend.records())
                    .as("same as a run that never lost its state")
                    .isEqualTo(expectedAfter.records());
            assertThat(afterResend.count(PublishedOutputs.ALERTS))
                    .isEqualTo(expectedBefore.count(PublishedOutputs.ALERTS));
        }
    }

    private static Map<String, String> queryAll(RunLoadApplication app) {
        Map<String, String> all = new TreeMap<>();
        for (String store : List.of(StoreNames.RUN_SUMMARIES, StoreNames.WEEKLY_VOLUME, StoreNames.ALERTS)) {
            ReadOnlyKeyValueStore<String, Object> view = app.streams()
                    .store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            try (var it = view.all()) {
                it.forEachRemaining(kv -> all.put(store + " " + kv.key, String.valueOf(kv.value)));
            }
        }
        return all;
    }

    private static void produce(List<List<ScriptedHistory.Input>> batches) {
        for (List<ScriptedHistory.Input> batch : batches) {
            SharedKafkaBroker.produce(
                    batch.stream().map(ScriptedHistory.Input::toProducerRecord).toList());
        }
    }

    private static void wipe(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
