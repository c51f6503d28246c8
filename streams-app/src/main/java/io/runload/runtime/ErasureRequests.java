package io.runload.runtime;

import io.runload.avro.ErasureReceipt;
import io.runload.avro.ErasureRequest;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Asks the pipeline to erase an athlete: one {@link ErasureRequest} on the erasures topic, and
 * optionally the wait for its {@link ErasureReceipt}.
 */
public final class ErasureRequests {
    /** The request as sent, and its receipt when it was awaited and arrived in time. */
    public record Outcome(String requestId, Optional<ErasureReceipt> receipt) {}

    private ErasureRequests() {}

    /** Sends the request; with a positive {@code wait}, reads the receipts topic until its receipt arrives or the wait ends. */
    public static Outcome request(
            String bootstrap,
            KafkaClientSettings client,
            TopicNames topics,
            SchemaRegistryClient registry,
            boolean autoRegister,
            String athleteId,
            Duration wait,
            Clock clock) {
        try {
            return requestOnce(bootstrap, client, topics, registry, autoRegister, athleteId, wait, clock);
        } catch (KafkaException e) {
            throw KafkaClientFailure.describe("request an erasure on " + topics.erasures(), e, client, bootstrap);
        }
    }

    private static Outcome requestOnce(
            String bootstrap,
            KafkaClientSettings client,
            TopicNames topics,
            SchemaRegistryClient registry,
            boolean autoRegister,
            String athleteId,
            Duration wait,
            Clock clock) {
        if (athleteId == null || athleteId.isBlank()) {
            throw new ConfigException("An athlete id is required");
        }
        String requestId = UUID.randomUUID().toString();
        ErasureRequest request = ErasureRequest.newBuilder()
                .setAthleteId(athleteId)
                .setRequestId(requestId)
                .setRequestedAt(Instant.ofEpochMilli(clock.millis()))
                .build();
        if (wait.isZero() || wait.isNegative()) {
            send(bootstrap, client, topics, registry, autoRegister, request);
            return new Outcome(requestId, Optional.empty());
        }
        try (KafkaConsumer<byte[], byte[]> receipts = new KafkaConsumer<>(
                client.forClient(
                        bootstrap,
                        Map.of(
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false)),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // Positioned at the end before the request goes out, so its receipt cannot be missed.
            List<TopicPartition> partitions =
                    receipts.partitionsFor(topics.erasureReceipts(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            receipts.assign(partitions);
            receipts.seekToEnd(partitions);
            partitions.forEach(receipts::position);
            send(bootstrap, client, topics, registry, autoRegister, request);
            var deserializer = new SpecificAvroDeserializer<>(ErasureReceipt.class, registry);
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : receipts.poll(Duration.ofMillis(200))) {
                    ErasureReceipt receipt = deserializer.deserialize(r.topic(), r.headers(), r.value());
                    if (receipt != null && requestId.equals(receipt.getRequestId())) {
                        return new Outcome(requestId, Optional.of(receipt));
                    }
                }
            }
            return new Outcome(requestId, Optional.empty());
        }
    }

    private static void send(
            String bootstrap,
            KafkaClientSettings client,
            TopicNames topics,
            SchemaRegistryClient registry,
            boolean autoRegister,
            ErasureRequest request) {
        var serializer = new SpecificAvroSerializer<>(ErasureRequest.class, registry, autoRegister);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                client.forClient(
                        bootstrap,
                        Map.of(
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                30_000)),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            String topic = topics.erasures();
            producer.send(new ProducerRecord<>(
                            topic,
                            null,
                            request.getRequestedAt().toEpochMilli(),
                            request.getAthleteId().getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(topic, request)))
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending the erasure request", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Could not send the erasure request to " + topics.erasures() + ": "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()),
                    e);
        }
    }
}
