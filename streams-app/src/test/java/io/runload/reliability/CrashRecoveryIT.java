package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.serde.FakeConfluentRegistry;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.testing.SharedKafkaBroker;
import io.runload.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under a crash, in the style of Kafka's EOSUncleanShutdownIntegrationTest: two RunLoad
 * processes share a 4-partition input; one is SIGKILLed in the middle of a scripted history and a
 * third process restarts on its state directory. A read_committed consumer must then see exactly
 * what the TopologyTestDriver produces from the same history: every record, once, in order per athlete.
 */
class CrashRecoveryIT {

    @Test
    void aKilledInstanceLosesAndDuplicatesNothing() throws Exception {
        String unique = SharedKafkaBroker.uniqueTopic("crash");
        TopicNames topics = new TopicNames(unique + ".");
        Path work = Files.createTempDirectory("runload-crash-");
        try (FakeConfluentRegistry registryServer = new FakeConfluentRegistry()) {
            String registryUrl = registryServer.url().toString();
            SchemaRegistryClient registry = SchemaRegistryClients.forUrl(registryUrl);
            ScriptedHistory history = ScriptedHistory.build(topics, registry, Instant.now(), 6);
            PublishedOutputs expected = ReferenceRun.of(history.all(), topics, registry);
            assertThat(expected.count(PublishedOutputs.ALERTS))
                    .as("the history raises alerts")
                    .isPositive();

            Path config = work.resolve("streams.properties");
            // A dead member is noticed after 6 s instead of 45 s. A task whose heart-rate partition is
            // momentarily empty waits up to 3 s for it before taking a run event, so a run does not
            // overtake samples that are already produced but not yet fetched (3 s: 1 s proved too short
            // with both cores saturated).
            Files.writeString(config, """
                    streams.session.timeout.ms=6000
                    streams.heartbeat.interval.ms=1000
                    streams.max.task.idle.ms=3000
                    runload.run.hr.wait=PT0S
                    """);
            Map<String, String> common = new HashMap<>(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    SharedKafkaBroker.bootstrapServers(),
                    "SCHEMA_REGISTRY_URL",
                    registryUrl,
                    "RUNLOAD_APPLICATION_ID",
                    unique,
                    "RUNLOAD_TOPIC_PREFIX",
                    unique + ".",
                    "RUNLOAD_TOPIC_PARTITIONS",
                    "4",
                    "RUNLOAD_SIMULATOR_ENABLED",
                    "false",
                    "RUNLOAD_CONFIG_FILE",
                    config.toString(),
                    "RUNLOAD_ROCKSDB_BLOCK_CACHE_BYTES",
                    Integer.toString(16 << 20),
                    "RUNLOAD_ROCKSDB_WRITE_BUFFER_BYTES",
                    Integer.toString(8 << 20)));
            Map<String, String> a = new HashMap<>(common);
            a.put("RUNLOAD_STATE_DIR", work.resolve("state-a").toString());
            Map<String, String> b = new HashMap<>(common);
            b.put("RUNLOAD_STATE_DIR", work.resolve("state-b").toString());

            long t0 = System.nanoTime();
            try (RunLoadProcess first = RunLoadProcess.start("instance-a", a, work)) {
                first.awaitReady(Duration.ofSeconds(90));
                RunLoadProcess second = RunLoadProcess.start("instance-b", b, work);
                RunLoadProcess restarted = null;
                try {
                    second.awaitReady(Duration.ofSeconds(90));
                    first.awaitReady(Duration.ofSeconds(60));

                    produce(history.partOne(), new AtomicInteger());
                    awaitTrue(
                            () -> first.counter("runload_records_accepted_total") > 0
                                    && second.counter("runload_records_accepted_total") > 0,
                            Duration.ofSeconds(60),
                            "both instances process part one");
                    double secondBefore = second.counter("runload_records_accepted_total");

                    AtomicInteger produced = new AtomicInteger();
                    CompletableFuture<Void> partTwo =
                            CompletableFuture.runAsync(() -> produce(history.partTwo(), produced));
                    // Killed while it is busy with part two, so it dies with a transaction open.
                    awaitTrue(
                            () -> second.counter("runload_records_accepted_total") > secondBefore + 300,
                            Duration.ofSeconds(90),
                            "instance b is processing part two");
                    double acceptedByKilled = second.counter("runload_records_accepted_total");
                    second.kill();
                    int partTwoTotal =
                            history.partTwo().stream().mapToInt(List::size).sum();
                    System.out.printf(
                            "crash test: SIGKILL instance b after it accepted %.0f records; part two produced %d of %d%n",
                            acceptedByKilled, produced.get(), partTwoTotal);

                    restarted = RunLoadProcess.start("instance-b-restarted", b, work);
                    partTwo.get(120, TimeUnit.SECONDS);
                    restarted.awaitReady(Duration.ofMinutes(2));
                    assertThat(first.isAlive()).as("the survivor kept running").isTrue();

                    PublishedOutputs actual = CommittedOutputReader.read(
                            SharedKafkaBroker.bootstrapServers(),
                            topics,
                            registry,
                            expected.counts(),
                            Duration.ofSeconds(180),
                            Duration.ofSeconds(5));
                    PublishedOutputs.Discrepancy diff = PublishedOutputs.compare(expected, actual);
                    System.out.printf(
                            "crash test: records in %d, expected outputs %s, read_committed outputs %s, "
                                    + "missing %d, duplicated %d, %d s%n",
                            history.recordCount(),
                            expected.counts(),
                            actual.counts(),
                            diff.missing(),
                            diff.duplicated(),
                            (System.nanoTime() - t0) / 1_000_000_000);

                    assertThat(diff.examples())
                            .as("differences; instance a log:%n%s", first.logTail())
                            .isEmpty();
                    assertThat(diff.missing()).isZero();
                    assertThat(diff.duplicated()).isZero();
                    assertThat(actual.records())
                            .as("same records in the same order per athlete")
                            .isEqualTo(expected.records());
                    assertThat(actual.finalValues())
                            .as("final upsert values and alert ids")
                            .isEqualTo(expected.finalValues());
                    assertThat(new HashSet<>(actual.deadLetterOrigins()))
                            .as("each rejected input offset once")
                            .hasSameSizeAs(actual.deadLetterOrigins());
                } finally {
                    second.kill();
                    if (restarted != null) {
                        restarted.close();
                    }
                }
            }
        }
    }

    private static void produce(List<List<ScriptedHistory.Input>> batches, AtomicInteger produced) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(SharedKafkaBroker.producerConfig())) {
            for (List<ScriptedHistory.Input> batch : batches) {
                ScriptedHistory.produceBatch(producer, batch);
                produced.addAndGet(batch.size());
            }
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition condition, Duration timeout, String what) throws Exception {
        Awaitility.await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .pollInSameThread()
                .until(condition::holds);
    }
}
