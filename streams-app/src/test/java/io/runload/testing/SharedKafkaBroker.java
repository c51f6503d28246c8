package io.runload.testing;

import io.runload.runtime.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One embedded broker for the whole test JVM, so integration tests pay the start-up cost once.
 * Tests share it, so each test must use its own topics ({@link #uniqueTopic(String)}) and its own
 * group and transactional ids.
 */
public final class SharedKafkaBroker {

    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();
    private static EmbeddedKafkaBroker broker;

    private SharedKafkaBroker() {}

    /** The shared broker, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-broker-shutdown"));
            broker = started;
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * A topic name no other test gets: the prefix, a sequence number and a random suffix (the
     * random part keeps names apart if several test JVMs ever share one broker). Also usable for
     * application, group and transactional ids.
     */
    public static String uniqueTopic(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return cleaned + "-" + TOPIC_SEQUENCE.incrementAndGet() + "-" + suffix;
    }

    /** Creates a uniquely named topic on the shared broker and returns its name. */
    public static String createUniqueTopic(String prefix, int partitions) {
        String topic = uniqueTopic(prefix);
        broker().createTopics(partitions, topic);
        return topic;
    }

    /** Producer settings for the shared broker; callers copy them to add or override entries. */
    public static Map<String, Object> producerConfig() {
        return producerConfig(bootstrapServers());
    }

    /** Byte-array producer settings (idempotent, acks=all) for any broker. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
    }

    /** Consumer settings for the shared broker; see {@link #readCommittedConsumerConfig(String)}. */
    public static Map<String, Object> readCommittedConsumerConfig() {
        return readCommittedConsumerConfig(bootstrapServers());
    }

    /** Byte-array consumer settings that start from the earliest offset and see committed records only. */
    public static Map<String, Object> readCommittedConsumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
    }

    /** Sends the records (idempotent, acks=all) and waits until the broker has acknowledged all of them. */
    public static List<RecordMetadata> produce(Collection<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            List<RecordMetadata> acknowledged = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                acknowledged.add(future.get());
            }
            return acknowledged;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Producing failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public static RecordMetadata produce(String topic, byte[] key, byte[] value) {
        return produce(List.of(new ProducerRecord<>(topic, key, value))).get(0);
    }

    /** Reads the topic on the shared broker; see {@link #consumeAll(String, String, int, Duration)}. */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expectedCount, Duration timeout) {
        return consumeAll(bootstrapServers(), topic, expectedCount, timeout);
    }

    /**
     * Reads every partition of the topic from the beginning, with read_committed isolation and no
     * consumer group, until at least {@code expectedCount} records arrived or the timeout passed.
     * It returns what it read either way, so the caller's assertion shows what was missing.
     */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(
            String bootstrapServers, String topic, int expectedCount, Duration timeout) {
        Map<String, Object> config = readCommittedConsumerConfig(bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return received;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (received.size() < expectedCount && System.nanoTime() < deadline) {
                long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                consumer.poll(Duration.ofMillis(Math.min(200, remainingMillis))).forEach(received::add);
            }
        }
        return received;
    }

    // Topic metadata reaches the broker's cache shortly after creation, so ask until it shows up.
    private static List<TopicPartition> awaitPartitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
        List<TopicPartition> found = new ArrayList<>();
        Duration remaining = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        try {
            // The consumer is not thread-safe: ask from this thread, never from Awaitility's.
            Awaitility.await("partitions of " + topic)
                    .atMost(remaining)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .pollInSameThread()
                    .until(() -> {
                        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                        if (infos == null || infos.isEmpty()) {
                            return false;
                        }
                        infos.forEach(info -> found.add(new TopicPartition(topic, info.partition())));
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            return List.of();
        }
        return List.copyOf(found);
    }
}
