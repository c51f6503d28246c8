package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.RunSummary;
import io.runload.cli.RunLoadCli;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.testing.TestRecords;
import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The operator's path for a fixable rejection: runs dead-lettered as {@code late} under a short
 * grace period are replayed with {@code runload replay-dlq --reason late} after the grace is raised,
 * and are then summarised; garbage with another reason stays in the DLQ.
 */
class ReplayDlqIT {

    @Test
    void lateRunsAreReplayedToTheirSourceTopicAfterTheGraceIsRaised() throws Exception {
        Properties settings = TestApplications.isolated("replay");
        settings.setProperty(RunLoadConfig.LATE_GRACE.key(), "P1D");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        WireEncoding wire = new WireEncoding(registry);
        Instant recent = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        String athlete = "replay-1";
        byte[] key = athlete.getBytes(StandardCharsets.UTF_8);

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            SharedKafkaBroker.produce(List.of(new ProducerRecord<>(
                    topics.runs(),
                    key,
                    wire.avro(
                            topics.runs(),
                            TestRecords.run(athlete, "recent", recent, 1800, 5000)
                                    .build()))));
            // Lateness is judged against the athlete's latest day when a run arrives: wait until the
            // recent run (which first waits out RUNLOAD_RUN_HR_WAIT, having no heart rate) is in the ledger.
            assertThat(SharedKafkaBroker.consumeAll(topics.runSummaries(), 1, Duration.ofSeconds(60)))
                    .hasSize(1);
            SharedKafkaBroker.produce(List.of(
                    new ProducerRecord<>(
                            topics.runs(),
                            key,
                            wire.avro(
                                    topics.runs(),
                                    TestRecords.run(athlete, "old-1", recent.minus(Duration.ofDays(5)), 1800, 5000)
                                            .build())),
                    new ProducerRecord<>(
                            topics.runs(),
                            key,
                            wire.avro(
                                    topics.runs(),
                                    TestRecords.run(athlete, "old-2", recent.minus(Duration.ofDays(6)), 2400, 6000)
                                            .build())),
                    new ProducerRecord<>(topics.runs(), key, new byte[] {5, 5, 5})));
            var dead = SharedKafkaBroker.consumeAll(topics.deadLetters(), 3, Duration.ofSeconds(60));
            assertThat(dead)
                    .extracting(d -> DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.REASON))
                    .containsExactlyInAnyOrder("late", "late", "bad_magic_byte");
        }

        settings.setProperty(RunLoadConfig.LATE_GRACE.key(), "P30D");
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            Path file = Files.createTempFile("runload-replay-", ".properties");
            Files.writeString(
                    file,
                    String.join(
                                    "\n",
                                    RunLoadConfig.BOOTSTRAP.key() + "=" + SharedKafkaBroker.bootstrapServers(),
                                    RunLoadConfig.REGISTRY.key() + "=" + config.schemaRegistryUrl(),
                                    RunLoadConfig.TOPIC_PREFIX.key() + "=" + config.topicPrefix())
                            + "\n");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream previous = System.out;
            int exit;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                exit = RunLoadCli.execute("replay-dlq", "--reason", "late", "--config", file.toString());
            } finally {
                System.setOut(previous);
            }
            String report = out.toString(StandardCharsets.UTF_8);
            System.out.print("replay-dlq: " + report);
            assertThat(exit).isZero();
            assertThat(report)
                    .contains("Replayed 2 record(s)")
                    .contains("{late=2}")
                    .contains("{bad_magic_byte=1}");

            var deserializer = new SpecificAvroDeserializer<>(RunSummary.class, registry);
            var summaries = SharedKafkaBroker.consumeAll(topics.runSummaries(), 3, Duration.ofSeconds(60));
            assertThat(summaries)
                    .extracting(r -> deserializer
                            .deserialize(topics.runSummaries(), r.value())
                            .getRunId())
                    .contains("recent", "old-1", "old-2");
            var replayed = SharedKafkaBroker.consumeAll(topics.runs(), 6, Duration.ofSeconds(10));
            assertThat(replayed).hasSize(6);
            assertThat(replayed.subList(4, 6)).allSatisfy(r -> {
                assertThat(r.headers().lastHeader("runload.replay.origin")).isNotNull();
                assertThat(r.key()).isEqualTo(key);
            });
            assertThat(SharedKafkaBroker.consumeAll(topics.deadLetters(), 4, Duration.ofSeconds(5)))
                    .hasSize(3);
        }
    }
}
