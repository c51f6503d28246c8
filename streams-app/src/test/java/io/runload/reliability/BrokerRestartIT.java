package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.runtime.EmbeddedKafkaBroker;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.topology.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The broker restarts while RunLoad runs (on a broker of its own, not the shared one): RunLoad rides
 * it out and its committed outputs equal the reference run's, so nothing was lost or repeated.
 */
class BrokerRestartIT {

    @Test
    void theApplicationRecoversFromABrokerRestartAndLosesNothing() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults())) {
            Properties settings = TestApplications.isolated("broker-restart");
            settings.setProperty(RunLoadConfig.BOOTSTRAP.key(), broker.bootstrapServers());
            // Right after the restart fetches are slow; a task waits this long for its heart-rate
            // partition before it takes a run event, so the comparison with the reference is about
            // losing and repeating records, not about which of two topics was fetched first.
            settings.setProperty("streams.max.task.idle.ms", "10000");
            settings.setProperty("runload.run.hr.wait", "PT0S"); // as ReferenceRun
            RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
            TopicNames topics = config.topics();
            var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
            ScriptedHistory history = ScriptedHistory.build(topics, registry, Instant.now(), 3);
            PublishedOutputs expected = ReferenceRun.of(history.all(), topics, registry);

            try (RunLoadApplication app = TestApplications.start(settings)) {
                TestApplications.awaitRunning(app, Duration.ofSeconds(60));
                produce(broker.bootstrapServers(), history.partOne());
                CrashRecoveryIT.awaitTrue(
                        () -> InputAccountingIT.counter(app, "runload.records.accepted") > 0,
                        Duration.ofSeconds(60),
                        "part one is being processed");

                long t0 = System.nanoTime();
                broker.restart();
                System.out.printf("broker restart: broker back after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                produce(broker.bootstrapServers(), history.partTwo());

                PublishedOutputs actual = CommittedOutputReader.read(
                        broker.bootstrapServers(),
                        topics,
                        registry,
                        expected.counts(),
                        Duration.ofSeconds(180),
                        Duration.ofSeconds(3));
                PublishedOutputs.Discrepancy diff = PublishedOutputs.compare(expected, actual);
                System.out.printf(
                        "broker restart: outputs %s, missing %d, duplicated %d%n",
                        actual.counts(), diff.missing(), diff.duplicated());
                assertThat(diff.examples()).isEmpty();
                assertThat(actual.records()).isEqualTo(expected.records());
                CrashRecoveryIT.awaitTrue(
                        () -> app.streams().state() == KafkaStreams.State.RUNNING,
                        Duration.ofSeconds(60),
                        "Kafka Streams is RUNNING again");
                assertThat(app.streams().metadataForLocalThreads()).hasSize(config.numStreamThreads());
            }
        }
    }

    private static void produce(String bootstrap, List<List<ScriptedHistory.Input>> batches) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(SharedKafkaBroker.producerConfig(bootstrap))) {
            for (List<ScriptedHistory.Input> batch : batches) {
                ScriptedHistory.produceBatch(producer, batch);
            }
        }
    }
}
