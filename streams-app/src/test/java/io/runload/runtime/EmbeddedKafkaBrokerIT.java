package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.testing.SharedKafkaBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaBrokerIT {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void transactionalRecordsOnFourPartitionsAreReadCommittedOnly() throws Exception {
        String topic = SharedKafkaBroker.createUniqueTopic("broker-it-eos", 4);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        assertThat(partitionCount(bootstrap, topic)).isEqualTo(4);

        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(bootstrap, topic + "-tx")) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed-a", 20, true);
            sendInTransaction(producer, topic, "aborted", 5, false);
            sendInTransaction(producer, topic, "committed-b", 20, true);
        }

        List<ConsumerRecord<byte[], byte[]>> records = SharedKafkaBroker.consumeAll(topic, 40, CONSUME_TIMEOUT);

        // 20 + 20 committed; the 5 aborted ones sit between them in the log and must be skipped.
        assertThat(values(records))
                .hasSize(40)
                .noneMatch(value -> value.startsWith("aborted"))
                .containsAll(expectedValues("committed-a", 20))
                .containsAll(expectedValues("committed-b", 20));
        // 40 distinct keys hash onto every one of the 4 partitions (murmur2 is deterministic).
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void restartKeepsCommittedDataAndPortsAndDeletesItsTemporaryDirectoryOnClose() {
        long startedAt = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        Path dataDirectory = broker.dataDirectory();
        try (broker) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(2, "restart-it");
            try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(bootstrap, "restart-it-tx")) {
                producer.initTransactions();
                sendInTransaction(producer, "restart-it", "before", 10, true);
            }

            long restartedAt = System.nanoTime();
            broker.restart();
            long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            log.info("Embedded broker start-up took {} ms; stop + start again took {} ms", startMillis, restartMillis);
            assertThat(startMillis).isLessThan(30_000);

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(values(SharedKafkaBroker.consumeAll(bootstrap, "restart-it", 10, CONSUME_TIMEOUT)))
                    .containsExactlyInAnyOrderElementsOf(expectedValues("before", 10));

            // The same transactional id after the restart: the transaction state topic survived.
            try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(bootstrap, "restart-it-tx")) {
                producer.initTransactions();
                sendInTransaction(producer, "restart-it", "after", 5, true);
            }
            assertThat(values(SharedKafkaBroker.consumeAll(bootstrap, "restart-it", 15, CONSUME_TIMEOUT)))
                    .hasSize(15)
                    .containsAll(expectedValues("after", 5));
        }
        assertThat(broker.isRunning()).isFalse();
        assertThat(dataDirectory).doesNotExist();
    }

    @Test
    void aFormattedDataDirectoryIsReusedByTheNextBroker(@TempDir Path dataDirectory) throws Exception {
        EmbeddedKafkaBroker.Settings settings = EmbeddedKafkaBroker.Settings.defaults()
                .withDataDirectory(dataDirectory)
                .withDefaultPartitions(3);
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(settings)) {
            first.createTopics(List.of(new NewTopic("reuse-it", Optional.empty(), Optional.empty())));
            try (KafkaProducer<byte[], byte[]> producer =
                    transactionalProducer(first.bootstrapServers(), "reuse-it-tx")) {
                producer.initTransactions();
                sendInTransaction(producer, "reuse-it", "kept", 3, true);
            }
        }
        assertThat(dataDirectory.resolve("meta.properties")).exists();

        // Formatting a formatted directory throws, so this start only works if the data is reused.
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(settings)) {
            List<ConsumerRecord<byte[], byte[]>> records =
                    SharedKafkaBroker.consumeAll(second.bootstrapServers(), "reuse-it", 3, CONSUME_TIMEOUT);
            assertThat(values(records)).containsExactlyInAnyOrderElementsOf(expectedValues("kept", 3));
            // Created without a count, so it got num.partitions = 3; creating it again changes nothing.
            second.createTopics(5, "reuse-it");
            assertThat(partitionCount(second.bootstrapServers(), "reuse-it")).isEqualTo(3);
        }
        assertThat(dataDirectory).exists();
    }

    @Test
    void aFixedBrokerPortThatIsTakenGivesAOneLineMessageNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                            EmbeddedKafkaBroker.Settings.defaults().withBrokerPort(port)))
                    .isInstanceOf(BrokerPortInUseException.class)
                    .hasMessage("Cannot start the embedded Kafka broker: broker port " + port
                            + " on 127.0.0.1 is already in use (pick another port, or 0 for a free one)")
                    .satisfies(e ->
                            assertThat(((BrokerPortInUseException) e).port()).isEqualTo(port));
        }
    }

    @Test
    void aFixedControllerPortThatIsTakenIsNamedToo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                            EmbeddedKafkaBroker.Settings.defaults().withControllerPort(port)))
                    .isInstanceOf(BrokerPortInUseException.class)
                    .hasMessageContaining("controller port " + port)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aPickedPortTakenBeforeKafkaBindsItIsReplacedByAFreshOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int takenPort = taken.getLocalPort();
            AtomicInteger picks = new AtomicInteger();
            // The first "free" port handed out is the taken one: the race ServerSocket(0) can lose.
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults(), () -> {
                if (picks.incrementAndGet() == 1) {
                    return takenPort;
                }
                try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    return free.getLocalPort();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (broker) {
                // Attempt 1 picks broker + controller (2 picks), attempt 2 picks two fresh ones.
                assertThat(picks.get()).isEqualTo(4);
                assertThat(broker.brokerPort()).isNotEqualTo(takenPort);
                broker.createTopics(1, "retry-it");
                try (KafkaProducer<byte[], byte[]> producer =
                        transactionalProducer(broker.bootstrapServers(), "retry-it-tx")) {
                    producer.initTransactions();
                    sendInTransaction(producer, "retry-it", "retried", 2, true);
                }
                assertThat(values(SharedKafkaBroker.consumeAll(
                                broker.bootstrapServers(), "retry-it", 2, CONSUME_TIMEOUT)))
                        .containsExactly("retried-0", "retried-1");
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(String bootstrap, String transactionalId) {
        Map<String, Object> config = new HashMap<>(SharedKafkaBroker.producerConfig(bootstrap));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(config);
    }

    private static void sendInTransaction(
            KafkaProducer<byte[], byte[]> producer, String topic, String prefix, int count, boolean commit) {
        producer.beginTransaction();
        for (String value : expectedValues(prefix, count)) {
            // A failed send fails commitTransaction, and an aborted batch is not meant to arrive anyway.
            var unused = producer.send(new ProducerRecord<>(topic, bytes(value), bytes(value)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static List<String> expectedValues(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int partitionCount(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
            return description.partitions().size();
        }
    }
}
